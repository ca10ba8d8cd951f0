package dev.portal.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.portal.bench.runtime.LambdaSim;
import dev.portal.fn.billing.BillingFunction;
import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.local.DemoTenant;
import dev.portal.local.EmulatorTable;
import dev.portal.local.LocalLambdaContext;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Role;
import dev.portal.shared.http.Json;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.PortalTable;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * {@code make bench}. One moto server (started by scripts/bench.sh) for the whole run, with a
 * seeded table per stage ({@link Stage}: one for the floor, one per function's cold rounds, one per
 * function's warm run); for every function in bench/functions.conf: cold starts of its deployable
 * jar in fresh JVMs (and of the bare-SDK floor in the same rounds), warm handler latency against a
 * bare replay of the same AWS requests, and per operation the AWS requests, the DynamoDB request
 * units computed from item sizes (the probe's Capacity; moto's own reported capacity beside them,
 * not used) and items read; then the cost table. Prints tables, writes JSON.
 *
 * <p>A benchmark, not a test: it reports what it measured and never fails on a timing. It fails
 * only when it cannot measure (a jar missing, a child that printed no answer).
 */
public final class Bench {
  static final String TABLE = "portal-bench";
  static final String CURSOR_SECRET = "bench-cursor-secret-0123456789-0123456789";
  static final String TENANT = DemoTenant.TENANT;

  /**
   * A start that is not a SnapStart restore (an unpublished version, or SnapStart off): Lambda's
   * java25 runtime stops tiered compilation at C1 by default there ("Customize Java runtime startup
   * behavior for Lambda functions"), so the cold rounds, the floor's included, use it.
   */
  static final List<String> COLD_FLAGS =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

  /**
   * What answers warm requests in production: a container restored from a SnapStart snapshot, where
   * java25 leaves the JVM's default full tiered compilation on (template.yaml sets no
   * JAVA_TOOL_OPTIONS); the warm and email children use it.
   */
  static final List<String> WARM_FLAGS = List.of("-XX:+TieredCompilation");

  static final String SIM = "dev.portal.bench.runtime.LambdaSim";
  static final String FLOOR = "dev.portal.bench.floor.Floor";

  /**
   * The seeded tickets' create: a 1 KB description, the size issue 14's write-cost targets are
   * stated for, so the comment and status change on DEMO-1 are measured on such a ticket.
   */
  static final String SEED_TICKET_EVENT = "create-ticket-1kb.json";

  /** Tickets each seeded table holds: a full page of the ticket list's event (limit=10). */
  static final int SEEDED_TICKETS = 10;

  /**
   * The cold children's mail numbers and dedupe keys (after the warm child's), and where their
   * mails go.
   */
  private static final AtomicLong COLD_SEQ = new AtomicLong();

  private static final AtomicReference<MailFixtures> COLD_MAIL = new AtomicReference<>();

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("portal.root", ".")).toAbsolutePath().normalize();
    // The jars the children run (function jars, floor, probe, runner), laid out as in the tree:
    // scripts/bench.sh points
    // this at its snapshot of them, so that a `make test` or `make build` in the same tree during
    // the run (which
    // rewrites functions/*/target and bench/target) cannot hand a child a half-written jar.
    Path artifacts =
        Path.of(System.getProperty("portal.artifacts", root.toString()))
            .toAbsolutePath()
            .normalize();
    Settings settings = Settings.fromEnv(artifacts);
    Conf conf =
        Conf.read(root.resolve("bench/functions.conf"))
            .only(System.getenv().getOrDefault("BENCH_FUNCTIONS", ""));
    for (Conf.Fn fn : conf.functions()) {
      if (!Files.isRegularFile(fn.jar(artifacts))) {
        throw new IllegalStateException(
            fn.jar(artifacts) + " is missing: run make build (or make test) first");
      }
      // Deployed as its entries in /var/task (functions/function.mk), so loaded from them here too.
      dev.portal.local.TaskDirectory.unpack(fn.jar(artifacts), fn.task(artifacts));
    }
    Path work = root.resolve("bench/target/run");
    Files.createDirectories(work.resolve("events"));

    // In-process and before moto is busy: what reading a typical and an adversarial reply costs
    // (seconds).
    int mailIterations = MailParseBench.iterations();
    List<MailParseBench.Row> mailRows = MailParseBench.run(System.out, mailIterations);

    // DynamoDB, S3, SQS and SES v2 are all moto's (scripts/bench.sh starts it on a free port and
    // exports
    // AWS_ENDPOINT_URL, which the children inherit).
    String moto = EmulatorTable.requireEndpoint(System.getenv());
    Map<String, String> childEnv = new LinkedHashMap<>();
    childEnv.put("TABLE_NAME", TABLE);
    childEnv.put("CURSOR_SECRET", CURSOR_SECRET);
    childEnv.put("AWS_ENDPOINT_URL_DYNAMODB", moto);
    childEnv.put("AWS_REGION", "us-east-1");
    childEnv.put("AWS_ACCESS_KEY_ID", "test");
    childEnv.put("AWS_SECRET_ACCESS_KEY", "test");
    childEnv.put("LOG_LEVEL", "INFO");
    MailFixtures mail = MailFixtures.create(moto);
    childEnv.putAll(mail.env());

    Report report = new Report(settings, root, artifacts);
    conf.functions().forEach(f -> report.kind(f.name(), f.kind()));
    int coldChildren =
        settings.rounds() * (settings.aotCache() ? 2 : 1) + (settings.aotCache() ? 1 : 0);
    long warmMails = 1 + settings.emailWarmup() + 1 + settings.emailIterations();
    COLD_SEQ.set(
        warmMails + MailFixtures.MAILS_PER_SENDER - warmMails % MailFixtures.MAILS_PER_SENDER);
    List<Conf.Fn> fns = conf.functions();
    // Every cold child (the floor's aside) takes the next number, so inbound-email's last cold mail
    // is numbered up to the cold children of all functions past COLD_SEQ: its sender must be
    // seeded.
    long contacts =
        (COLD_SEQ.get() + (long) coldChildren * fns.size()) / MailFixtures.MAILS_PER_SENDER + 1;
    COLD_MAIL.set(mail);
    // The floor's cold rounds read the shared table; every function's cold rounds get a table of
    // their own, seeded alike, and its warm run another, fresh one (so that its cost rows are a
    // seeded table's first writes, as before). moto's TransactWriteItems deep-copies the table once
    // per action and its Query reads every item of it, so on one table every function would be
    // slowed by what the functions before it wrote: the cold children's first calls by every other
    // function's cold writes (which DynamoDB's do not), and in the warm runs moto's memory grew
    // past 20 GB, killed by the kernel, in a run of 300 iterations per function.
    try (Stage stage = Stage.open(TABLE, root, work.resolve("events"), fns, contacts, mail)) {
      System.out.println(
          "==> seeded tenant "
              + TENANT
              + ", client "
              + DemoTenant.CLIENT_ID
              + ", contract "
              + stage.seeded().contractId()
              + ", ticket "
              + stage.seeded().ticketId()
              + ", invoice "
              + stage.seeded().invoiceId()
              + ", mailbox "
              + DemoTenant.MAILBOX
              + " in table "
              + TABLE
              + " on moto "
              + moto);
      if (args.length > 0 && args[0].equals("serve")) {
        // For profiling one child by hand: the seeded emulator stays up until the process is
        // stopped.
        System.out.println(
            "==> serving moto " + moto + "; prepared events in " + work.resolve("events"));
        Thread.currentThread().join();
      }
      try (ColdTables cold = new ColdTables(new LinkedHashMap<>())) {
        for (Conf.Fn fn : fns) {
          cold.byFunction()
              .put(
                  fn.name(),
                  Stage.open(
                      TABLE + "-cold-" + fn.name(),
                      root,
                      work.resolve("events").resolve("cold").resolve(fn.name()),
                      List.of(fn),
                      contacts,
                      mail));
        }
        System.out.println("==> seeded each function's cold table: " + TABLE + "-cold-<function>");
        if (settings.aotCache())
          trainAot(settings, artifacts, work, fns, cold.byFunction(), childEnv, report);
        cold(
            settings,
            artifacts,
            work,
            fns,
            cold.byFunction(),
            childEnv,
            report,
            settings.aotCache() ? List.of(PLAIN, AOT) : List.of(PLAIN));
      }
    }
    for (Conf.Fn fn : fns) {
      try (Stage stage =
          Stage.open(
              TABLE + "-" + fn.name(),
              root,
              work.resolve("events").resolve(fn.name()),
              List.of(fn),
              contacts,
              mail)) {
        warmStage(settings, artifacts, work, fn, stage, childEnv, report, mail, warmMails);
      }
    }
    report.print(System.out);
    MailParseBench.print(System.out, mailRows, mailIterations);
    Path out = root.resolve("bench/results/latest.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.json());
    System.out.println("==> wrote " + root.relativize(out));
    System.exit(0);
  }

  /**
   * A function's warm run (and its JIT lines) on its own table; for the email line, with the
   * typical and the large mails written first and the mail log read after.
   */
  private static void warmStage(
      Settings settings,
      Path artifacts,
      Path work,
      Conf.Fn fn,
      Stage stage,
      Map<String, String> childEnv,
      Report report,
      MailFixtures mail,
      long warmMails)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>(childEnv);
    env.put("TABLE_NAME", stage.table());
    Json json = stage.context().getBean(Json.class);
    Map<String, Path> events = stage.events();
    if (fn.kind() != Conf.Kind.EMAIL) {
      warm(
          settings,
          artifacts,
          fn,
          events,
          env,
          report,
          json,
          fn.warmup(settings.warmup()),
          fn.iterations(settings.iterations()),
          List.of(),
          List.of());
      if (settings.jitFunctions().contains(fn.name())) {
        jit(settings, artifacts, fn, events, env, report);
      }
      return;
    }
    // Email: a new typical mail per invocation (pre-written, numbered as the child's @SEQ@
    // counts), then the
    // large mails, each a new 25 MB message, in the same JVM with a fixed maximum heap (stated
    // in the report).
    System.out.println(
        "==> writing "
            + warmMails
            + " typical mails and "
            + settings.emailLarge()
            + " 25 MB mails into moto's bucket "
            + MailFixtures.MAIL_BUCKET);
    mail.putTypical(0, warmMails);
    long largeBytes = 0;
    for (int n = 0; n < settings.emailLarge(); n++) largeBytes = mail.putLarge(n, work);
    Path large = work.resolve("events").resolve("inbound-email-large.json");
    Files.writeString(
        large,
        Files.readString(events.get(fn.events().getFirst()))
            .replace(MailFixtures.typicalKey("@SEQ@"), MailFixtures.largeKey("@LARGE@")));
    List<String> flags = List.of("-Xmx" + settings.emailXmx());
    warm(
        settings,
        artifacts,
        fn,
        events,
        env,
        report,
        json,
        settings.emailWarmup(),
        settings.emailIterations(),
        flags,
        List.of("--large", Integer.toString(settings.emailLarge()), large.toString()));
    Map<MailOutcome, List<MailLogEntry>> mailLog =
        mailLog(stage.context().getBean(MailStore.class));
    report.email(
        fn.name(),
        warmMails,
        mail.typical(0).length,
        largeBytes,
        "-Xmx" + settings.emailXmx(),
        outcomes(mailLog),
        retriedTickets(mailLog));
  }

  /**
   * The functions' cold tables, each deleted on close; a table that fails to close does not keep
   * the others (or an exception already thrown) from being seen.
   */
  record ColdTables(Map<String, Stage> byFunction) implements AutoCloseable {
    @Override
    public void close() {
      RuntimeException failed = null;
      for (Stage stage : byFunction.values()) {
        try {
          stage.close();
        } catch (RuntimeException e) {
          if (failed == null) failed = e;
          else failed.addSuppressed(e);
        }
      }
      if (failed != null) throw failed;
    }
  }

  /** What the events refer to: the seeded contract, ticket and invoice. */
  record Seeded(String contractId, String ticketId, String invoiceId) {}

  /**
   * A portal table on moto, created and seeded ({@link #seed}), the events of {@code fns} prepared
   * against it in {@code eventsDir}, and an application context on it (for seeding and for reading
   * it back). Closing it deletes the table, so that moto frees its items.
   */
  record Stage(String table, ApplicationContext context, Seeded seeded, Map<String, Path> events)
      implements AutoCloseable {
    static Stage open(
        String table,
        Path root,
        Path eventsDir,
        List<Conf.Fn> fns,
        long contacts,
        MailFixtures mail)
        throws IOException {
      // Without the stream that template.yaml's table has: nothing here reads it (the outbox's
      // event is
      // a prepared stream batch), a stream costs a write nothing in AWS, and moto keeps every
      // stream
      // record of the table and deep-copies them with the table for each action of a transaction,
      // so
      // with it a write's time and moto's memory grew with every write before it (12.5 GB, killed
      // by the kernel, in a run of all functions).
      try (DynamoDbClient db = EmulatorTable.client()) {
        db.createTable(
            PortalTable.createTableRequest(table).toBuilder()
                .streamSpecification((StreamSpecification) null)
                .build());
      }
      ApplicationContext context =
          ApplicationContext.builder()
              .properties(
                  Map.of(
                      "table.name",
                      table,
                      "cursor.secret",
                      CURSOR_SECRET,
                      "files.bucket",
                      MailFixtures.FILES_BUCKET,
                      "mail.bucket",
                      MailFixtures.MAIL_BUCKET,
                      "outbound.queue.url",
                      mail.outboundQueueUrl))
              .start();
      try {
        Seeded seeded = seed(context, root, contacts);
        Files.createDirectories(eventsDir);
        return new Stage(table, context, seeded, prepareEvents(fns, root, eventsDir, seeded));
      } catch (IOException | RuntimeException e) {
        context.close();
        throw e;
      }
    }

    @Override
    public void close() {
      context.close();
      try (DynamoDbClient db = EmulatorTable.client()) {
        db.deleteTable(r -> r.tableName(table));
      }
    }
  }

  /**
   * The demo tenant as local mode seeds it (client, contacts, support contract, mailbox), {@code
   * contacts} more contacts of Globex for the inbound mails (bench0@globex.example, ...), {@link
   * #SEEDED_TICKETS} tickets created through the create-ticket handler (the first, DEMO-1, is the
   * one the events name; all under the contract) and one invoice through the billing handler.
   */
  private static Seeded seed(ApplicationContext context, Path root, long contacts)
      throws IOException {
    DirectoryStore directory = context.getBean(DirectoryStore.class);
    DemoTenant.seed(directory);
    DemoTenant.seedContract(context.getBean(ContractStore.class));
    context
        .getBean(MailStore.class)
        .registerMailbox(new Mailbox(DemoTenant.MAILBOX, TENANT, Instant.now()));
    for (long k = 0; k < contacts; k++) {
      directory.createContact(
          TENANT,
          new Contact(
              MailFixtures.sender(k * MailFixtures.MAILS_PER_SENDER),
              "Bench Contact " + k,
              DemoTenant.CLIENT_ID,
              Role.CLIENT,
              Instant.now()));
    }
    Json json = context.getBean(Json.class);
    CreateTicketFunction create = new CreateTicketFunction(context);
    APIGatewayV2HTTPResponse r =
        create.handle(event(root, SEED_TICKET_EVENT, "", ""), new LocalLambdaContext("seed"));
    if (r.getStatusCode() != 201)
      throw new IllegalStateException("seeding the ticket failed: " + r.getBody());
    String ticketId =
        json.parse(r.getBody().getBytes(StandardCharsets.UTF_8)).get("id").getStringValue();
    // More tickets, so that the ticket list (ticket-status-list.json asks for 10) reads a full
    // page.
    for (int k = 1; k < SEEDED_TICKETS; k++) {
      r = create.handle(event(root, SEED_TICKET_EVENT, "", ""), new LocalLambdaContext("seed"));
      if (r.getStatusCode() != 201)
        throw new IllegalStateException("seeding a ticket failed: " + r.getBody());
    }
    r =
        new BillingFunction(context)
            .handle(
                event(root, "billing-create-invoice.json", "tk-1-demo", ticketId),
                new LocalLambdaContext("seed"));
    if (r.getStatusCode() != 201)
      throw new IllegalStateException("seeding the invoice failed: " + r.getBody());
    String invoiceId =
        json.parse(r.getBody().getBytes(StandardCharsets.UTF_8)).get("id").getStringValue();
    return new Seeded("ct_demo_globex", ticketId, invoiceId);
  }

  private static APIGatewayV2HTTPEvent event(
      Path root, String file, String placeholder, String value) throws IOException {
    Path sample = root.resolve("events").resolve(file);
    if (!Files.isRegularFile(sample)) sample = root.resolve("bench/events").resolve(file);
    String raw = Files.readString(sample);
    if (!placeholder.isEmpty()) raw = raw.replace(placeholder, value);
    return JacksonFactory.getInstance()
        .getSerializer(APIGatewayV2HTTPEvent.class)
        .fromJson(
            new String(
                LambdaSim.uniqueIdempotencyKey(raw.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
  }

  /** The inbound mail log by outcome, read once after the run. */
  private static Map<MailOutcome, List<MailLogEntry>> mailLog(MailStore store) {
    Map<MailOutcome, List<MailLogEntry>> log = new LinkedHashMap<>();
    for (MailOutcome outcome : MailOutcome.values()) {
      List<MailLogEntry> all = new ArrayList<>();
      String cursor = null;
      do {
        Page<MailLogEntry> page = store.mailLog(TENANT, outcome, 100, cursor);
        all.addAll(page.items());
        cursor = page.nextCursor();
      } while (cursor != null);
      log.put(outcome, all);
    }
    return log;
  }

  /** The mail log's counts by outcome: every measured mail must be a ticket, none a duplicate. */
  private static Map<String, Integer> outcomes(Map<MailOutcome, List<MailLogEntry>> log) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    log.forEach((outcome, entries) -> counts.put(outcome.wire(), entries.size()));
    return counts;
  }

  /**
   * Duplicates logged for a mail whose S3 object also has a ticket entry: not a second delivery but
   * the SDK's retry of a ticket transaction that moto committed before the client's read timeout
   * (moto ignores the ClientRequestToken that makes such a retry succeed on AWS), refused as the
   * claim had been completed ({@code TicketStore.ClaimLost}).
   */
  private static int retriedTickets(Map<MailOutcome, List<MailLogEntry>> log) {
    Set<String> ticketed = new HashSet<>();
    for (MailLogEntry e : log.get(MailOutcome.TICKET)) ticketed.add(e.rawKey());
    int n = 0;
    for (MailLogEntry e : log.get(MailOutcome.DUPLICATE))
      if (e.rawKey() != null && ticketed.contains(e.rawKey())) n++;
    return n;
  }

  /** Placeholders of the sample events, and what replaces them here. */
  private static String placeholders(String text, Seeded seeded) {
    return text.replace("tk-1-demo", seeded.ticketId())
        .replace("ct_placeholder", seeded.contractId())
        .replace("inv_placeholder", seeded.invoiceId())
        // inbound-email-sqs.json: the bench's bucket, and a new typical mail per invocation
        // (LambdaSim.fresh)
        .replace("portal-mail-local", MailFixtures.MAIL_BUCKET)
        .replace("raw/o3vrnil0e2ic28trm7dfhrc2v0cnbeccl4nbp0g1", MailFixtures.typicalKey("@SEQ@"))
        .replace("o3vrnil0e2ic28trm7dfhrc2v0cnbeccl4nbp0g1", "bench-@SEQ@")
        // notifier-sqs.json: a new acknowledgement per invocation (one dedupe key is sent once)
        .replace("ack-1", "bench-ack-@SEQ@");
  }

  /**
   * Copies of the events of {@code fns} with the seeded ids in place of the placeholders, in {@code
   * dir}.
   */
  private static Map<String, Path> prepareEvents(
      List<Conf.Fn> fns, Path root, Path dir, Seeded seeded) throws IOException {
    Map<String, Path> prepared = new LinkedHashMap<>();
    for (Conf.Fn fn : fns) {
      for (String e : fn.events()) {
        // events/ holds the samples the functions ship with; bench/events/ the routes that have
        // none there yet.
        Path source = root.resolve("events").resolve(e);
        if (!Files.isRegularFile(source)) source = root.resolve("bench/events").resolve(e);
        if (!Files.isRegularFile(source)) {
          if (fn.kind() == Conf.Kind.EMAIL) continue;
          throw new IllegalStateException(
              source + " is missing (bench/functions.conf, " + fn.name() + ")");
        }
        Path target = dir.resolve(e);
        Files.writeString(target, placeholders(Files.readString(source), seeded));
        prepared.put(e, target);
      }
    }
    return prepared;
  }

  /**
   * A way of starting a JVM that the cold rounds compare: plain, or with an archive ({cache} = its
   * file).
   */
  record Variant(String label, List<String> flags) {}

  static final Variant PLAIN = new Variant("", List.of());
  static final Variant AOT = new Variant(" with AOT cache", List.of("-XX:AOTCache={cache}"));

  /**
   * Rounds of fresh JVMs: the floor and every function, in every variant, all in the same rounds
   * and in an order rotated every round, so that a slow spell of this shared machine hits every
   * contestant alike.
   */
  private static void cold(
      Settings s,
      Path artifacts,
      Path work,
      List<Conf.Fn> fns,
      Map<String, Stage> stages,
      Map<String, String> env,
      Report report,
      List<Variant> variants)
      throws IOException {
    record Contestant(String name, Variant variant) {}
    List<Contestant> contestants = new ArrayList<>();
    for (Variant v : variants) {
      contestants.add(new Contestant(Report.FLOOR, v));
      fns.forEach(f -> contestants.add(new Contestant(f.name(), v)));
    }
    Map<Contestant, List<double[]>> samples = new LinkedHashMap<>();
    contestants.forEach(c -> samples.put(c, new ArrayList<>()));
    System.out.println(
        "==> cold starts: "
            + s.rounds()
            + " rounds of "
            + contestants.size()
            + " JVMs ("
            + (variants.size() > 1 ? "plain and with AOT cache, " : "")
            + "floor and "
            + fns.size()
            + " functions)");
    for (int round = 0; round < s.rounds(); round++) {
      for (int k = 0; k < contestants.size(); k++) {
        Contestant c = contestants.get((k + round) % contestants.size());
        List<String> flags = new ArrayList<>(COLD_FLAGS);
        for (String f : c.variant().flags()) {
          flags.add(
              f.replace("{cache}", work.resolve("aot").resolve(c.name() + ".aot").toString()));
        }
        Child.Result r = coldChild(s, artifacts, work, fns, stages, env, c.name(), flags, 120);
        Child.Line line = r.first("cold ", c.name());
        String[] f = line.text().split(" ");
        double total = (line.arrivedNanos() - r.startedNanos()) / 1e6;
        double toMain = Long.parseLong(f[1]) - r.startedMillis();
        double init = Long.parseLong(f[2]) - Long.parseLong(f[1]);
        double invoke = Long.parseLong(f[3]) - Long.parseLong(f[2]);
        // Classes loaded up to the response (LambdaSim.classesLoaded); 0 if a child printed none.
        double classes =
            r.all("classes ").stream()
                .findFirst()
                .map(l -> Double.parseDouble(l.text().substring("classes ".length()).strip()))
                .orElse(0.0);
        samples
            .get(c)
            .add(new double[] {total, toMain, init, invoke, Double.parseDouble(f[4]), classes});
      }
    }
    samples.forEach((c, list) -> report.cold(c.variant().label(), c.name(), list));
  }

  /**
   * One cold child: the floor, or a function's jar answering its first event (with a fresh
   * idempotency key).
   */
  private static Child.Result coldChild(
      Settings s,
      Path artifacts,
      Path work,
      List<Conf.Fn> fns,
      Map<String, Stage> stages,
      Map<String, String> env,
      String name,
      List<String> flags,
      long timeoutSeconds)
      throws IOException {
    if (name.equals(Report.FLOOR)) {
      List<String> floorArgs = List.of(TABLE, Keys.ticketPk(TENANT, 1), "#TICKET");
      return Child.run(
          s.java(), flags, s.floorJar().toString(), FLOOR, floorArgs, env, timeoutSeconds);
    }
    Conf.Fn fn = fns.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    Stage stage = stages.get(name);
    Map<String, String> fnEnv = new LinkedHashMap<>(env);
    fnEnv.put("TABLE_NAME", stage.table());
    Path event = work.resolve("events").resolve("cold-" + name + ".json");
    // A new request every time: idempotency key, and for the SQS functions a new mail or dedupe key
    // (@SEQ@).
    long seq = COLD_SEQ.getAndIncrement();
    if (fn.kind() == Conf.Kind.EMAIL) COLD_MAIL.get().putTypical(seq, seq + 1);
    Files.writeString(
        event,
        new String(
                LambdaSim.uniqueIdempotencyKey(
                    Files.readAllBytes(stage.events().get(fn.events().getFirst()))),
                StandardCharsets.UTF_8)
            .replace("@SEQ@", Long.toString(seq)));
    return Child.run(
        s.java(),
        flags,
        s.runnerClassPath(),
        SIM,
        List.of("cold", fn.task(artifacts).toString(), fn.handler(), event.toString()),
        fnEnv,
        timeoutSeconds);
  }

  /**
   * A JDK AOT cache (JEP 483/514/515) per function and for the floor, each made by one training run
   * of the same child (-XX:AOTCacheOutput), for the cold rounds' AOT variant. It shows what such an
   * archive gives here; see the README for why it is not shipped to Lambda.
   */
  private static void trainAot(
      Settings s,
      Path artifacts,
      Path work,
      List<Conf.Fn> fns,
      Map<String, Stage> stages,
      Map<String, String> env,
      Report report)
      throws IOException {
    Files.createDirectories(work.resolve("aot"));
    System.out.println("==> AOT cache training runs");
    List<String> names = new ArrayList<>(List.of(Report.FLOOR));
    fns.forEach(f -> names.add(f.name()));
    for (String name : names) {
      Path cache = work.resolve("aot").resolve(name + ".aot");
      Files.deleteIfExists(cache);
      List<String> train = new ArrayList<>(COLD_FLAGS);
      train.add("-XX:AOTCacheOutput=" + cache);
      coldChild(s, artifacts, work, fns, stages, env, name, train, 300).first("cold ");
      report.aotCacheSize(name, Files.size(cache));
    }
  }

  /**
   * The JIT question of issue 14: the same warm run with C1 only (java25's default without
   * SnapStart) and with full tiered compilation (its default with SnapStart, what ships), {@code
   * BENCH_JIT_ITERATIONS} timed invocations each after {@code BENCH_JIT_WARMUP}, in fresh JVMs one
   * after the other on the same table.
   */
  private static void jit(
      Settings s,
      Path artifacts,
      Conf.Fn fn,
      Map<String, Path> events,
      Map<String, String> env,
      Report report) {
    for (List<String> flags : List.of(COLD_FLAGS, WARM_FLAGS)) {
      System.out.println(
          "==> JIT: "
              + fn.name()
              + " with "
              + String.join(" ", flags)
              + " ("
              + s.jitWarmup()
              + " warm-up, "
              + s.jitIterations()
              + " timed)");
      List<String> args = warmArgs(s, artifacts, fn, events, s.jitWarmup(), s.jitIterations());
      Child.Result r = Child.run(s.java(), flags, s.runnerClassPath(), SIM, args, env, 3600);
      String[] f = r.first("warm ").text().split(" ");
      report.jit(fn.name(), String.join(" ", flags), s.jitIterations(), micros(f[3]), micros(f[4]));
    }
  }

  /** The warm child's arguments: its jar and handler, the counts, the first event, every event. */
  private static List<String> warmArgs(
      Settings s,
      Path artifacts,
      Conf.Fn fn,
      Map<String, Path> events,
      int warmup,
      int iterations) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "warm",
                fn.task(artifacts).toString(),
                fn.handler(),
                s.probeJar().toString(),
                Integer.toString(warmup),
                Integer.toString(iterations),
                events.get(fn.events().getFirst()).toString()));
    for (String e : fn.events()) args.add(events.get(e).toString());
    return args;
  }

  private static void warm(
      Settings s,
      Path artifacts,
      Conf.Fn fn,
      Map<String, Path> events,
      Map<String, String> env,
      Report report,
      Json json,
      int warmup,
      int iterations,
      List<String> extraFlags,
      List<String> extraArgs) {
    System.out.println(
        "==> warm and cost: "
            + fn.name()
            + " ("
            + warmup
            + " warm-up, "
            + iterations
            + " timed invocations, each followed by a bare replay)");
    List<String> args = warmArgs(s, artifacts, fn, events, warmup, iterations);
    args.addAll(extraArgs);
    List<String> flags = new ArrayList<>(WARM_FLAGS);
    flags.addAll(extraFlags);
    // A profile of the warm child, to see where a handler's own time goes: Java stacks sampled
    // every millisecond (the JDK's default, 20 ms, sees a request's sub-millisecond code too
    // rarely).
    String jfr = System.getenv().getOrDefault("BENCH_WARM_JFR", "");
    if (!jfr.isBlank()) {
      flags.add(
          "-XX:StartFlightRecording:settings=profile,jdk.ExecutionSample#period=1ms,filename="
              + Path.of(jfr).toAbsolutePath().resolve(fn.name() + ".jfr"));
    }
    // Any other JVM flags for the warm child, e.g. a perf map for a native profiler
    // (bench/README.md, "Where a read's own CPU goes").
    String more = System.getenv().getOrDefault("BENCH_WARM_FLAGS", "");
    if (!more.isBlank()) flags.addAll(List.of(more.strip().split("\\s+")));
    long started = System.nanoTime();
    Child.Result r = Child.run(s.java(), flags, s.runnerClassPath(), SIM, args, env, 1800);
    // How long each stage took, so the knobs can be sized from a run's log; and the checkpoint hook
    // (SnapStart priming) within it, -1 for a handler without one.
    System.out.printf(
        Locale.ROOT,
        "    %s: %.0f s, checkpoint hook %s ms%n",
        fn.name(),
        (System.nanoTime() - started) / 1e9,
        r.all("snapshot ").stream()
            .map(l -> l.text().substring("snapshot ".length()).strip())
            .findFirst()
            .orElse("-"));
    for (Child.Line line : r.all("cost ")) {
      String[] f = line.text().split(" ");
      byte[] body = Base64.getDecoder().decode(f.length > 4 ? f[4] : "");
      report.cost(
          fn.name(),
          f[1],
          Integer.parseInt(f[2]),
          f[3],
          itemsReturned(json, Integer.parseInt(f[2]), body));
    }
    String[] f = r.first("warm ").text().split(" ");
    report.warm(
        fn.name(),
        warmup,
        iterations,
        Integer.parseInt(f[1]),
        Integer.parseInt(f[2]),
        micros(f[3]),
        micros(f[4]),
        Long.parseLong(f[5]),
        micros(f[6]),
        micros(f[7]));
    for (Child.Line line : r.all("large ")) {
      String[] l = line.text().split(" ");
      long[] v = new long[l.length - 1];
      for (int i = 1; i < l.length; i++) v[i - 1] = Long.parseLong(l[i]);
      report.large(fn.name(), v);
    }
  }

  /**
   * What the API answered: the length of a page's items, one for a single resource, none for an
   * error.
   */
  private static int itemsReturned(Json json, int status, byte[] body) {
    if (status >= 300 || body.length == 0) return 0;
    // A document (the statement's PDF, a CSV) is one resource.
    if (body[0] != '{' && body[0] != '[') return 1;
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
  record Settings(
      Path java,
      int rounds,
      int warmup,
      int iterations,
      int emailWarmup,
      int emailIterations,
      int emailLarge,
      String emailXmx,
      boolean aotCache,
      List<String> jitFunctions,
      int jitWarmup,
      int jitIterations,
      Path floorJar,
      Path probeJar,
      String runnerClassPath,
      String machine,
      Instant started) {
    /**
     * {@code artifacts}: where functions/&lt;name&gt;/target and bench/target are (the tree, or
     * bench.sh's snapshot).
     */
    static Settings fromEnv(Path artifacts) {
      Map<String, String> env = System.getenv();
      Path target = artifacts.resolve("bench/target");
      String runtime = read(target.resolve("runtime.classpath"));
      return new Settings(
          Path.of(System.getProperty("java.home"), "bin", "java"),
          Integer.parseInt(env.getOrDefault("BENCH_ROUNDS", "7")),
          // Defaults sized for moto, whose writes slow down (and whose memory grows) with the
          // table: bench/README.md. 1,000 warm-up invocations because ticket-status's CPU still
          // fell
          // for several hundred invocations after the priming, its replay's (the SDK calls alone)
          // as much as the handler's: "warm" is the steady state after that (bench/README.md,
          // "Warm-up").
          Integer.parseInt(env.getOrDefault("BENCH_WARMUP", "1000")),
          Integer.parseInt(env.getOrDefault("BENCH_ITERATIONS", "300")),
          Integer.parseInt(env.getOrDefault("BENCH_EMAIL_WARMUP", "30")),
          Integer.parseInt(env.getOrDefault("BENCH_EMAIL_ITERATIONS", "100")),
          Integer.parseInt(env.getOrDefault("BENCH_EMAIL_LARGE", "1")),
          env.getOrDefault("BENCH_EMAIL_XMX", "512m"),
          !"0".equals(env.getOrDefault("BENCH_AOT", "1")),
          // Reads only: a write's warm run grows with moto's table (bench/README.md), so 2,000 of
          // them would measure moto. Empty to skip.
          List.of(env.getOrDefault("BENCH_JIT_FUNCTIONS", "ticket-status,invoices").split(","))
              .stream()
              .map(String::strip)
              .filter(x -> !x.isEmpty())
              .toList(),
          Integer.parseInt(env.getOrDefault("BENCH_JIT_WARMUP", "200")),
          Integer.parseInt(env.getOrDefault("BENCH_JIT_ITERATIONS", "2000")),
          target.resolve("floor.jar"),
          jar(target, "probe"),
          jar(target, "runner") + File.pathSeparator + runtime.strip(),
          describeMachine(),
          Instant.now());
    }

    private static Path jar(Path target, String classifier) {
      try (var files = Files.list(target)) {
        return files
            .filter(p -> p.getFileName().toString().endsWith("-" + classifier + ".jar"))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "bench/target has no *-" + classifier + ".jar: build first"));
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
        Matcher m =
            Pattern.compile("model name\\s*:\\s*(.+)")
                .matcher(Files.readString(Path.of("/proc/cpuinfo")));
        if (m.find()) cpu = m.group(1).strip();
      } catch (IOException | RuntimeException e) {
        // not Linux: the CPU stays unknown
      }
      return cpu
          + ", "
          + Runtime.getRuntime().availableProcessors()
          + " cores, "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.version")
          + ", "
          + System.getProperty("java.vm.name")
          + " "
          + System.getProperty("java.runtime.version");
    }
  }
}
