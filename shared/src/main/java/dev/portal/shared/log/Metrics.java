package dev.portal.shared.log;

/**
 * Business metrics as CloudWatch Embedded Metric Format: a log line whose {@code _aws} block tells
 * CloudWatch Logs to extract a metric from it, so a count costs no API call and no client library,
 * and the line stays searchable with the invocation's request and trace ids. Namespace from {@code
 * METRICS_NAMESPACE} (the template sets it per stack). The set of metrics and their one dimension
 * each is closed here: a dimension value must stay low-cardinality (never a tenant or a ticket),
 * since each value is a metric of its own.
 */
public final class Metrics {
  /** A counted event and the one dimension it is split by. */
  public enum Metric {
    /**
     * A ticket written, by {@code Channel} ({@code portal}, {@code email}); idempotent replays
     * write none.
     */
    TICKETS_CREATED("TicketsCreated", "Channel"),
    /**
     * An inbound message's final outcome, by {@code Outcome} (the mail log's, or {@code
     * no_mailbox}).
     */
    MAILS_RECEIVED("MailsReceived", "Outcome"),
    /**
     * A mail SES accepted, by {@code Kind} ({@code acknowledgement}, {@code agent_reply}, {@code
     * resolved}).
     */
    MAILS_SENT("MailsSent", "Kind"),
    /**
     * An SLA clock's warning point reached unmet, by {@code Clock} ({@code reaction}, {@code
     * resolution}).
     */
    SLA_WARNINGS("SlaWarnings", "Clock"),
    /**
     * An SLA clock's due time passed unmet, by {@code Clock} ({@code reaction}, {@code
     * resolution}).
     */
    SLA_BREACHES("SlaBreaches", "Clock");

    private final String metricName;
    private final String dimension;

    Metric(String metricName, String dimension) {
      this.metricName = metricName;
      this.dimension = dimension;
    }

    public String metricName() {
      return metricName;
    }

    public String dimension() {
      return dimension;
    }
  }

  static final String DEFAULT_NAMESPACE = "HelpdeskPortal/local";
  private static final String NAMESPACE = namespace(System.getenv("METRICS_NAMESPACE"));

  private Metrics() {}

  /**
   * One occurrence of {@code metric} for the dimension's {@code value}; {@code context} adds plain
   * key/value pairs to the line (a tenant, a ticket number) that are searchable but are no
   * dimension.
   */
  public static void count(Metric metric, String value, Object... context) {
    Object[] kv = new Object[6 + context.length];
    kv[0] = "_aws";
    kv[1] = new JsonLog.RawJson(emf(NAMESPACE, metric, System.currentTimeMillis()));
    kv[2] = metric.dimension;
    kv[3] = value == null ? "unknown" : value;
    kv[4] = metric.metricName;
    kv[5] = 1;
    System.arraycopy(context, 0, kv, 6, context.length);
    JsonLog.always("metric " + metric.metricName, kv);
  }

  /**
   * The EMF directive; names come from the enum and the namespace from the template, none needs
   * escaping.
   */
  static String emf(String namespace, Metric metric, long timestampMillis) {
    return "{\"Timestamp\":"
        + timestampMillis
        + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
        + namespace
        + "\",\"Dimensions\":[[\""
        + metric.dimension
        + "\"]],\"Metrics\":[{\"Name\":\""
        + metric.metricName
        + "\",\"Unit\":\"Count\"}]}]}";
  }

  static String namespace(String configured) {
    return configured == null || configured.isBlank() ? DEFAULT_NAMESPACE : configured;
  }
}
