package dev.portal.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.portal.bench.runtime.LambdaSim;
import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.local.DemoTenant;
import dev.portal.local.EmbeddedDynamo;
import dev.portal.local.LocalLambdaContext;
import dev.portal.shared.http.Json;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.Keys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make bench}. One DynamoDB Local for the whole run, seeded with the demo tenant and one ticket; then, for every
 * function in bench/functions.conf: cold starts of its deployable jar in fresh JVMs (and of the bare-SDK floor in the
 * same rounds), warm handler latency against a bare replay of the same DynamoDB requests, and per operation the
 * DynamoDB requests, consumed capacity and items read; then the cost table. Prints a table, writes JSON.
 *
 * <p>A benchmark, not a test: it reports what it measured and never fails on a timing. It fails only when it cannot
 * measure (a jar missing, a child that printed no answer).
 */
public final class Bench {
  static final String TABLE = "portal-bench";
  static final String CURSOR_SECRET = "bench-cursor-secret-0123456789-0123456789";
  static final String TENANT = DemoTenant.TENANT;
  /** What template.yaml sets in JAVA_TOOL_OPTIONS for every function; the bench uses the same for every child. */
  static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
  static final String SIM = "dev.portal.bench.runtime.LambdaSim";
  static final String FLOOR = "dev.portal.bench.floor.Floor";

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("portal.root", ".")).toAbsolutePath().normalize();
    Settings settings = Settings.fromEnv(root);
    Conf conf = Conf.read(root.resolve("bench/functions.conf"));
    for (Conf.Fn fn : conf.functions()) {
      if (fn.kind() == Conf.Kind.HTTP && !Files.isRegularFile(fn.jar(root))) {
        throw new IllegalStateException(fn.jar(root) + " is missing: run make build (or make test) first");
      }
    }
    Path work = root.resolve("bench/target/run");
    Files.createDirectories(work.resolve("events"));

    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    EmbeddedDynamo dynamo = EmbeddedDynamo.start(null, 0);
    System.setProperty("aws.endpointUrlDynamoDb", dynamo.endpoint());
    try (var db = EmbeddedDynamo.client()) {
      EmbeddedDynamo.ensureTable(db, TABLE);
    }
    Map<String, String> childEnv = new LinkedHashMap<>();
    childEnv.put("TABLE_NAME", TABLE);
    childEnv.put("CURSOR_SECRET", CURSOR_SECRET);
    childEnv.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint());
    childEnv.put("AWS_REGION", "us-east-1");
    childEnv.put("AWS_ACCESS_KEY_ID", "test");
    childEnv.put("AWS_SECRET_ACCESS_KEY", "test");
    childEnv.put("LOG_LEVEL", "INFO");

    Report report = new Report(settings, root);
    try (ApplicationContext context = ApplicationContext.builder()
        .properties(Map.of("table.name", TABLE, "cursor.secret", CURSOR_SECRET)).start()) {
      Json json = context.getBean(Json.class);
      String ticketId = seed(context, root);
      System.out.println("==> seeded tenant " + TENANT + ", client " + DemoTenant.CLIENT_ID + ", ticket " + ticketId
          + " on " + dynamo.endpoint());
      Map<String, Path> events = prepareEvents(conf, root, work, ticketId);
      if (args.length > 0 && args[0].equals("serve")) {
        // For profiling one child by hand: the seeded emulator stays up until the process is stopped.
        System.out.println("==> serving " + dynamo.endpoint() + "; prepared events in " + work.resolve("events"));
        Thread.currentThread().join();
      }

      List<Conf.Fn> http = conf.functions().stream().filter(f -> f.kind() == Conf.Kind.HTTP).toList();
      cold(settings, root, work, http, events, childEnv, report, List.of(), "");
      if (settings.aotCache()) aot(settings, root, work, http, events, childEnv, report);
      for (Conf.Fn fn : http) warm(settings, root, fn, events, childEnv, report, json, settings.warmup(), settings.iterations());
      // Email hook: an email line runs the same warm child (any RequestHandler<I, O> works), whose output gives
      // messages/second (1 / mean handler time) and the JVM's peak heap. Its first event must be the 25 MB mail's
      // event, with the mail already where the function reads it (see bench/README.md); until then it is pending.
      for (Conf.Fn fn : conf.functions()) {
        if (fn.kind() != Conf.Kind.EMAIL) continue;
        if (Files.isRegularFile(fn.jar(root)) && events.containsKey(fn.events().getFirst())) {
          // A 25 MB mail per invocation: a few, not thousands.
          warm(settings, root, fn, events, childEnv, report, json, 3, settings.emailIterations());
          report.email(fn.name());
        } else {
          report.emailPending(fn);
        }
      }
    } finally {
      dynamo.close();
    }
    report.print(System.out);
    Path out = root.resolve("bench/results/latest.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.json());
    System.out.println("==> wrote " + root.relativize(out));
    System.exit(0);
  }

  /** The demo tenant (as local mode seeds it) and one ticket created through the create-ticket handler. */
  private static String seed(ApplicationContext context, Path root) throws IOException {
    DemoTenant.seed(context.getBean(DirectoryStore.class));
    byte[] raw = Files.readAllBytes(root.resolve("events/create-ticket.json"));
    APIGatewayV2HTTPEvent event = JacksonFactory.getInstance().getSerializer(APIGatewayV2HTTPEvent.class)
        .fromJson(new String(LambdaSim.uniqueIdempotencyKey(raw), StandardCharsets.UTF_8));
    APIGatewayV2HTTPResponse r = new CreateTicketFunction(context).handleRequest(event, new LocalLambdaContext("seed"));
    if (r.getStatusCode() != 201) throw new IllegalStateException("seeding the ticket failed: " + r.getBody());
    JsonNode body = context.getBean(Json.class).parse(r.getBody().getBytes(StandardCharsets.UTF_8));
    return body.get("id").getStringValue();
  }

  /** Copies of the events with the seeded ticket's id in place of the placeholder. */
  private static Map<String, Path> prepareEvents(Conf conf, Path root, Path work, String ticketId) throws IOException {
    Map<String, Path> prepared = new LinkedHashMap<>();
    for (Conf.Fn fn : conf.functions()) {
      for (String e : fn.events()) {
        // events/ holds the samples the functions ship with; bench/events/ the routes that have none there yet.
        Path source = root.resolve("events").resolve(e);
        if (!Files.isRegularFile(source)) source = root.resolve("bench/events").resolve(e);
        if (!Files.isRegularFile(source)) {
          if (fn.kind() == Conf.Kind.EMAIL) continue;
          throw new IllegalStateException(source + " is missing (bench/functions.conf, " + fn.name() + ")");
        }
        Path target = work.resolve("events").resolve(e);
        Files.writeString(target, Files.readString(source).replace("tk-1-demo", ticketId));
        prepared.put(e, target);
      }
    }
    return prepared;
  }

  /**
   * Rounds of fresh JVMs: the floor and then every function, in an order rotated each round so that a slow spell of
   * this shared machine does not always hit the same function.
   */
  private static void cold(Settings s, Path root, Path work, List<Conf.Fn> fns, Map<String, Path> events,
      Map<String, String> env, Report report, List<String> extraFlags, String variant) throws IOException {
    Map<String, List<double[]>> samples = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    names.add(Report.FLOOR);
    fns.forEach(f -> names.add(f.name()));
    for (String n : names) samples.put(n, new ArrayList<>());
    List<String> floorArgs = List.of(TABLE, Keys.ticketPk(TENANT, 1), "#TICKET");
    System.out.println("==> cold starts" + variant + ": " + s.rounds() + " rounds of " + names);
    for (int round = 0; round < s.rounds(); round++) {
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((k + round) % names.size());
        List<String> flags = new ArrayList<>(LAMBDA_FLAGS);
        flags.addAll(aotFlags(extraFlags, work, name));
        Child.Result r;
        if (name.equals(Report.FLOOR)) {
          r = Child.run(s.java(), flags, s.floorJar().toString(), FLOOR, floorArgs, env, 120);
        } else {
          Conf.Fn fn = fns.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
          Path event = work.resolve("events").resolve("cold-" + name + ".json");
          Files.write(event, LambdaSim.uniqueIdempotencyKey(Files.readAllBytes(events.get(fn.events().getFirst()))));
          r = Child.run(s.java(), flags, s.runnerClassPath(), SIM,
              List.of("cold", fn.jar(root).toString(), fn.handler(), event.toString()), env, 120);
        }
        Child.Line line = r.first("cold ");
        String[] f = line.text().split(" ");
        double total = (line.arrivedNanos() - r.startedNanos()) / 1e6;
        double toMain = Long.parseLong(f[1]) - r.startedMillis();
        double init = Long.parseLong(f[2]) - Long.parseLong(f[1]);
        double invoke = Long.parseLong(f[3]) - Long.parseLong(f[2]);
        samples.get(name).add(new double[] {total, toMain, init, invoke, Double.parseDouble(f[4].equals("?") ? "0" : f[4])});
      }
    }
    samples.forEach((name, list) -> report.cold(variant, name, list));
  }

  private static List<String> aotFlags(List<String> template, Path work, String name) {
    List<String> out = new ArrayList<>();
    for (String t : template) out.add(t.replace("{cache}", work.resolve("aot").resolve(name + ".aot").toString()));
    return out;
  }

  /**
   * The same cold starts with a JDK AOT cache (JEP 483/514/515) per function, made by one training run of the same
   * child (-XX:AOTCacheOutput) and used with -XX:AOTCache. It only shows what such an archive would give here: see the
   * README for why it is not shipped to Lambda.
   */
  private static void aot(Settings s, Path root, Path work, List<Conf.Fn> fns, Map<String, Path> events,
      Map<String, String> env, Report report) throws IOException {
    Files.createDirectories(work.resolve("aot"));
    System.out.println("==> AOT cache training runs");
    List<String> floorArgs = List.of(TABLE, Keys.ticketPk(TENANT, 1), "#TICKET");
    List<String> train = new ArrayList<>(LAMBDA_FLAGS);
    train.add("-XX:AOTCacheOutput=" + work.resolve("aot").resolve(Report.FLOOR + ".aot"));
    Child.run(s.java(), train, s.floorJar().toString(), FLOOR, floorArgs, env, 300).first("cold ");
    for (Conf.Fn fn : fns) {
      train = new ArrayList<>(LAMBDA_FLAGS);
      train.add("-XX:AOTCacheOutput=" + work.resolve("aot").resolve(fn.name() + ".aot"));
      Path event = work.resolve("events").resolve("cold-" + fn.name() + ".json");
      Files.write(event, LambdaSim.uniqueIdempotencyKey(Files.readAllBytes(events.get(fn.events().getFirst()))));
      Child.run(s.java(), train, s.runnerClassPath(), SIM,
          List.of("cold", fn.jar(root).toString(), fn.handler(), event.toString()), env, 300).first("cold ");
      report.aotCacheSize(fn.name(), Files.size(work.resolve("aot").resolve(fn.name() + ".aot")));
    }
    cold(s, root, work, fns, events, env, report, List.of("-XX:AOTCache={cache}"), " with AOT cache");
  }

  private static void warm(Settings s, Path root, Conf.Fn fn, Map<String, Path> events, Map<String, String> env,
      Report report, Json json, int warmup, int iterations) {
    System.out.println("==> warm and cost: " + fn.name() + " (" + warmup + " warm-up, " + iterations
        + " timed invocations, each followed by a bare replay)");
    List<String> args = new ArrayList<>(List.of("warm", fn.jar(root).toString(), fn.handler(), s.probeJar().toString(),
        Integer.toString(warmup), Integer.toString(iterations), events.get(fn.events().getFirst()).toString()));
    for (String e : fn.events()) args.add(events.get(e).toString());
    Child.Result r = Child.run(s.java(), LAMBDA_FLAGS, s.runnerClassPath(), SIM, args, env, 1800);
    for (Child.Line line : r.all("cost ")) {
      String[] f = line.text().split(" ");
      byte[] body = Base64.getDecoder().decode(f.length > 4 ? f[4] : "");
      report.cost(fn.name(), f[1], Integer.parseInt(f[2]), f[3], itemsReturned(json, Integer.parseInt(f[2]), body));
    }
    String[] f = r.first("warm ").text().split(" ");
    report.warm(fn.name(), Integer.parseInt(f[1]), Integer.parseInt(f[2]), micros(f[3]), micros(f[4]),
        Long.parseLong(f[5]));
  }

  /** What the API answered: the length of a page's items, one for a single resource, none for an error. */
  private static int itemsReturned(Json json, int status, byte[] body) {
    if (status >= 300 || body.length == 0) return 0;
    JsonNode node = json.parse(body);
    JsonNode items = node.get("items");
    return items != null && items.isArray() ? items.size() : 1;
  }

  private static double[] micros(String joined) {
    String[] parts = joined.split(",");
    double[] us = new double[parts.length];
    for (int i = 0; i < parts.length; i++) us[i] = Long.parseLong(parts[i]);
    return us;
  }

  /** Knobs (environment) and where the bench's own jars are. */
  record Settings(Path java, int rounds, int warmup, int iterations, int emailIterations, boolean aotCache,
      Path floorJar, Path probeJar, String runnerClassPath, String machine, Instant started) {
    static Settings fromEnv(Path root) {
      Map<String, String> env = System.getenv();
      Path target = root.resolve("bench/target");
      String runtime = read(target.resolve("runtime.classpath"));
      return new Settings(Path.of(System.getProperty("java.home"), "bin", "java"),
          Integer.parseInt(env.getOrDefault("BENCH_ROUNDS", "7")),
          Integer.parseInt(env.getOrDefault("BENCH_WARMUP", "500")),
          Integer.parseInt(env.getOrDefault("BENCH_ITERATIONS", "2000")),
          Integer.parseInt(env.getOrDefault("BENCH_EMAIL_ITERATIONS", "20")),
          !"0".equals(env.getOrDefault("BENCH_AOT", "1")),
          target.resolve("floor.jar"), jar(target, "probe"),
          jar(target, "runner") + File.pathSeparator + runtime.strip(),
          describeMachine(), Instant.now());
    }

    private static Path jar(Path target, String classifier) {
      try (var files = Files.list(target)) {
        return files.filter(p -> p.getFileName().toString().endsWith("-" + classifier + ".jar")).findFirst()
            .orElseThrow(() -> new IllegalStateException("bench/target has no *-" + classifier + ".jar: build first"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String read(Path p) {
      try {
        return Files.readString(p);
      } catch (IOException e) {
        throw new UncheckedIOException(p + ": build the bench module first", e);
      }
    }

    private static String describeMachine() {
      String cpu = "unknown CPU";
      try {
        Matcher m = Pattern.compile("model name\\s*:\\s*(.+)").matcher(Files.readString(Path.of("/proc/cpuinfo")));
        if (m.find()) cpu = m.group(1).strip();
      } catch (IOException | RuntimeException e) {
        // not Linux: the CPU stays unknown
      }
      return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
          + System.getProperty("os.version") + ", " + System.getProperty("java.vm.name") + " "
          + System.getProperty("java.runtime.version");
    }
  }
}
