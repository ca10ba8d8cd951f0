package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.http.Json;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SES receipt notification: envelope recipients and verdicts, raw or inside an SNS envelope.
 */
class SesNotificationsTest {
  private static ApplicationContext context;
  private static Json json;

  @BeforeAll
  static void start() {
    context = ApplicationContext.run();
    json = new Json(context.getBean(JsonMapper.class));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void readsTheEnvelopeRecipientsNotTheHeaders() {
    String body =
        SesNotifications.write(
                "bucket",
                "raw/abc",
                List.of("support@acme.example", "help@acme.example"),
                "abc",
                "2026-11-24T19:00:00Z")
            .replace(
                "\"spamVerdict\":{\"status\":\"PASS\"}", "\"spamVerdict\":{\"status\":\"FAIL\"}");
    InboundNotification n = SesNotifications.parse(body);
    assertEquals(
        new InboundNotification(
            "bucket",
            "raw/abc",
            List.of("support@acme.example", "help@acme.example"),
            new InboundNotification.Verdicts("FAIL", "PASS", "PASS", "PASS", "PASS", null),
            "",
            "abc"),
        n);
  }

  @Test
  void readsTheAuthenticationVerdictsThePolicyAndTheEnvelopeSender() {
    var verdicts =
        new InboundNotification.Verdicts("PASS", "PASS", "FAIL", "PASS", "FAIL", "reject");
    String body =
        SesNotifications.write(
            "b",
            "raw/k",
            List.of("s@x.example"),
            "k",
            "2026-11-24T19:00:00Z",
            "bounce@mail.globex.example",
            verdicts);
    InboundNotification n = SesNotifications.parse(body);
    assertEquals(verdicts, n.verdicts());
    assertEquals("bounce@mail.globex.example", n.envelopeFrom());
  }

  @Test
  void unwrapsAnSnsEnvelope() {
    String inner =
        SesNotifications.write("b", "raw/k", List.of("s@x.example"), "k", "2026-11-24T19:00:00Z");
    String envelope =
        "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"Message\":" + json.write(inner) + "}";
    assertEquals("raw/k", SesNotifications.parse(envelope).key());
  }

  @Test
  void refusesAnythingElse() {
    assertThrows(IllegalArgumentException.class, () -> SesNotifications.parse("{\"Records\":[]}"));
  }

  @Test
  void refusesABodyThatIsNoJsonObject() {
    for (String body :
        new String[] {"not json", "[1]", "{\"receipt\":{}} trailing", "{\"a\":1,\"a\":2}"}) {
      assertThrows(IllegalArgumentException.class, () -> SesNotifications.parse(body), body);
    }
  }

  @Test
  void takesFieldsOfTheWrongTypeAsAbsent() {
    String body =
        "{\"mail\":{\"source\":7,\"messageId\":\"m\"},\"receipt\":{\"recipients\":[\"s@x.example\"],"
            + "\"spamVerdict\":{\"status\":true},\"action\":{\"type\":\"S3\",\"bucketName\":\"b\","
            + "\"objectKey\":\"raw/k\"}}}";
    InboundNotification n = SesNotifications.parse(body);
    assertEquals("raw/k", n.key());
    assertEquals(List.of("s@x.example"), n.recipients());
    assertEquals(null, n.envelopeFrom());
    assertEquals(null, n.verdicts().spam());
  }
}
