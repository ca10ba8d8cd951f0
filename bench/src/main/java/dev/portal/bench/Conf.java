package dev.portal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** bench/functions.conf: what the bench measures, one function a line. */
record Conf(List<Fn> functions) {
  enum Kind {
    /** An API Gateway HTTP API function (the API's request price applies). */
    HTTP,
    /**
     * An SQS-triggered function measured like an HTTP one (no API price; the event source's own SQS
     * requests are not counted).
     */
    SQS,
    /**
     * inbound-email: as SQS, plus messages/second of a typical mail and the heap a 25 MB mail
     * costs.
     */
    EMAIL
  }

  /**
   * A function: its kind, module name (jar and template resource), handler class and events (first
   * = cold/warm).
   */
  record Fn(
      Kind kind,
      String name,
      String handler,
      List<String> events,
      int maxWarmup,
      int maxIterations) {
    /** The warm-up this function gets: the run's, at most its own cap. */
    int warmup(int run) {
      return Math.min(run, maxWarmup);
    }

    /** The timed invocations this function gets: the run's, at most its own cap. */
    int iterations(int run) {
      return Math.min(run, maxIterations);
    }

    Path jar(Path root) {
      return root.resolve("functions").resolve(name).resolve("target").resolve(name + ".jar");
    }

    /**
     * The jar unpacked as Lambda's {@code /var/task} holds it (dev.portal.local.TaskDirectory):
     * what the cold and warm children load.
     */
    Path task(Path root) {
      return root.resolve("functions").resolve(name).resolve("target").resolve("task");
    }
  }

  /**
   * Only the functions named in {@code names} (comma-separated, e.g. {@code
   * create-ticket,ticket-actions}), in this file's order; blank: all of them. A name this file does
   * not have is an error, so a typo never measures nothing.
   */
  Conf only(String names) {
    if (names.isBlank()) return this;
    List<String> wanted = Arrays.stream(names.split(",")).map(String::strip).toList();
    for (String w : wanted) {
      if (functions.stream().noneMatch(f -> f.name().equals(w)))
        throw new IllegalArgumentException("BENCH_FUNCTIONS: no function " + w);
    }
    return new Conf(functions.stream().filter(f -> wanted.contains(f.name())).toList());
  }

  static Conf read(Path file) {
    List<Fn> fns = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] f = line.split("\\s+");
      if (f.length < 4)
        throw new IllegalArgumentException(file + ": want 'kind name handler event...': " + line);
      Kind kind =
          switch (f[0]) {
            case "http" -> Kind.HTTP;
            case "sqs" -> Kind.SQS;
            case "email" -> Kind.EMAIL;
            default -> throw new IllegalArgumentException(file + ": unknown kind " + f[0]);
          };
      // An optional last token warm=<warm-up>/<timed> caps the function's warm run: on moto a
      // write's
      // time grows with its table (bench/README.md), so a function whose warm event writes gets
      // fewer.
      int end = f.length;
      int maxWarmup = Integer.MAX_VALUE;
      int maxIterations = Integer.MAX_VALUE;
      if (f[end - 1].startsWith("warm=")) {
        String[] cap = f[end - 1].substring("warm=".length()).split("/");
        if (cap.length != 2)
          throw new IllegalArgumentException(file + ": want warm=<warm-up>/<timed>: " + line);
        maxWarmup = Integer.parseInt(cap[0]);
        maxIterations = Integer.parseInt(cap[1]);
        end--;
      }
      if (end < 4) throw new IllegalArgumentException(file + ": no event: " + line);
      fns.add(
          new Fn(
              kind, f[1], f[2], List.of(Arrays.copyOfRange(f, 3, end)), maxWarmup, maxIterations));
    }
    return new Conf(List.copyOf(fns));
  }
}
