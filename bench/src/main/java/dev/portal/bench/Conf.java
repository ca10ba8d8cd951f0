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
  record Fn(Kind kind, String name, String handler, List<String> events) {
    Path jar(Path root) {
      return root.resolve("functions").resolve(name).resolve("target").resolve(name + ".jar");
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
      fns.add(new Fn(kind, f[1], f[2], List.of(Arrays.copyOfRange(f, 3, f.length))));
    }
    return new Conf(List.copyOf(fns));
  }
}
