package dev.portal.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SLA ticker in template.yaml: an EventBridge rule (SAM {@code Schedule}) every minute, not a
 * Scheduler one-time schedule; the function's DynamoDB rights exactly what it calls, never Scan;
 * the projections function (which writes the buckets) allowed BatchWriteItem and no third consumer
 * on the table's stream.
 */
class SlaTickerTemplateTest {
  private static Map<String, Object> resources;

  @BeforeAll
  static void read() throws IOException {
    resources = map(CloudFormationYaml.read(CloudFormationYaml.templatePath()).get("Resources"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of(o);
  }

  private static Map<String, Object> props(String resource) {
    Map<String, Object> r = map(resources.get(resource));
    assertNotNull(r, resource + " is missing");
    return map(r.get("Properties"));
  }

  private static Set<String> dynamoActions(String function) {
    Set<String> out = new TreeSet<>();
    for (Object policy : list(props(function).get("Policies"))) {
      if (!(policy instanceof Map<?, ?> p) || p.get("Statement") == null) continue;
      for (Object st : list(p.get("Statement"))) {
        for (Object a : list(map(st).get("Action")))
          if (a.toString().startsWith("dynamodb:")) out.add(a.toString());
      }
    }
    return out;
  }

  @Test
  void anEventBridgeRuleRunsTheTickerEveryMinute() {
    Map<String, Object> fn = props("SlaTickerFunction");
    assertEquals("dev.portal.fn.slaticker.SlaTickerFunction::handleRequest", fn.get("Handler"));
    Map<String, Object> events = map(fn.get("Events"));
    assertEquals(1, events.size(), events::toString);
    Map<String, Object> event = map(events.values().iterator().next());
    assertEquals(
        "Schedule",
        event.get("Type"),
        "an EventBridge rule (SAM Schedule), not ScheduleV2 (Scheduler)");
    assertEquals("rate(1 minute)", map(event.get("Properties")).get("Schedule"));
    assertTrue(
        resources.values().stream()
            .noneMatch(r -> "AWS::Scheduler::Schedule".equals(map(r).get("Type"))),
        "no EventBridge Scheduler schedules");
  }

  @Test
  void theTickerMayReadItsKeysAndWriteItsEventsButNeverScan() {
    assertEquals(
        new TreeSet<>(
            List.of(
                "dynamodb:Query",
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:PutItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:UpdateItem")),
        dynamoActions("SlaTickerFunction"));
    assertEquals(
        new TreeSet<>(
            List.of(
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:BatchWriteItem")),
        dynamoActions("ProjectionsFunction"),
        "projections writes the minute buckets");
  }

  @Test
  void theTableStreamStillHasTwoConsumers() {
    List<String> consumers = new ArrayList<>();
    resources.forEach(
        (name, r) -> {
          Map<String, Object> p = map(map(r).get("Properties"));
          if (p == null || p.get("Events") == null) return;
          for (Object e : map(p.get("Events")).values())
            if ("DynamoDB".equals(map(e).get("Type"))) consumers.add(name);
        });
    assertEquals(Set.of("OutboxFunction", "ProjectionsFunction"), Set.copyOf(consumers));
  }
}
