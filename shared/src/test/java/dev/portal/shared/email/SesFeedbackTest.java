package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.http.Json;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SES's bounce and complaint events as its documentation shows them (shared/src/test/resources/ses,
 * with our tenant tag), and what they may not do: name a tenant that is not ours, or an address the
 * mail never went to.
 */
class SesFeedbackTest {
  private static ApplicationContext context;
  private static Json json;

  @BeforeAll
  static void json() {
    context = ApplicationContext.builder().start();
    json = context.getBean(Json.class);
  }

  @AfterAll
  static void close() {
    context.close();
  }

  static String fixture(String name) {
    try (InputStream in = SesFeedbackTest.class.getResourceAsStream("/ses/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPermanentBounceSuppressesItsRecipientForTheTaggedTenant() {
    SesFeedback.Event e = SesFeedback.parse(json, fixture("bounce-permanent.json"));
    assertEquals(SesFeedback.Kind.HARD_BOUNCE, e.kind());
    assertEquals("acme", e.tenantId());
    assertEquals(List.of("recipient@example.com"), e.recipients());
    assertEquals("General", e.detail());
    assertEquals(Instant.parse("2017-08-05T00:41:02.669Z"), e.at());
    assertEquals("EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000", e.sesMessageId());
    assertEquals(Suppression.Reason.BOUNCE, e.suppression().orElseThrow().reason());
  }

  @Test
  void aComplaintSuppressesAndATransientBounceDoesNot() {
    SesFeedback.Event complaint = SesFeedback.parse(json, fixture("complaint.json"));
    assertEquals(SesFeedback.Kind.COMPLAINT, complaint.kind());
    assertEquals("abuse", complaint.detail());
    assertEquals(Suppression.Reason.COMPLAINT, complaint.suppression().orElseThrow().reason());
    SesFeedback.Event soft = SesFeedback.parse(json, fixture("bounce-transient.json"));
    assertEquals(SesFeedback.Kind.SOFT_BOUNCE, soft.kind());
    assertTrue(soft.suppression().isEmpty());
  }

  @Test
  void anSnsEnvelopeIsUnwrapped() {
    String body = fixture("complaint.json");
    String envelope = "{\"Type\":\"Notification\",\"Message\":" + json.write(body) + "}";
    assertEquals(SesFeedback.Kind.COMPLAINT, SesFeedback.parse(json, envelope).kind());
  }

  @Test
  void whoseMailItWasComesOnlyFromOneValidTenantTag() {
    String bounce = fixture("bounce-permanent.json");
    for (String tags :
        new String[] {
          "\"portal-tenant\": []",
          "\"portal-tenant\": [\"acme\", \"other\"]",
          "\"portal-tenant\": [\"TENANT#x\"]",
          "\"portal-tenant\": [\"\"]",
          "\"portal-tenant\": [\"" + "a".repeat(65) + "\"]",
          "\"portal-tenant\": [\"acme\\n\"]",
          "\"portal-tenant\": \"acme\"",
          "\"portal-tenant\": [7]",
          "\"Portal-Tenant\": [\"acme\"]",
          "\"other\": [\"acme\"]"
        }) {
      String forged = bounce.replace("\"portal-tenant\": [\"acme\"]", tags);
      assertThrows(IllegalArgumentException.class, () -> SesFeedback.parse(json, forged), tags);
    }
  }

  @Test
  void aRecipientMustBeOneValidAddressTheMailWentTo() {
    String bounce = fixture("bounce-permanent.json");
    String stranger =
        bounce.replace(
            "{\"emailAddress\": \"recipient@example.com\"",
            "{\"emailAddress\": \"ceo@victim.example\"");
    assertThrows(
        IllegalArgumentException.class,
        () -> SesFeedback.parse(json, stranger),
        "not a destination");
    String two =
        bounce.replace(
            "\"recipient@example.com\", \"action\"",
            "\"recipient@example.com, ceo@victim.example\", \"action\"");
    assertThrows(
        IllegalArgumentException.class, () -> SesFeedback.parse(json, two), "two addresses in one");
    String none = bounce.replace("\"bouncedRecipients\": [", "\"bouncedRecipients\": [], \"x\": [");
    assertThrows(IllegalArgumentException.class, () -> SesFeedback.parse(json, none), "nobody");
    String upper =
        bounce.replace(
            "\"destination\": [\"recipient@example.com\"]",
            "\"destination\": [\"Recipient@Example.com\"]");
    assertEquals(
        List.of("recipient@example.com"),
        SesFeedback.parse(json, upper).recipients(),
        "addresses compare lower-cased");
  }

  @Test
  void otherEventsAndNonEventsAreToldApart() {
    String delivery =
        fixture("bounce-permanent.json")
            .replace("\"eventType\": \"Bounce\"", "\"eventType\": \"Delivery\"");
    assertThrows(SesFeedback.NotFeedback.class, () -> SesFeedback.parse(json, delivery));
    String receipt = "{\"notificationType\":\"Received\",\"mail\":{},\"receipt\":{}}";
    assertThrows(
        IllegalArgumentException.class,
        () -> SesFeedback.parse(json, receipt),
        "a receipt notification");
    assertThrows(RuntimeException.class, () -> SesFeedback.parse(json, "not json"));
    assertThrows(
        IllegalArgumentException.class,
        () -> SesFeedback.parse(json, "x".repeat(SesFeedback.MAX_BODY + 1)));
    String badTime =
        fixture("bounce-permanent.json").replace("\"2017-08-05T00:41:02.669Z\"", "\"yesterday\"");
    assertThrows(IllegalArgumentException.class, () -> SesFeedback.parse(json, badTime));
    String noType = fixture("bounce-permanent.json").replace("\"bounceType\": \"Permanent\",", "");
    assertThrows(IllegalArgumentException.class, () -> SesFeedback.parse(json, noType));
  }

  @Test
  void theNotifierSendsNothingToASuppressedAddressAndSaysWhyOnce() throws IOException {
    MailPipeline pipeline = new MailPipeline();
    MailFeedbackService feedback = new MailFeedbackService(pipeline.mail, json, pipeline.clock);
    String bounce =
        fixture("bounce-permanent.json")
            .replace("recipient@example.com", "alice@client.example")
            .replace("[\"acme\"]", "[\"" + MailPipeline.TENANT + "\"]");
    assertTrue(feedback.record(SesFeedback.parse(json, bounce)).isPresent());

    pipeline.deliver(
        "From: Alice <alice@client.example>\r\nTo: "
            + MailPipeline.MAILBOX
            + "\r\nSubject: Printer on fire\r\nMessage-ID: <p1@client.example>\r\n\r\nIt smokes.\r\n");
    OutboundMail ack = pipeline.tickets.outbox(0).getFirst();
    assertEquals(NotifierService.Result.SUPPRESSED, pipeline.notifier.send(ack));
    assertEquals(
        NotifierService.Result.DUPLICATE,
        pipeline.notifier.send(ack),
        "no retry: the claim is closed");
    assertEquals(0, pipeline.sent.size());
    List<TicketEvent> notSent =
        pipeline.events(1).stream().filter(e -> e.type() == EventType.EMAIL_NOT_SENT).toList();
    assertEquals(1, notSent.size());
    assertTrue(!notSent.getFirst().isPublic(), "agents only");
    assertEquals("suppressed", notSent.getFirst().data().get("reason"));
    assertEquals("bounce", notSent.getFirst().data().get("suppression"));
    assertEquals("General", notSent.getFirst().data().get("detail"));
  }

  @Test
  void aSuppressionOfAnotherTenantOrASoftBounceLeavesTheMailGoing() throws IOException {
    MailPipeline pipeline = new MailPipeline();
    MailFeedbackService feedback = new MailFeedbackService(pipeline.mail, json, pipeline.clock);
    String alice =
        fixture("bounce-permanent.json").replace("recipient@example.com", "alice@client.example");
    feedback.record(SesFeedback.parse(json, alice.replace("[\"acme\"]", "[\"someone-else\"]")));
    feedback.record(
        SesFeedback.parse(
            json,
            fixture("bounce-transient.json")
                .replace("recipient@example.com", "alice@client.example")
                .replace("[\"acme\"]", "[\"" + MailPipeline.TENANT + "\"]")));

    pipeline.deliver(
        "From: Alice <alice@client.example>\r\nTo: "
            + MailPipeline.MAILBOX
            + "\r\nSubject: Printer on fire\r\nMessage-ID: <p1@client.example>\r\n\r\nIt smokes.\r\n");
    assertEquals(
        NotifierService.Result.SENT, pipeline.notifier.send(pipeline.tickets.outbox(0).getFirst()));
    assertEquals(1, pipeline.sent.size());
  }
}
