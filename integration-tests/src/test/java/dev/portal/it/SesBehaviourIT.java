package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.QueuePoller;
import dev.portal.shared.email.MailSender;
import dev.portal.shared.email.NotifierService;
import dev.portal.shared.email.OutboundDelivery;
import dev.portal.shared.email.OutboundMail;
import dev.portal.shared.email.SqsOutboundQueue;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SES as it behaves in AWS where moto does not (docs/aws-behaviour.md): the Message-ID it writes
 * over ours, the sending rate it enforces, and the bounces and complaints its configuration set
 * publishes.
 */
class SesBehaviourIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);

  private String alice() {
    return "alice@" + mail.globexDomain();
  }

  private static List<String> types(Backend.Res events) {
    List<String> types = new ArrayList<>();
    for (JsonNode e : events.items().values()) types.add(e.get("type").getStringValue());
    return types;
  }

  private JsonNode lastOf(String ticketId, String type) {
    JsonNode found = null;
    for (JsonNode e : f.events(f.agent, ticketId).items().values()) {
      if (type.equals(e.get("type").getStringValue())) found = e;
    }
    return found;
  }

  /** Alice's mail opens a ticket and the real notifier acknowledges it through moto's SES. */
  private String acknowledgedTicket(String subject) {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            subject,
            subject.replace(' ', '-') + "@" + mail.globexDomain(),
            "Help\n"));
    String ticketId = mail.onlyLogEntry().get("ticketId").getStringValue();
    mail.drainOutbound();
    assertEquals(1, mail.sentTo(alice()).size(), "the acknowledgement");
    return ticketId;
  }

  @Test
  void aReplyQuotingOnlySesOwnMessageIdThreadsIntoTheTicketInEitherDomainForm() {
    String ticketId = acknowledgedTicket("Printer on fire");
    JsonNode sent = lastOf(ticketId, "email_sent");
    String sesId = sent.get("data").get("sesMessageId").getStringValue();
    assertTrue(sesId != null && !sesId.isBlank(), "moto's SES returned an id");

    mail.deliver(
        MailKit.message(
            alice(),
            mail.mailbox,
            "Re: it smokes",
            "r1@" + mail.globexDomain(),
            "Still smoking.\n",
            "In-Reply-To: <" + sesId + "@email.amazonses.com>"));
    mail.deliver(
        MailKit.message(
            alice(),
            mail.mailbox,
            "Re: it smokes",
            "r2@" + mail.globexDomain(),
            "Now it is on fire.\n",
            "References: <" + sesId + "@eu-west-1.amazonses.com>"));

    Backend.Res comments = mail.mailLog("outcome", "comment");
    assertEquals(2, comments.items().size(), comments::describe);
    for (JsonNode c : comments.items().values())
      assertEquals(ticketId, c.get("ticketId").getStringValue());
    assertEquals(1, mail.mailLog("outcome", "ticket").items().size(), "no second ticket");
    assertEquals(
        List.of("created", "email_received", "email_sent", "email_received", "email_received"),
        types(f.events(f.agent, ticketId)));
  }

  @Test
  void aLookAlikeOfSesDomainThreadsNothing() {
    String ticketId = acknowledgedTicket("Look alike");
    String sesId = lastOf(ticketId, "email_sent").get("data").get("sesMessageId").getStringValue();
    mail.deliver(
        MailKit.message(
            alice(),
            mail.mailbox,
            "Another matter",
            "l1@" + mail.globexDomain(),
            "Unrelated.\n",
            "In-Reply-To: <" + sesId + "@evil.amazonses.com.example>"));
    assertEquals(0, mail.mailLog("outcome", "comment").items().size());
    assertEquals(2, mail.mailLog("outcome", "ticket").items().size(), "a ticket of its own");
  }

  private static long seq(String ticketId) {
    return Long.parseLong(ticketId.split("-")[1]);
  }

  private static int depth(SqsClient sqs, String url) {
    var a =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    return a.values().stream().mapToInt(Integer::parseInt).sum();
  }

  @Test
  void mailThatSesThrottlesMoreOftenThanTheQueueRedrivesIsSentOnceAndNeverDeadLettered()
      throws InterruptedException {
    String ticketId = acknowledgedTicket("Throttled");
    SqsClient sqs = mail.sqs();
    String name = "ses-throttle-" + f.tenant;
    String dlq = sqs.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
    // Local mode's redrive: 3 receives, then the dead-letter queue; failed messages come back after
    // 1 s.
    String url = LocalMain.queueWithRedrive(sqs, name, dlq, 1);

    ApplicationContext ctx = mail.api.context;
    MailSender ses = ctx.getBean(MailSender.class);
    AtomicInteger throttles = new AtomicInteger(LocalMain.MAX_RECEIVES + 2);
    AtomicInteger calls = new AtomicInteger();
    MailSender throttling =
        (from, to, raw, tenant) -> {
          calls.incrementAndGet();
          if (throttles.getAndDecrement() > 0)
            throw new MailSender.Throttled("Maximum sending rate exceeded.", null);
          return ses.sendRaw(from, to, raw, tenant);
        };
    NotifierService notifier =
        new NotifierService(
            ctx.getBean(MailStore.class),
            ctx.getBean(TicketStore.class),
            ctx.getBean(TicketService.class),
            throttling,
            ctx.getBean(Clock.class),
            Duration.ofSeconds(LocalMain.OUTBOUND_LEASE_SECONDS));
    SqsOutboundQueue queue = new SqsOutboundQueue(sqs, url, mail.api.json);
    OutboundDelivery delivery = new OutboundDelivery(notifier, queue, n -> Duration.ofSeconds(1));
    queue.enqueue(
        new OutboundMail(
            f.tenant,
            seq(ticketId),
            OutboundMail.AGENT_REPLY,
            "throttled-" + f.tenant,
            "We rebooted the printer."));

    QueuePoller poller = new QueuePoller(sqs, url, name, (event, id) -> delivery.handle(event));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (mail.sentTo(alice()).size() < 2 && System.nanoTime() < deadline) {
      poller.drain();
      Thread.sleep(300);
    }
    assertEquals(2, mail.sentTo(alice()).size(), "the acknowledgement and the throttled reply");
    assertEquals(
        LocalMain.MAX_RECEIVES + 3,
        calls.get(),
        "throttled 5 times (more than maxReceiveCount 3), then sent");
    assertEquals(0, depth(sqs, dlq), "nothing dead-lettered");
    assertEquals(0, depth(sqs, url), "nothing left queued");
    int replies = 0;
    for (JsonNode e : f.events(f.agent, ticketId).items().values()) {
      if ("email_sent".equals(e.get("type").getStringValue())
          && "agent_reply".equals(e.get("data").get("kind").getStringValue())) replies++;
    }
    assertEquals(1, replies, "one email_sent for the reply");
  }

  /**
   * SES's documented bounce event (events/mail-feedback-sqs.json) for Alice's mail of this tenant.
   */
  private String bounceFor(String address, String bounceType) {
    String body =
        EventLoader.loadSQSEvent(Req.eventsDir().resolve("mail-feedback-sqs.json").toString())
            .getRecords()
            .getFirst()
            .getBody();
    return body.replace("bounced@globex.example", address)
        .replace("[\"demo\"]", "[\"" + f.tenant + "\"]")
        .replace("\"Permanent\"", "\"" + bounceType + "\"");
  }

  /**
   * Queues the event bodies as SNS (raw message delivery) puts them on the feedback queue, and runs
   * the function.
   */
  private void feedback(String... bodies) {
    SqsClient sqs = mail.sqs();
    String url = sqs.createQueue(r -> r.queueName("ses-feedback-" + f.tenant)).queueUrl();
    for (String body : bodies) sqs.sendMessage(r -> r.queueUrl(url).messageBody(body));
    new QueuePoller(
            sqs,
            url,
            "ses-feedback",
            (event, id) -> {
              var response = mail.api.mailFeedback.handle(event, new LocalLambdaContext(id));
              assertEquals(List.of(), response.getBatchItemFailures());
              return response;
            })
        .drain();
    assertEquals(0, depth(sqs, url));
  }

  private JsonNode contact(String email) {
    Backend.Res contacts =
        Req.from("tenant-admin-list-clients.json")
            .as(f.agent)
            .path("/v1/clients/" + f.globex + "/contacts")
            .send(mail.api.tenantAdmin);
    assertEquals(200, contacts.status(), contacts::describe);
    for (JsonNode c : contacts.items().values())
      if (email.equals(c.get("email").getStringValue())) return c;
    throw new AssertionError("no contact " + email + ": " + contacts.describe());
  }

  @Test
  void aHardBounceSuppressesTheContactAndItsNextMailIsRecordedNotSentWhileASoftOneChangesNothing() {
    String ticketId = acknowledgedTicket("Bounce");
    feedback(bounceFor(alice(), "Transient"));
    assertTrue(contact(alice()).get("suppressed").isNull(), "a soft bounce suppresses nothing");

    feedback(bounceFor(alice(), "Permanent"), bounceFor(alice(), "Permanent"));
    JsonNode suppressed = contact(alice()).get("suppressed");
    assertEquals("bounce", suppressed.get("reason").getStringValue());
    assertEquals("General", suppressed.get("detail").getStringValue());
    assertEquals("2017-08-05T00:41:02.669Z", suppressed.get("at").getStringValue());

    assertEquals(201, f.comment(f.agent, ticketId, "{\"body\":\"Did the toner help?\"}").status());
    mail.drainOutbound();
    assertEquals(1, mail.sentTo(alice()).size(), "only the acknowledgement from before the bounce");
    JsonNode notSent = lastOf(ticketId, "email_not_sent");
    assertTrue(notSent != null, "the timeline says the reply was not mailed");
    assertEquals("suppressed", notSent.get("data").get("reason").getStringValue());
    assertEquals("agent_reply", notSent.get("data").get("kind").getStringValue());
    assertTrue(!notSent.get("public").getBooleanValue(), "agents only");
    Backend.Res clientView = f.events(f.bob, ticketId);
    assertEquals(200, clientView.status(), clientView::describe);
    assertTrue(!types(clientView).contains("email_not_sent"), "the client never sees it");
  }

  @Test
  void aBounceTaggedForAnotherTenantSuppressesNothingHere() {
    acknowledgedTicket("Other tenant");
    String other =
        bounceFor(alice(), "Permanent")
            .replace("[\"" + f.tenant + "\"]", "[\"" + Backend.newTenant() + "\"]");
    feedback(other);
    assertTrue(contact(alice()).get("suppressed").isNull());
  }
}
