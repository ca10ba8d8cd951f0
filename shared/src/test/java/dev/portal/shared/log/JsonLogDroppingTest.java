package dev.portal.shared.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What SnapStart priming's rounds may log: warnings and errors, nothing else. */
class JsonLogDroppingTest {
  private static List<Object> messages(Runnable block) {
    return InvocationLogTest.captured(block).stream().map(l -> l.get("msg")).toList();
  }

  @Test
  void infoLinesAndMetricsAreDroppedWarningsAndErrorsAreNot() {
    List<Object> seen =
        messages(
            () ->
                JsonLog.dropping(
                    () -> {
                      JsonLog.info("request", "status", 404);
                      Metrics.count(Metrics.Metric.TICKETS_CREATED, "portal", "tenant", "t");
                      JsonLog.warn("a warning");
                      JsonLog.error("request failed", new IllegalStateException("why"));
                      return null;
                    }));
    assertEquals(List.of("a warning", "request failed"), seen);
  }

  @Test
  void theLogIsAsBeforeAfterAThrowAndAfterANestedCall() {
    List<Object> seen =
        messages(
            () -> {
              assertThrows(
                  IllegalStateException.class,
                  () ->
                      JsonLog.dropping(
                          () -> {
                            throw new IllegalStateException("priming failed");
                          }));
              JsonLog.info("after a throw");
              JsonLog.dropping(
                  () -> {
                    JsonLog.dropping(() -> null);
                    JsonLog.info("inside, after a nested call");
                    return null;
                  });
              JsonLog.info("after");
            });
    assertEquals(List.of("after a throw", "after"), seen);
  }

  @Test
  void withoutDroppingEveryLevelIsWritten() {
    assertEquals(
        List.of("one", "two"),
        messages(
            () -> {
              JsonLog.info("one");
              JsonLog.warn("two");
            }));
  }
}
