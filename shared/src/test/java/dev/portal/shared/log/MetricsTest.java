package dev.portal.shared.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The EMF line CloudWatch Logs turns into a metric ("Embedded metric format specification"): a
 * {@code _aws} block naming namespace, dimension sets and metrics, and the dimension and the value
 * as members of the same object.
 */
class MetricsTest {
  @AfterEach
  void clear() {
    Invocation.end();
  }

  @Test
  void aCountIsAnEmbeddedMetricFormatLineWithItsDimensionAndTheInvocation() {
    Invocation.begin(new InvocationLogTest.RequestId("req-emf"));
    List<Map<String, Object>> lines =
        InvocationLogTest.captured(
            () -> Metrics.count(Metrics.Metric.MAILS_RECEIVED, "quarantined", "tenant", "acme"));
    assertEquals(1, lines.size());
    Map<String, Object> line = lines.getFirst();
    Map<?, ?> aws = (Map<?, ?>) line.get("_aws");
    assertTrue(aws.get("Timestamp") instanceof Number, "Timestamp in epoch milliseconds: " + aws);
    Map<?, ?> directive = (Map<?, ?>) ((List<?>) aws.get("CloudWatchMetrics")).getFirst();
    assertEquals(
        Metrics.DEFAULT_NAMESPACE,
        directive.get("Namespace"),
        "METRICS_NAMESPACE is unset in tests");
    assertEquals(List.of(List.of("Outcome")), directive.get("Dimensions"));
    assertEquals(
        List.of(Map.of("Name", "MailsReceived", "Unit", "Count")), directive.get("Metrics"));
    assertEquals("quarantined", line.get("Outcome"));
    assertEquals(1, line.get("MailsReceived"));
    assertEquals("acme", line.get("tenant"));
    assertEquals("req-emf", line.get("awsRequestId"));
  }

  @Test
  void everyMetricHasItsOwnNameAndOneDimension() {
    assertEquals(
        List.of("TicketsCreated", "MailsReceived", "MailsSent", "SlaWarnings", "SlaBreaches"),
        java.util.Arrays.stream(Metrics.Metric.values()).map(Metrics.Metric::metricName).toList());
    assertEquals("HelpdeskPortal/prod", Metrics.namespace("HelpdeskPortal/prod"));
    assertEquals(Metrics.DEFAULT_NAMESPACE, Metrics.namespace(" "));
  }
}
