package dev.portal.shared.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portal.shared.domain.Times;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One JSON object per line on standard output, which Lambda ships to CloudWatch as one event.
 * Callers pass key/value pairs; never a body, a token or a whole email address. A line written
 * during a Lambda invocation also carries {@code awsRequestId}, {@code coldStart} and {@code
 * traceId} ({@link Invocation}).
 */
public final class JsonLog {
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  private static final Level THRESHOLD = parse(System.getenv("LOG_LEVEL"));

  /**
   * Where INFO and DEBUG lines (request lines and metrics among them) go instead of {@code
   * System.out} while set: SnapStart priming sends its thousands to a null stream, so they are
   * formatted (and the formatting compiled) but reach neither the function's log nor its metrics.
   * WARN and ERROR lines still go out: a read that fails while priming says why. Only the init
   * thread sets it, before any request.
   */
  private static volatile PrintStream diverted;

  private JsonLog() {}

  public static void info(String message, Object... keyValues) {
    write(Level.INFO, message, null, keyValues);
  }

  public static void warn(String message, Object... keyValues) {
    write(Level.WARN, message, null, keyValues);
  }

  public static void error(String message, Throwable error, Object... keyValues) {
    write(Level.ERROR, message, error, keyValues);
  }

  /**
   * {@code alice@globex.example} becomes {@code a***@globex.example}: enough to tell callers apart
   * in a log.
   */
  public static String maskEmail(String email) {
    if (email == null) return null;
    int at = email.indexOf('@');
    return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
  }

  /**
   * Runs {@code work} with its INFO and DEBUG lines formatted and then dropped ({@link #diverted});
   * the log is as before afterwards, also when {@code work} throws or when calls nest.
   */
  public static <T> T dropping(Supplier<T> work) {
    PrintStream before = diverted;
    diverted = new PrintStream(OutputStream.nullOutputStream(), false, UTF_8);
    try {
      return work.get();
    } finally {
      diverted = before;
    }
  }

  /** A value written as it is: JSON the caller built (an EMF {@code _aws} block). */
  record RawJson(String json) {}

  /** Whatever the level threshold: a metric line ({@link Metrics}) is data, not chatter. */
  static void always(String message, Object... keyValues) {
    line(Level.INFO, message, null, keyValues);
  }

  private static void write(Level level, String message, Throwable error, Object... kv) {
    if (level.ordinal() < THRESHOLD.ordinal()) return;
    line(level, message, error, kv);
  }

  private static void line(Level level, String message, Throwable error, Object... kv) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"ts\":\"")
        .append(Times.text(Instant.now()))
        .append("\",\"level\":\"")
        .append(level)
        .append("\",\"msg\":");
    quote(b, message);
    Invocation invocation = Invocation.current();
    if (invocation != null) {
      field(b, "awsRequestId", invocation.awsRequestId());
      field(b, "coldStart", invocation.coldStart());
      field(b, "traceId", invocation.traceId());
    }
    for (int i = 0; i + 1 < kv.length; i += 2) field(b, String.valueOf(kv[i]), kv[i + 1]);
    if (error != null) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      b.append(",\"error\":");
      quote(b, trace.toString());
    }
    b.append('}').append(System.lineSeparator());
    // Read at each line, not kept: a test that replaces System.out sees the log (Lambda never
    // replaces it). Encoded here in the stream's own charset and written as one array, as println
    // would have written it, without its writer and encoder layers (one line per request, at
    // least).
    PrintStream d = diverted;
    PrintStream out = d == null || level.ordinal() >= Level.WARN.ordinal() ? System.out : d;
    out.writeBytes(b.toString().getBytes(out.charset()));
  }

  private static void field(StringBuilder b, String key, Object v) {
    if (v == null) return;
    b.append(',');
    quote(b, key);
    b.append(':');
    if (v instanceof Number || v instanceof Boolean) b.append(v);
    else if (v instanceof RawJson raw) b.append(raw.json());
    else quote(b, String.valueOf(v));
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    b.append('"');
  }

  private static Level parse(String s) {
    if (s == null) return Level.INFO;
    try {
      return Level.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Level.INFO;
    }
  }
}
