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
      if (settings.aotCache()) trainAot(settings, root, work, http, events, childEnv, report);
      cold(settings, root, work, http, events, childEnv, report,
          settings.aotCache() ? List.of(PLAIN, AOT) : List.of(PLAIN));
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

  /** A way of starting a JVM that the cold rounds compare: plain, or with an archive ({cache} = its file). */
  record Variant(String label, List<String> flags) {}

  static final Variant PLAIN = new Variant("", List.of());
  static final Variant AOT = new Variant(" with AOT cache", List.of("-XX:AOTCache={cache}"));

  /**
   * Rounds of fresh JVMs: the floor and every function, in every variant, all in the same rounds and in an order
   * rotated every round, so that a slow spell of this shared machine hits every contestant alike.
   */
  private static void cold(Settings s, Path root, Path work, List<Conf.Fn> fns, Map<String, Path> events,
      Map<String, String> env, Report report, List<Variant> variants) throws IOException {
    record Contestant(String name, Variant variant) {}
    List<Contestant> contestants = new ArrayList<>();
    for (Variant v : variants) {
      contestants.add(new Contestant(Report.FLOOR, v));
      fns.forEach(f -> contestants.add(new Contestant(f.name(), v)));
    }
    Map<Contestant, List<double[]>> samples = new LinkedHashMap<>();
    contestants.forEach(c -> samples.put(c, new ArrayList<>()));
    System.out.println("==> cold starts: " + s.rounds() + " rounds of " + contestants.size() + " JVMs ("
        + (variants.size() > 1 ? "plain and with AOT cache, " : "") + "floor and " + fns.size() + " functions)");
    for (int round = 0; round < s.rounds(); round++) {
      for (int k = 0; k < contestants.size(); k++) {
        Contestant c = contestants.get((k + round) % contestants.size());
        List<String> flags = new ArrayList<>(LAMBDA_FLAGS);
        for (String f : c.variant().flags()) {
          flags.add(f.replace("{cache}", work.resolve("aot").resolve(c.name() + ".aot").toString()));
        }
        Child.Result r = coldChild(s, root, work, fns, events, env, c.name(), flags, 120);
        Child.Line line = r.first("cold ");
        String[] f = line.text().split(" ");
        double total = (line.arrivedNanos() - r.startedNanos()) / 1e6;
        double toMain = Long.parseLong(f[1]) - r.startedMillis();
        double init = Long.parseLong(f[2]) - Long.parseLong(f[1]);
        double invoke = Long.parseLong(f[3]) - Long.parseLong(f[2]);
        samples.get(c).add(new double[] {total, toMain, init, invoke, f[4].equals("?") ? 0 : Double.parseDouble(f[4])});
      }
    }
    samples.forEach((c, list) -> report.cold(c.variant().label(), c.name(), list));
  }

  /** One cold child: the floor, or a function's jar answering its first event (with a fresh idempotency key). */
  private static Child.Result coldChild(Settings s, Path root, Path work, List<Conf.Fn> fns, Map<String, Path> events,
      Map<String, String> env, String name, List<String> flags, long timeoutSeconds) throws IOException {
    if (name.equals(Report.FLOOR)) {
      List<String> floorArgs = List.of(TABLE, Keys.ticketPk(TENANT, 1), "#TICKET");
      return Child.run(s.java(), flags, s.floorJar().toString(), FLOOR, floorArgs, env, timeoutSeconds);
    }
    Conf.Fn fn = fns.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    Path event = work.resolve("events").resolve("cold-" + name + ".json");
    Files.write(event, LambdaSim.uniqueIdempotencyKey(Files.readAllBytes(events.get(fn.events().getFirst()))));
    return Child.run(s.java(), flags, s.runnerClassPath(), SIM,
        List.of("cold", fn.jar(root).toString(), fn.handler(), event.toString()), env, timeoutSeconds);
  }

  /**
   * A JDK AOT cache (JEP 483/514/515) per function and for the floor, each made by one training run of the same
   * child (-XX:AOTCacheOutput), for the cold rounds' AOT variant. It shows what such an archive gives here; see the
   * README for why it is not shipped to Lambda.
   */
  private static void trainAot(Settings s, Path root, Path work, List<Conf.Fn> fns, Map<String, Path> events,
      Map<String, String> env, Report report) throws IOException {
    Files.createDirectories(work.resolve("aot"));
    System.out.println("==> AOT cache training runs");
    List<String> names = new ArrayList<>(List.of(Report.FLOOR));
    fns.forEach(f -> names.add(f.name()));
    for (String name : names) {
      Path cache = work.resolve("aot").resolve(name + ".aot");
      Files.deleteIfExists(cache);
      List<String> train = new ArrayList<>(LAMBDA_FLAGS);
      train.add("-XX:AOTCacheOutput=" + cache);
      coldChild(s, root, work, fns, events, env, name, train, 300).first("cold ");
      report.aotCacheSize(name, Files.size(cache));
    }
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
