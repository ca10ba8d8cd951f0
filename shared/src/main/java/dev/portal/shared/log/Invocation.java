package dev.portal.shared.log;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Lambda invocation a thread is serving, so that every log line written during it names it:
 * Lambda's request id (what Lambda's own START/END/REPORT lines carry), whether it was the
 * container's first invocation, and the X-Ray trace id. Per thread because local mode and the tests
 * run several invocations at once; in Lambda one thread serves one invocation after another.
 */
public record Invocation(String awsRequestId, boolean coldStart, String traceId) {
  /**
   * The Java runtime sets this system property per invocation; the environment variable is the
   * other runtimes'.
   */
  static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

  static final String TRACE_ENV = "_X_AMZN_TRACE_ID";

  private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

  /**
   * Still true in a SnapStart snapshot (priming does not invoke the handler), so each restored
   * container reports its first invocation as the cold one, as Lambda's REPORT line does with its
   * Restore Duration.
   */
  private static final AtomicBoolean FIRST = new AtomicBoolean(true);

  /** Called by Micronaut's handler with the invocation's context before the function runs. */
  public static void begin(Context context) {
    String header = System.getProperty(TRACE_PROPERTY);
    if (header == null) header = System.getenv(TRACE_ENV);
    CURRENT.set(
        new Invocation(
            context == null ? null : context.getAwsRequestId(),
            FIRST.getAndSet(false),
            traceRoot(header)));
  }

  /** After the function returned or threw: lines written outside an invocation name none. */
  public static void end() {
    CURRENT.remove();
  }

  /** As in a new container: the next invocation is the cold one (tests). */
  static void newContainer() {
    FIRST.set(true);
  }

  static Invocation current() {
    return CURRENT.get();
  }

  /**
   * {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1} gives the
   * Root's value.
   */
  static String traceRoot(String header) {
    if (header == null || header.isBlank()) return null;
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith("Root=")) return p.substring(5);
    }
    return null;
  }
}
