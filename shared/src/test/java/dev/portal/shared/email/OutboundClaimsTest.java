package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's "exactly once with no gap" for outbound mail: a notifier that dies at each step of a
 * send, and what the queue's next delivery of the same mail then does. The notifier's lease here is
 * 60 s.
 */
class OutboundClaimsTest {
  private final MailPipeline pipeline = new MailPipeline();
  private OutboundMail ack;

  @BeforeEach
  void aTicketThatOwesAnAcknowledgement() throws IOException {
    pipeline.deliver(
        "From: Alice <alice@client.example>\r\nTo: "
            + MailPipeline.MAILBOX
            + "\r\nSubject: Printer on fire\r\nMessage-ID: <p1@client.example>\r\n\r\nIt smokes.\r\n");
    List<OutboundMail> owed = pipeline.tickets.outbox(0);
    assertEquals(1, owed.size(), owed::toString);
    ack = owed.getFirst();
    assertEquals(OutboundMail.ACKNOWLEDGEMENT, ack.kind());
    assertEquals(
        pipeline.events(1).getFirst().id(),
        ack.dedupeKey(),
        "the created event is the outbox entry");
  }

  private List<TicketEvent> emailSent() {
    return pipeline.events(1).stream().filter(e -> e.type() == EventType.EMAIL_SENT).toList();
  }

  /** The sent header's id without its angle brackets, as ids are stored and looked up. */
  private String messageIdOf(MailPipeline.Sent sent) {
    String header =
        sent.text().lines().filter(l -> l.startsWith("Message-ID: <")).findFirst().orElseThrow();
    return header.substring("Message-ID: <".length(), header.length() - 1);
  }

  @Test
  void aSenderThatDiedHoldingTheClaimHoldsOthersOffUntilItsLeaseRunsOutThenTheMailGoesOnce() {
    Instant now = pipeline.clock.instant();
    assertTrue(
        pipeline
            .mail
            .claimOutbound(
                MailPipeline.TENANT,
                ack.dedupeKey(),
                "dead-sender",
                now,
                now.plus(Duration.ofSeconds(60)))
            .isEmpty(),
        "the dead sender took the claim");

    assertThrows(NotifierService.InFlight.class, () -> pipeline.notifier.send(ack));
    assertEquals(0, pipeline.sent.size(), "nobody sends while the lease holds");

    pipeline.clock.advance(Duration.ofSeconds(61));
    assertEquals(NotifierService.Result.SENT, pipeline.notifier.send(ack));
    assertEquals(NotifierService.Result.DUPLICATE, pipeline.notifier.send(ack));
    assertEquals(1, pipeline.sent.size());
    assertEquals(1, emailSent().size());
  }

  @Test
  void aFailureAfterSesAcceptedLeavesTheMailSentAndTheRetryWritesItsFollowUpsWithoutSendingAgain() {
    RuntimeException throttled = new RuntimeException("ProvisionedThroughputExceeded");
    var apply = pipeline.tickets.alsoWrites;
    pipeline.tickets.alsoWrites =
        (tenant, also) -> {
          if (also.stream().anyMatch(a -> a instanceof TicketStore.Also.OutboundDone))
            throw throttled;
          apply.accept(tenant, also);
        };
    assertSame(throttled, assertThrows(RuntimeException.class, () -> pipeline.notifier.send(ack)));
    assertEquals(1, pipeline.sent.size(), "SES accepted it");
    assertEquals(List.of(), emailSent());
    assertEquals(
        MailStore.OutboundState.SENT,
        pipeline.mail.outbound.get(MailPipeline.TENANT + "#" + ack.dedupeKey()).state());

    pipeline.tickets.alsoWrites = apply;
    assertEquals(NotifierService.Result.FINISHED, pipeline.notifier.send(ack));
    assertEquals(1, pipeline.sent.size(), "not sent again");
    String messageId = messageIdOf(pipeline.sent.getFirst());
    List<TicketEvent> events = emailSent();
    assertEquals(1, events.size());
    assertEquals(messageId, events.getFirst().data().get("messageId"));
    assertEquals(
        "ses-1",
        events.getFirst().data().get("sesMessageId"),
        "SES's own id is kept with the send");
    assertEquals(
        1L,
        pipeline.mail.ticketOfMessage(MailPipeline.TENANT, messageId).orElseThrow(),
        "a reply quoting it threads into the ticket");
    assertTrue(
        pipeline
            .mail
            .thread(MailPipeline.TENANT, 1)
            .orElseThrow()
            .messageIds()
            .contains(messageId));
    assertEquals(NotifierService.Result.DUPLICATE, pipeline.notifier.send(ack));
  }

  @Test
  void aSendSesRefusedGivesTheClaimUpSoTheRetrySends() {
    pipeline.sesFailure = new RuntimeException("Throttling: Maximum sending rate exceeded");
    assertThrows(RuntimeException.class, () -> pipeline.notifier.send(ack));
    assertEquals(0, pipeline.sent.size());

    pipeline.sesFailure = null;
    assertEquals(NotifierService.Result.SENT, pipeline.notifier.send(ack), "no lease to wait for");
    assertEquals(1, pipeline.sent.size());
  }

  @Test
  void anOutboxReadAgainSendsNothingTwice() {
    List<MailPipeline.Sent> first = pipeline.sendQueued();
    assertEquals(1, first.size());
    // The stream may hand the same records over again (a retried batch): each is sent once.
    pipeline.tickets.outbox(0).forEach(pipeline.notifier::send);
    assertEquals(1, pipeline.sent.size());
  }
}
