package dev.portal.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one run measured, as a human table and as JSON (bench/results/latest.json). */
final class Report {
  static final String FLOOR = "bare-sdk-floor";

  /**
   * On-demand prices, us-east-1, x86_64, as published on the AWS pricing pages (Lambda, API
   * Gateway, DynamoDB) and known to us on 2026-11-24; this machine has no internet, so they were
   * not re-read here. DynamoDB's on-demand prices are those after the 2024-11-01 reduction. Free
   * tiers ignored. SnapStart costs nothing extra for Java.
   */
  static final String PRICES_DATE = "2026-11-24";

  static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
  static final double LAMBDA_PER_GB_SECOND = 0.0000166667;
  static final double HTTP_API_PER_MILLION = 1.00;
  static final double DYNAMODB_PER_MILLION_RRU = 0.125;
  static final double DYNAMODB_PER_MILLION_WRU = 0.625;

  /** S3 Standard requests: GET/HEAD $0.0004 per 1,000, PUT/COPY/POST/LIST $0.005 per 1,000. */
  static final double S3_GET_PER_MILLION = 0.40;

  static final double S3_PUT_PER_MILLION = 5.00;

  /** SQS standard queue, per million requests (each 64 KB chunk of a payload is one). */
  static final double SQS_PER_MILLION = 0.40;

  /** SES outbound mail, $0.10 per 1,000 messages (attachments' data charge ignored). */
  static final double SES_PER_MILLION = 100.0;

  /** One large-mail invocation: handler time and heap (bytes) as LambdaSim measured it. */
  record Large(
      double millis,
      long baseline,
      long poolPeaks,
      long sampledPeak,
      long maxAfterGc,
      int failures,
      long maxHeap) {
    long poolGrowth() {
      return poolPeaks - baseline;
    }

    long sampledGrowth() {
      return sampledPeak - baseline;
    }

    long liveGrowth() {
      return maxAfterGc == 0 ? 0 : maxAfterGc - baseline;
    }
  }

  record Email(
      String name,
      long mails,
      int typicalBytes,
      long largeBytes,
      String xmx,
      Map<String, Integer> outcomes,
      int retriedTickets) {}

  record Cold(
      String name,
      Stats total,
      double toMain,
      double init,
      double invoke,
      String status,
      double classes) {}

  record Warm(
      String name,
      int warmup,
      int iterations,
      int requests,
      int refused,
      Stats handler,
      Stats floor,
      long peakHeapBytes,
      Stats handlerCpu,
      Stats floorCpu) {
    /** The handler's CPU time beyond its replay's, median: our own code's cost per invocation. */
    double cpuBeyondFloorP50() {
      return handlerCpu.p50() - floorCpu.p50();
    }
  }

  /** A warm run of one function under one set of JIT flags (the SnapStart tiered question). */
  record Jit(String name, String flags, int iterations, Stats handler, Stats floor) {}

  private final List<Jit> jits = new ArrayList<>();

  void jit(String name, String flags, int iterations, double[] handler, double[] floor) {
    jits.add(new Jit(name, flags, iterations, Stats.of(handler), Stats.of(floor)));
  }

  /**
   * One AWS request of an operation: DynamoDB read, write and index write request units computed
   * from item sizes by DynamoDB's rules (the probe's Capacity; what the cost is priced with), the
   * bytes they were computed from, and what the emulator reported as consumed capacity (shown
   * beside, not trusted: moto reports 1 unit whatever the size). {@code op} ends in {@code !} when
   * the service refused the request.
   */
  record Call(
      String op,
      double emulatorRcu,
      double emulatorWcu,
      double rru,
      double wru,
      double indexWru,
      long bytes,
      int itemsRead,
      int itemsFromDb) {
    boolean refused() {
      return op.endsWith("!");
    }

    String service() {
      return refused() ? op.substring(0, op.length() - 1) : op;
    }
  }

  record Cost(String function, String event, int status, List<Call> calls, int itemsReturned) {
    double rru() {
      return calls.stream().mapToDouble(Call::rru).sum();
    }

    double wru() {
      return calls.stream().mapToDouble(Call::wru).sum();
    }

    double indexWru() {
      return calls.stream().mapToDouble(Call::indexWru).sum();
    }

