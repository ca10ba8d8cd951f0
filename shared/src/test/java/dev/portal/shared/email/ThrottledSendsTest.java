package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.http.Json;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send SES throttles is queued again with a growing delay, never reported failed, so the queue's
 * redrive never dead-letters it; any other failure is reported as before. SES is a double of our
 * own {@link MailSender}.
 */
class ThrottledSendsTest {
  private static ApplicationContext context;
  private static Json json;

  record Requeued(OutboundMail mail, int throttledSends, Duration delay) {}

  private final MailPipeline pipeline = new MailPipeline();
  private final List<Requeued> requeued = new ArrayList<>();
  private final OutboundQueue queue =
      new OutboundQueue() {
        @Override
        public void enqueue(OutboundMail mail) {
          throw new AssertionError("the notifier only queues again");
        }

        @Override
        public void retryLater(OutboundMail mail, int throttledSends, Duration delay) {
          requeued.add(new Requeued(mail, throttledSends, delay));
        }
      };
  private OutboundDelivery delivery;
  private OutboundMail ack;

  @BeforeAll
  static void json() {
    context = ApplicationContext.builder().start();
    json = context.getBean(Json.class);
  }

  @AfterAll
  static void close() {
    context.close();
  }

  @BeforeEach
  void aTicketThatOwesAnAcknowledgement() throws IOException {
    pipeline.deliver(
        "From: Alice <alice@client.example>\r\nTo: "
            + MailPipeline.MAILBOX
            + "\r\nSubject: Printer on fire\r\nMessage-ID: <p1@client.example>\r\n\r\nIt smokes.\r\n");
    ack = pipeline.tickets.outbox(0).getFirst();
    delivery =
        new OutboundDelivery(
            pipeline.notifier, queue, OutboundDelivery.exponentialBackoff(Duration.ofSeconds(30)));
  }

  private long emailSent() {
    return pipeline.events(1).stream().filter(e -> e.type() == EventType.EMAIL_SENT).count();
  }

  @Test
  void aThrottledSendIsQueuedAgainWithAGrowingDelayAndSentOnceSesRecovers() {
    pipeline.sesFailure = new MailSender.Throttled("Maximum sending rate exceeded.", null);
    assertEquals(OutboundDelivery.Outcome.THROTTLED_REQUEUED, delivery.deliver(ack, 0));
    assertEquals(OutboundDelivery.Outcome.THROTTLED_REQUEUED, delivery.deliver(ack, 1));
    assertEquals(OutboundDelivery.Outcome.THROTTLED_REQUEUED, delivery.deliver(ack, 7));
    assertEquals(List.of(1, 2, 8), requeued.stream().map(Requeued::throttledSends).toList());
    assertEquals(ack, requeued.getFirst().mail());
    Duration first = requeued.get(0).delay();
    Duration second = requeued.get(1).delay();
    assertTrue(
        first.compareTo(Duration.ofSeconds(15)) >= 0
            && first.compareTo(Duration.ofSeconds(30)) <= 0,
        first::toString);
    assertTrue(
        second.compareTo(Duration.ofSeconds(30)) >= 0
            && second.compareTo(Duration.ofSeconds(60)) <= 0,
        second::toString);
    assertTrue(
        requeued.get(2).delay().compareTo(Duration.ofSeconds(900)) <= 0,
        "SQS delays at most 15 minutes");
    assertEquals(0, pipeline.sent.size());
    assertEquals(0, emailSent());

    pipeline.sesFailure = null;
    assertEquals(
        OutboundDelivery.Outcome.DONE,
        delivery.deliver(ack, 8),
        "the throttled send gave its claim up");
    assertEquals(1, pipeline.sent.size());
    assertEquals(1, emailSent());
  }

  @Test
  void aThrottledRecordIsNoBatchFailureAndAnyOtherFailureIs() {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId("m1");
    record.setBody(json.write(ack));
    record.setMessageAttributes(Map.of(SqsOutboundQueue.THROTTLED_SENDS, attribute("3")));
    SQSEvent event = new SQSEvent();
    event.setRecords(List.of(record));

    pipeline.sesFailure = new MailSender.Throttled("Daily message quota exceeded.", null);
    SQSBatchResponse throttled = delivery.handle(event);
    assertEquals(List.of(), throttled.getBatchItemFailures());
    assertEquals(
        4, requeued.getFirst().throttledSends(), "the copy's count goes on from the attribute");

    pipeline.sesFailure = new IllegalStateException("SES is down");
    assertEquals(
        List.of("m1"),
        delivery.handle(event).getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList());
    assertEquals(
        1,
        requeued.size(),
        "a failure that is no throttle is retried by the queue, then dead-lettered");
    assertThrows(IllegalStateException.class, () -> delivery.deliver(ack, 0));
  }

  @Test
  void aThrottleCountThatIsNoSmallNumberCountsAsNone() {
    for (String v : new String[] {"-1", "1e9", "abc", "", "9999999", " 3", "3.5"}) {
      assertEquals(
          0,
          OutboundDelivery.throttledSends(Map.of(SqsOutboundQueue.THROTTLED_SENDS, attribute(v))),
          v);
    }
    assertEquals(0, OutboundDelivery.throttledSends(null));
    assertEquals(
        12,
        OutboundDelivery.throttledSends(Map.of(SqsOutboundQueue.THROTTLED_SENDS, attribute("12"))));
  }

  @Test
  void theBackOffDoublesAndStopsAtFifteenMinutes() {
    var backoff = OutboundDelivery.exponentialBackoff(Duration.ofSeconds(30));
    for (int n = 1; n < 40; n++) {
      long full = Math.min(900, 30L << Math.min(n - 1, 20));
      long s = backoff.apply(n).toSeconds();
      assertTrue(s >= full / 2 && s <= full, n + ": " + s);
    }
  }

  private static SQSEvent.MessageAttribute attribute(String value) {
    SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
    a.setDataType("Number");
    a.setStringValue(value);
    return a;
  }
}
