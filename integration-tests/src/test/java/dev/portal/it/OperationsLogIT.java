package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.portal.local.LocalLambdaContext;
import dev.portal.shared.log.JsonLog;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What CloudWatch gets from the functions' standard output, through their real entry points: every
 * line of an invocation names Lambda's request id, the cold start and the X-Ray trace, and the
 * business events are EMF metric lines (docs/operations.md).
 */
class OperationsLogIT {
  private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
  private static final String TRACE =
      "Root=1-6751d2a0-0123456789abcdef01234567;Parent=1a2b3c4d5e6f7a8b;Sampled=1";

  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);

  @Test
  void aCreatedTicketLogsItsRequestLineAndItsMetricUnderTheInvocation() {
    Backend api = Backend.get();
    APIGatewayV2HTTPEvent event =
        Req.from("create-ticket.json")
            .as(f.alice)
            .header("idempotency-key", null)
            .body("{\"subject\":\"logged\",\"description\":\"with its invocation\"}")
            .event();
    List<JsonNode> lines =
        captured(
            () -> {
              System.setProperty(TRACE_PROPERTY, TRACE);
              try {
                assertEquals(
                    201,
                    api.createTicket
                        .handle(event, new LocalLambdaContext("lambda-req-1"))
                        .getStatusCode());
              } finally {
                System.clearProperty(TRACE_PROPERTY);
              }
              JsonLog.info("after the invocation");
            });

    JsonNode request = only(lines, "request");
    assertEquals("lambda-req-1", request.get("awsRequestId").getStringValue());
    assertEquals("1-6751d2a0-0123456789abcdef01234567", request.get("traceId").getStringValue());
    assertTrue(request.get("coldStart").isBoolean(), request.toString());

    JsonNode metric = only(lines, "metric TicketsCreated");
    assertEquals("portal", metric.get("Channel").getStringValue());
    assertEquals(1, metric.get("TicketsCreated").getIntValue());
    assertEquals("lambda-req-1", metric.get("awsRequestId").getStringValue());
    JsonNode directive = metric.get("_aws").get("CloudWatchMetrics").get(0);
    assertEquals("TicketsCreated", directive.get("Metrics").get(0).get("Name").getStringValue());
    assertEquals("Channel", directive.get("Dimensions").get(0).get(0).getStringValue());

    assertEquals(
        null,
        only(lines, "after the invocation").get("awsRequestId"),
        "the invocation's fields end with it (Micronaut's AfterExecutionEvent)");
  }

  @Test
  void aReceivedMailCountsItsOutcomeAndItsAcknowledgementCountsAsSent() {
    String alice = "alice@" + mail.globexDomain();
    mail.addContact(f.globex, alice, "Alice Example");
    List<JsonNode> lines =
        captured(
            () -> {
              mail.deliver(
                  MailKit.message(
                      "Alice <" + alice + ">",
                      mail.mailbox,
                      "Metrics",
                      "metrics-1@" + mail.globexDomain(),
                      "Counted.\n"));
              mail.drainOutbound();
            });
    JsonNode received = only(lines, "metric MailsReceived");
    assertEquals("ticket", received.get("Outcome").getStringValue());
    assertEquals(f.tenant, received.get("tenant").getStringValue());
    JsonNode created = only(lines, "metric TicketsCreated");
    assertEquals("email", created.get("Channel").getStringValue());
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    msg(l).equals("metric MailsSent")
                        && l.get("Kind").getStringValue().equals("acknowledgement")
                        && l.get("tenant").getStringValue().equals(f.tenant)),
        "the acknowledgement counted as sent");
  }

  private List<JsonNode> captured(Runnable block) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      block.run();
    } finally {
      System.setOut(original);
    }
    Backend api = Backend.get();
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> l.startsWith("{"))
        .map(l -> api.json.parse(l.getBytes(StandardCharsets.UTF_8)))
        .toList();
  }

  private static JsonNode only(List<JsonNode> lines, String message) {
    List<JsonNode> found = lines.stream().filter(l -> msg(l).equals(message)).toList();
    assertEquals(1, found.size(), () -> message + " in " + lines);
    return found.getFirst();
  }

  private static String msg(JsonNode line) {
    JsonNode m = line.get("msg");
    return m == null ? "" : m.getStringValue();
  }
}