    double emulatorRcu() {
      return calls.stream().mapToDouble(Call::emulatorRcu).sum();
    }

    double emulatorWcu() {
      return calls.stream().mapToDouble(Call::emulatorWcu).sum();
    }

    int itemsRead() {
      return calls.stream().mapToInt(Call::itemsRead).sum();
    }
  }

  private final Bench.Settings settings;
  private final Path artifacts;
  private final String template;
  private final Map<String, Map<String, Cold>> cold = new LinkedHashMap<>();
  private final Map<String, Warm> warm = new LinkedHashMap<>();
  private final List<Cost> costs = new ArrayList<>();
  private final Map<String, Long> aotCacheBytes = new LinkedHashMap<>();
  private final List<String> emailPending = new ArrayList<>();
  private final List<Email> emailMeasured = new ArrayList<>();
  private final Map<String, List<Large>> large = new LinkedHashMap<>();
  private final Map<String, Conf.Kind> kinds = new LinkedHashMap<>();

  Report(Bench.Settings settings, Path root, Path artifacts) {
    this.settings = settings;
    this.artifacts = artifacts;
    try {
      this.template = Files.readString(root.resolve("template.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void cold(String variant, String name, List<double[]> runs) {
    double[] total = runs.stream().mapToDouble(r -> r[0]).toArray();
    String status =
        runs.stream()
            .map(r -> Integer.toString((int) r[4]))
            .distinct()
            .reduce((a, b) -> a + "/" + b)
            .orElse("?");
    cold.computeIfAbsent(variant, v -> new LinkedHashMap<>())
        .put(
            name,
            new Cold(
                name,
                Stats.of(total),
                Stats.median(runs.stream().mapToDouble(r -> r[1]).toArray()),
                Stats.median(runs.stream().mapToDouble(r -> r[2]).toArray()),
                Stats.median(runs.stream().mapToDouble(r -> r[3]).toArray()),
                status,
                Stats.median(runs.stream().mapToDouble(r -> r[5]).toArray())));
  }

  void warm(
      String name,
      int warmup,
      int iterations,
      int requests,
      int refused,
      double[] handlerMicros,
      double[] floorMicros,
      long peakHeap,
      double[] handlerCpuMicros,
      double[] floorCpuMicros) {
    warm.put(
        name,
        new Warm(
            name,
            warmup,
            iterations,
            requests,
            refused,
            Stats.of(handlerMicros),
            Stats.of(floorMicros),
            peakHeap,
            Stats.of(handlerCpuMicros),
            Stats.of(floorCpuMicros)));
  }

  void kind(String name, Conf.Kind kind) {
    kinds.put(name, kind);
  }

  void email(
      String name,
      long mails,
      int typicalBytes,
      long largeBytes,
      String xmx,
      Map<String, Integer> outcomes,
      int retriedTickets) {
    emailMeasured.add(
        new Email(name, mails, typicalBytes, largeBytes, xmx, outcomes, retriedTickets));
  }

  void large(String name, long[] v) {
    large
        .computeIfAbsent(name, n -> new ArrayList<>())
        .add(new Large(v[0] / 1000.0, v[1], v[2], v[3], v[4], (int) v[5], v[6]));
  }

  void cost(String function, String event, int status, String calls, int itemsReturned) {
    List<Call> parsed = new ArrayList<>();
    if (!calls.equals("-")) {
      for (String c : calls.split(";")) {
        String[] f = c.split(":");
        // RecordingInterceptor.record: op, emulator RCU, emulator WCU, RRU, WRU, index WRU, bytes,
        // read, returned
        parsed.add(
            new Call(
                f[0],
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                Long.parseLong(f[6]),
                Integer.parseInt(f[7]),
                Integer.parseInt(f[8])));
      }
    }
    costs.add(new Cost(function, event, status, parsed, itemsReturned));
  }

  void aotCacheSize(String name, long bytes) {
    aotCacheBytes.put(name, bytes);
  }

  void emailPending(Conf.Fn fn) {
    emailPending.add(fn.name());
  }

  /** MemorySize of the function's resource in template.yaml, else the Globals one. */
  int memoryMb(String function) {
    Matcher res =
        Pattern.compile(
                "(?m)^  \\w+:\\n(?:    .*\\n|\\s*\\n)*?      CodeUri: functions/"
                    + Pattern.quote(function)
                    + "\\s*\\n((?:      .*\\n|\\s*\\n)*)")
            .matcher(template);
    if (res.find()) {
      Matcher own = Pattern.compile("(?m)^      MemorySize:\\s*(\\d+)").matcher(res.group(0));
      if (own.find()) return Integer.parseInt(own.group(1));
    }
    Matcher global = Pattern.compile("(?m)^    MemorySize:\\s*(\\d+)").matcher(template);
    return global.find() ? Integer.parseInt(global.group(1)) : 128;
  }

  long jarBytes(String function) {
    try {
      return Files.size(
          artifacts
              .resolve("functions")
              .resolve(function)
              .resolve("target")
              .resolve(function + ".jar"));
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Billed duration: the function's warm handler p50 measured here, rounded up to Lambda's 1 ms.
   */
  double billedMs(String function) {
    Warm w = warm.get(function);
    return w == null ? Double.NaN : Math.max(1, Math.ceil(w.handler().p50() / 1000.0));
  }

  /**
   * Lambda (requests + GB-s) + the HTTP API request for HTTP functions (an SQS function's event
   * source polls and deletes in batches; those SQS requests are not counted) + DynamoDB request
   * units computed from item sizes (table and index writes; never the emulator's figures) + each
   * S3, SQS, SES request it made.
   */
  double costPerMillion(Cost c) {
    double gbSeconds = memoryMb(c.function()) / 1024.0 * billedMs(c.function()) / 1000.0;
    double other = 0;
    for (Call call : c.calls()) other += otherServicePerMillion(call.service());
    double api =
        kinds.getOrDefault(c.function(), Conf.Kind.HTTP) == Conf.Kind.HTTP
            ? HTTP_API_PER_MILLION
            : 0;
    return LAMBDA_PER_MILLION_REQUESTS
        + 1e6 * gbSeconds * LAMBDA_PER_GB_SECOND
        + api
        + c.rru() * DYNAMODB_PER_MILLION_RRU
        + (c.wru() + c.indexWru()) * DYNAMODB_PER_MILLION_WRU
        + other;
  }

  private static final java.util.Set<String> DYNAMODB_OPS =
      java.util.Set.of(
          "GetItem",
          "Query",
          "Scan",
          "BatchGetItem",
          "TransactGetItems",
          "PutItem",
          "UpdateItem",
          "DeleteItem",
          "TransactWriteItems",
          "BatchWriteItem");

  private static boolean isDynamoDb(String op) {
    return DYNAMODB_OPS.contains(op);
  }

  private static double otherServicePerMillion(String op) {
    return switch (op) {
      case "GetObject", "HeadObject" -> S3_GET_PER_MILLION;
      case "PutObject",
          "CopyObject",
          "ListObjectsV2",
          "CreateMultipartUpload",
          "UploadPart",
          "CompleteMultipartUpload" ->
          S3_PUT_PER_MILLION;
      case "SendMessage", "SendMessageBatch" -> SQS_PER_MILLION;
      case "SendEmail" -> SES_PER_MILLION;
      default -> 0;
    };
  }

  void print(PrintStream out) {
    out.println();
    out.println("Benchmark " + settings.started() + " on " + settings.machine());
    out.println(
        "JVM flags: cold children and the floor "
            + String.join(" ", Bench.COLD_FLAGS)
            + " (java25's default for a start that is not a SnapStart restore), warm and email children "
            + String.join(" ", Bench.WARM_FLAGS)
            + " (its default in a SnapStart function, what template.yaml ships); cold = median of "
            + settings.rounds()
            + " fresh JVMs, from process start to the response; the floor is a JVM that builds a DynamoDbClient and does"
            + " one GetItem against the same moto server.");
    double plainFloor = plainFloorMedian();
    cold.forEach(
        (variant, rows) -> {
          Cold floor = rows.get(FLOOR);
          out.println();
          out.printf(Locale.ROOT, "Cold start%s (ms)%n", variant);
          out.printf(
              Locale.ROOT,
              "%-16s %8s %8s %8s %7s %7s %9s %8s %8s %8s %7s %8s %7s%n",
              "function",
              "median",
              "min",
              "max",
              "x floor",
              "x plain",
              "jar MiB",
              "to main",
              "init",
              "1st call",
              "status",
              "classes",
              "x floor");
          for (Cold c : rows.values()) {
            long jar = c.name().equals(FLOOR) ? floorJarBytes() : jarBytes(c.name());
            out.printf(
                Locale.ROOT,
                "%-16s %8.0f %8.0f %8.0f %7.2f %7.2f %9.2f %8.0f %8.0f %8.0f %7s %8.0f %7.2f%n",
                c.name(),
                c.total().p50(),
                c.total().min(),
                c.total().max(),
                c.total().p50() / floor.total().p50(),
                c.total().p50() / plainFloor,
                jar / 1048576.0,
                c.toMain(),
                c.init(),
                c.invoke(),
                c.status(),
                c.classes(),
                c.classes() / floor.classes());
          }
        });
    out.println(
        "(x floor: median / the floor's median in the same table; x plain: median / the floor's median without"
            + " any archive; to main: process start to main(); init: handler class loaded and constructed; 1st call:"
            + " event deserialized, handled, response serialized; classes: loaded by the JVM up to the"
            + " response, median, the MXBean's own few included alike; x floor: classes / the floor's)");
    if (!aotCacheBytes.isEmpty()) {
      out.print("AOT cache sizes (MiB):");
      aotCacheBytes.forEach((n, b) -> out.printf(Locale.ROOT, " %s %.1f", n, b / 1048576.0));
      out.println();
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "Warm handler vs the bare SDK calls it makes (microseconds; n timed invocations after w warm-up)%n");
    out.printf(
        Locale.ROOT,
        "%-16s %5s %5s %9s %9s %9s %9s %8s %5s %8s %8s %8s %8s%n",
        "function",
        "w",
        "n",
        "p50",
        "p99",
        "floor p50",
        "floor p99",
        "x floor",
        "reqs",
        "refused",
        "cpu p50",
        "fl cpu",
        "cpu+");
    for (Warm w : warm.values()) {
      out.printf(
          Locale.ROOT,
          "%-16s %5d %5d %9.0f %9.0f %9.0f %9.0f %8.2f %5d %8d %8.0f %8.0f %8.0f%n",
          w.name(),
          w.warmup(),
          w.iterations(),
          w.handler().p50(),
          w.handler().p99(),
          w.floor().p50(),
          w.floor().p99(),
          w.handler().p50() / w.floor().p50(),
          w.requests(),
          w.refused() / Math.max(1, w.iterations()),
          w.handlerCpu().p50(),
          w.floorCpu().p50(),
          w.cpuBeyondFloorP50());
    }
    out.println(
        "(refused: replayed requests the emulator refused per floor iteration: a replayed conditional write fails"
            + " its condition, so the floor of a write is a lower bound; handler and floor both include moto's latency;"
            + " cpu p50 / fl cpu: the thread's CPU time in the handler and in its replay, cpu+ the difference of the"
            + " medians: our own code's CPU per invocation, which a busy machine's waits do not inflate)");
    out.println();
    if (!jits.isEmpty()) {
      out.println(
          "Warm by JIT flags (the same function, a fresh JVM per line; C1 only, java25's default without SnapStart,"
              + " against full tiered compilation, its default for SnapStart functions and what template.yaml ships),"
              + " microseconds:");
      out.printf(
          Locale.ROOT,
          "%-16s %-48s %6s %9s %9s %9s %9s %8s%n",
          "function",
          "flags",
          "n",
          "p50",
          "p99",
          "floor p50",
          "floor p99",
          "x floor");
      for (Jit j : jits) {
        out.printf(
            Locale.ROOT,
            "%-16s %-48s %6d %9.0f %9.0f %9.0f %9.0f %8.2f%n",
            j.name(),
            j.flags(),
            j.iterations(),
            j.handler().p50(),
            j.handler().p99(),
            j.floor().p50(),
            j.floor().p99(),
            j.handler().p50() / j.floor().p50());
      }
      out.println();
    }
    out.printf(
        Locale.ROOT,
        "Cost per operation (prices us-east-1 on-demand as of %s: Lambda $%.2f/M requests +"
            + " $%.10f/GB-s x86, HTTP API $%.2f/M (HTTP functions only), DynamoDB $%.3f/M RRU, $%.3f/M WRU, S3 $%.2f/M GET,"
            + " $%.2f/M PUT, SQS $%.2f/M, SES $%.0f/M mails; duration = the function's measured warm p50 here, rounded up"
            + " to 1 ms)%n",
        PRICES_DATE,
        LAMBDA_PER_MILLION_REQUESTS,
        LAMBDA_PER_GB_SECOND,
        HTTP_API_PER_MILLION,
        DYNAMODB_PER_MILLION_RRU,
        DYNAMODB_PER_MILLION_WRU,
        S3_GET_PER_MILLION,
        S3_PUT_PER_MILLION,
        SQS_PER_MILLION,
        SES_PER_MILLION);
    out.printf(
        Locale.ROOT,
        "%-16s %-34s %6s %-60s %6s %6s %6s %6s %6s %5s %5s %5s %6s %9s%n",
        "function",
        "event",
        "status",
        "AWS requests (DynamoDB, S3, SQS, SES)",
        "RRU",
        "WRU",
        "idxWRU",
        "emuRCU",
        "emuWCU",
        "read",
        "ret'd",
        "MB",
        "ms",
        "$/M req");
    for (Cost c : costs) {
      String ops =
          c.calls().isEmpty() ? "-" : String.join("+", c.calls().stream().map(Call::op).toList());
      out.printf(
          Locale.ROOT,
          "%-16s %-34s %6d %-60s %6.1f %6.0f %6.0f %6.1f %6.1f %5d %5d %5d %6.0f %9.4f%n",
          c.function(),
          c.event(),
          c.status(),
          c.calls().size() + " " + ops,
          c.rru(),
          c.wru(),
          c.indexWru(),
          c.emulatorRcu(),
          c.emulatorWcu(),
          c.itemsRead(),
          c.itemsReturned(),
          memoryMb(c.function()),
          billedMs(c.function()),
          costPerMillion(c));
    }
    out.println(
        "(RRU, WRU, idxWRU: DynamoDB read, table write and index write request units computed from the items'"
            + " sizes by DynamoDB's rules (bench/README.md), which the cost is priced with; emuRCU, emuWCU: what the"
            + " emulator (moto) reported as consumed capacity, NOT used and not to be trusted (1 unit whatever the size, none"
            + " for a transaction); read: items DynamoDB read (Query ScannedCount, GetItem hit); ret'd: items the API"
            + " returned; an operation ending in ! was refused by the service: a round trip all the same)");
    out.println();
    out.println(
        "DynamoDB request units per request (bytes: the larger item size before/after a write, summed over a"
            + " transaction's items; the items read by a read)");
    out.printf(
        Locale.ROOT,
        "%-16s %-34s %-20s %8s %6s %6s %6s %6s %6s%n",
        "function",
        "event",
        "request",
        "bytes",
        "RRU",
        "WRU",
        "idxWRU",
        "emuRCU",
        "emuWCU");
    for (Cost c : costs) {
      for (Call call : c.calls()) {
        if (!isDynamoDb(call.service())) continue;
        out.printf(
            Locale.ROOT,
            "%-16s %-34s %-20s %8d %6.1f %6.0f %6.0f %6.1f %6.1f%n",
            c.function(),
            c.event(),
            call.op(),
            call.bytes(),
            call.rru(),
            call.wru(),
            call.indexWru(),
            call.emulatorRcu(),
            call.emulatorWcu());
      }
    }
    for (Email e : emailMeasured) {
      Warm w = warm.get(e.name());
      out.println();
      out.printf(
          Locale.ROOT,
          "Email %s (JVM flags %s %s)%n",
          e.name(),
          String.join(" ", Bench.WARM_FLAGS),
          e.xmx());
      out.printf(
          Locale.ROOT,
          "  typical mail (%d bytes: text + a 2 KB PNG; a new Message-ID, S3 key and known sender"
              + " each time): %.1f messages/second (1 / mean handler time, one at a time, %d timed), p50 %.1f ms, p99"
              + " %.1f ms, slowest %.1f ms, bare AWS calls p50 %.1f ms%n",
          e.typicalBytes(),
          1e6 / w.handler().mean(),
          w.handler().n(),
          w.handler().p50() / 1000,
          w.handler().p99() / 1000,
          w.handler().max() / 1000,
          w.floor().p50() / 1000);
      List<Large> runs = large.getOrDefault(e.name(), List.of());
      for (int i = 0; i < runs.size(); i++) {
        Large l = runs.get(i);
        out.printf(
            Locale.ROOT,
            "  25 MB mail #%d (%d bytes, 3 attachments): %.0f ms, heap baseline %.1f MiB, growth:"
                + " pools' peaks %.1f MiB, sampled peak %.1f MiB, max after GC %.1f MiB; batch failures %d%n",
            i,
            e.largeBytes(),
            l.millis(),
            l.baseline() / 1048576.0,
            l.poolGrowth() / 1048576.0,
            l.sampledGrowth() / 1048576.0,
            l.liveGrowth() / 1048576.0,
            l.failures());
      }
      out.println(
          "  (growth = over the heap in use after a full GC just before the call; pools' peaks: the sum of the"
              + " heap pools' peak usage after a reset, an upper bound; sampled: heap in use every 1 ms; after GC: the most"
              + " the heap held after any GC during the call, 0 = none ran)");
      out.println(
          "  mail log outcomes: "
              + e.outcomes()
              + " (every measured mail must be a ticket, none a duplicate)");
      if (e.retriedTickets() > 0)
        out.println(
            "  of the duplicates, "
                + e.retriedTickets()
                + " logged for a mail that has its ticket: consistent with the SDK retrying the ticket's"
                + " transaction after its 30 s read timeout, which moto had committed (it ignores the"
                + " ClientRequestToken that makes the retry succeed on AWS; docs/aws-behaviour.md)");
    }
    if (!emailPending.isEmpty()) {
      out.println();
      out.println(
          "Email (messages/second, peak heap for a 25 MB mail): PENDING for "
              + emailPending
              + ": its jar or its event is missing (bench/README.md).");
    }
  }

  private double plainFloorMedian() {
    Map<String, Cold> plain = cold.get("");
    return plain == null || plain.get(FLOOR) == null ? Double.NaN : plain.get(FLOOR).total().p50();
  }

  private long floorJarBytes() {
    try {
      return Files.size(settings.floorJar());
    } catch (IOException e) {
      return -1;
    }
  }

  String json() {
    StringBuilder b = new StringBuilder(8192);
    b.append("{\n  \"started\": ")
        .append(q(settings.started().toString()))
        .append(",\n  \"machine\": ")
        .append(q(settings.machine()))
        .append(",\n  \"coldJvmFlags\": ")
        .append(q(String.join(" ", Bench.COLD_FLAGS)))
        .append(",\n  \"warmJvmFlags\": ")
        .append(q(String.join(" ", Bench.WARM_FLAGS)))
        .append(",\n  \"coldRounds\": ")
        .append(settings.rounds())
        .append(",\n  \"warmIterations\": ")
        .append(settings.iterations())
        .append(",\n  \"warmup\": ")
        .append(settings.warmup())
        .append(",\n  \"cold\": {");
    String vsep = "";
    for (var v : cold.entrySet()) {
      double floor = v.getValue().get(FLOOR).total().p50();
      b.append(vsep)
          .append("\n    ")
          .append(q(v.getKey().isEmpty() ? "plain" : v.getKey().strip()))
          .append(": [");
      String sep = "";
      for (Cold c : v.getValue().values()) {
        b.append(sep)
            .append("\n      {\"function\": ")
            .append(q(c.name()))
            .append(", \"medianMs\": ")
            .append(n(c.total().p50()))
            .append(", \"minMs\": ")
            .append(n(c.total().min()))
            .append(", \"maxMs\": ")
            .append(n(c.total().max()))
            .append(", \"ratioToFloor\": ")
            .append(n(c.total().p50() / floor))
            .append(", \"ratioToPlainFloor\": ")
            .append(n(c.total().p50() / plainFloorMedian()))
            .append(", \"toMainMs\": ")
            .append(n(c.toMain()))
            .append(", \"initMs\": ")
            .append(n(c.init()))
            .append(", \"firstInvokeMs\": ")
            .append(n(c.invoke()))
            .append(", \"status\": ")
            .append(q(c.status()))
            .append(", \"classesLoaded\": ")
            .append(n(c.classes()))
            .append(", \"artifactBytes\": ")
            .append(c.name().equals(FLOOR) ? floorJarBytes() : jarBytes(c.name()));
        if (aotCacheBytes.containsKey(c.name()) && !v.getKey().isEmpty()) {
          b.append(", \"aotCacheBytes\": ").append(aotCacheBytes.get(c.name()));
        }
        b.append('}');
        sep = ",";
      }
      b.append("\n    ]");
      vsep = ",";
    }
    b.append("\n  },\n  \"warm\": [");
    String sep = "";
    for (Warm w : warm.values()) {
      b.append(sep)
          .append("\n    {\"function\": ")
          .append(q(w.name()))
          .append(", \"warmup\": ")
          .append(w.warmup())
          .append(", \"iterations\": ")
          .append(w.iterations())
          .append(", \"p50Us\": ")
          .append(n(w.handler().p50()))
          .append(", \"p99Us\": ")
          .append(n(w.handler().p99()))
          .append(", \"floorP50Us\": ")
          .append(n(w.floor().p50()))
          .append(", \"floorP99Us\": ")
          .append(n(w.floor().p99()))
          .append(", \"ratioP50\": ")
          .append(n(w.handler().p50() / w.floor().p50()))
          .append(", \"dynamoRequests\": ")
          .append(w.requests())
          .append(", \"refusedReplaysPerIteration\": ")
          .append(w.refused() / Math.max(1, w.iterations()))
          .append(", \"peakHeapBytes\": ")
          .append(w.peakHeapBytes())
          .append(", \"cpuP50Us\": ")
          .append(n(w.handlerCpu().p50()))
          .append(", \"floorCpuP50Us\": ")
          .append(n(w.floorCpu().p50()))
          .append(", \"cpuBeyondFloorP50Us\": ")
          .append(n(w.cpuBeyondFloorP50()))
          .append('}');
      sep = ",";
    }
    b.append("\n  ],\n  \"jit\": [");
    sep = "";
    for (Jit j : jits) {
      b.append(sep)
          .append("\n    {\"function\": ")
          .append(q(j.name()))
          .append(", \"flags\": ")
          .append(q(j.flags()))
          .append(", \"iterations\": ")
          .append(j.iterations())
          .append(", \"p50Us\": ")
          .append(n(j.handler().p50()))
          .append(", \"p99Us\": ")
          .append(n(j.handler().p99()))
          .append(", \"floorP50Us\": ")
          .append(n(j.floor().p50()))
          .append(", \"floorP99Us\": ")
          .append(n(j.floor().p99()))
          .append('}');
      sep = ",";
    }
    b.append("\n  ],\n  \"prices\": {\"date\": ")
        .append(q(PRICES_DATE))
        .append(", \"region\": \"us-east-1\"")
        .append(", \"lambdaPerMillionRequests\": ")
        .append(LAMBDA_PER_MILLION_REQUESTS)
        .append(", \"lambdaPerGbSecond\": ")
        .append(LAMBDA_PER_GB_SECOND)
        .append(", \"httpApiPerMillion\": ")
        .append(HTTP_API_PER_MILLION)
        .append(", \"dynamoDbPerMillionRru\": ")
        .append(DYNAMODB_PER_MILLION_RRU)
        .append(", \"dynamoDbPerMillionWru\": ")
        .append(DYNAMODB_PER_MILLION_WRU)
        .append(", \"duration\": \"measured warm handler p50, rounded up to 1 ms\"")
        .append(
            ", \"dynamoDbUnits\": \"rru/wru/indexWru computed from item sizes by DynamoDB's rules (bench/README.md);"
                + " emulatorRcu/emulatorWcu as the emulator (moto) reported them, not used\"},\n  \"cost\": [");
    sep = "";
    for (Cost c : costs) {
      b.append(sep)
          .append("\n    {\"function\": ")
          .append(q(c.function()))
          .append(", \"event\": ")
          .append(q(c.event()))
          .append(", \"status\": ")
          .append(c.status())
          .append(", \"dynamoRequests\": ")
          .append(c.calls().size())
          .append(", \"operations\": [");
      String osep = "";
      for (Call call : c.calls()) {
        b.append(osep)
            .append("{\"op\": ")
            .append(q(call.service()))
            .append(", \"refused\": ")
            .append(call.refused())
            .append(", \"rru\": ")
            .append(n(call.rru()))
            .append(", \"wru\": ")
            .append(n(call.wru()))
            .append(", \"indexWru\": ")
            .append(n(call.indexWru()))
            .append(", \"bytes\": ")
            .append(call.bytes())
            .append(", \"emulatorRcu\": ")
            .append(n(call.emulatorRcu()))
            .append(", \"emulatorWcu\": ")
            .append(n(call.emulatorWcu()))
            .append(", \"itemsRead\": ")
            .append(call.itemsRead())
            .append('}');
        osep = ", ";
      }
      b.append("], \"rru\": ")
          .append(n(c.rru()))
          .append(", \"wru\": ")
          .append(n(c.wru()))
          .append(", \"indexWru\": ")
          .append(n(c.indexWru()))
          .append(", \"emulatorRcu\": ")
          .append(n(c.emulatorRcu()))
          .append(", \"emulatorWcu\": ")
          .append(n(c.emulatorWcu()))
          .append(", \"itemsRead\": ")
          .append(c.itemsRead())
          .append(", \"itemsReturned\": ")
          .append(c.itemsReturned())
          .append(", \"memoryMb\": ")
          .append(memoryMb(c.function()))
          .append(", \"billedMs\": ")
          .append(n(billedMs(c.function())))
          .append(", \"usdPerMillion\": ")
          .append(n(costPerMillion(c)))
          .append('}');
      sep = ",";
    }
    b.append("\n  ],\n  \"email\": {\"measured\": [");
    sep = "";
    for (Email e : emailMeasured) {
      Warm w = warm.get(e.name());
      b.append(sep)
          .append("{\"function\": ")
          .append(q(e.name()))
          .append(", \"jvmFlags\": ")
          .append(q(String.join(" ", Bench.WARM_FLAGS) + " " + e.xmx()))
          .append(", \"typicalMailBytes\": ")
          .append(e.typicalBytes())
          .append(", \"messagesPerSecond\": ")
          .append(n(1e6 / w.handler().mean()))
          .append(", \"typicalP50Us\": ")
          .append(n(w.handler().p50()))
          .append(", \"typicalP99Us\": ")
          .append(n(w.handler().p99()))
          .append(", \"largeMailBytes\": ")
          .append(e.largeBytes())
          .append(", \"large\": [");
      String lsep = "";
      for (Large l : large.getOrDefault(e.name(), List.of())) {
        b.append(lsep)
            .append("{\"ms\": ")
            .append(n(l.millis()))
            .append(", \"baselineBytes\": ")
            .append(l.baseline())
            .append(", \"poolPeaksGrowthBytes\": ")
            .append(l.poolGrowth())
            .append(", \"sampledPeakGrowthBytes\": ")
            .append(l.sampledGrowth())
            .append(", \"maxAfterGcGrowthBytes\": ")
            .append(l.liveGrowth())
            .append(", \"batchFailures\": ")
            .append(l.failures())
            .append(", \"maxHeapBytes\": ")
            .append(l.maxHeap())
            .append('}');
        lsep = ", ";
      }
      b.append("], \"outcomes\": {");
      String osep = "";
      for (var o : e.outcomes().entrySet()) {
        b.append(osep).append(q(o.getKey())).append(": ").append(o.getValue());
        osep = ", ";
      }
      b.append("}, \"retriedTickets\": ").append(e.retriedTickets()).append('}');
      sep = ", ";
    }
    b.append("], \"pending\": [");
    sep = "";
    for (String name : emailPending) {
      b.append(sep).append(q(name));
      sep = ", ";
    }
    b.append("]}\n}\n");
    return b.toString();
  }

  private static String n(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
  }

  private static String q(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
