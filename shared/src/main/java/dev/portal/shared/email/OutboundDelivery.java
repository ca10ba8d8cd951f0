package dev.portal.shared.email;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.log.JsonLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One batch of the outbound-mail queue through {@link NotifierService}: a failed mail is reported
 * (the queue brings it back, and after {@code maxReceiveCount} receives dead-letters it), but a
 * mail SES <em>throttled</em> is queued again as a new message, delayed by an exponential back-off,
 * and the original is reported done.
 *
 * <p>Why a copy and not a longer visibility timeout: SQS counts every receive toward {@code
 * maxReceiveCount}, whatever the function did with it, so a mail that SES throttles five times in a
 * row would be dead-lettered however long each wait. The copy starts with no receives and carries
 * its throttle count in a message attribute. Should the function die between queueing the copy and
 * the batch's end, both arrive; the notifier's claim sends the mail once.
 */
public final class OutboundDelivery {
  private final NotifierService notifier;
  private final Supplier<OutboundQueue> queue;
  private final IntFunction<Duration> backoff;

  /**
   * @param backoff the delay before the n-th retry of a throttled mail (n from 1)
   */
  public OutboundDelivery(
      NotifierService notifier, OutboundQueue queue, IntFunction<Duration> backoff) {
    this(notifier, () -> queue, backoff);
  }

  /**
   * @param queue asked only when SES throttles a mail: the notifier's wiring builds the queue (and
   *     its SQS client) then, not at start-up (see {@code EmailFactory})
   * @param backoff the delay before the n-th retry of a throttled mail (n from 1)
   */
  public OutboundDelivery(
      NotifierService notifier, Supplier<OutboundQueue> queue, IntFunction<Duration> backoff) {
    this.notifier = notifier;
    this.queue = queue;
    this.backoff = backoff;
  }

  /**
   * Exponential with jitter: {@code base · 2^(n-1)}, capped at SQS's longest delay (SES's guide
   * asks to wait "up to 10 minutes"), then drawn from its upper half, so throttled notifiers do not
   * all come back at the same second.
   */
  public static IntFunction<Duration> exponentialBackoff(Duration base) {
    return n -> {
      long cap = SqsOutboundQueue.MAX_DELAY.toMillis();
      long exp = base.toMillis() << Math.min(Math.max(n - 1, 0), 20);
      long full = Math.min(cap, exp);
      long half = full / 2;
      return Duration.ofMillis(
          half
              + (long)
                  (java.util.concurrent.ThreadLocalRandom.current().nextDouble() * (full - half)));
    };
  }

  public enum Outcome {
    DONE,
    THROTTLED_REQUEUED
  }

  /**
   * @param throttledBefore how many sends of this mail SES throttled already (the copy's attribute;
   *     0 at first)
   */
  public Outcome deliver(OutboundMail mail, int throttledBefore) {
    try {
      notifier.send(mail);
      return Outcome.DONE;
    } catch (MailSender.Throttled throttled) {
      int n = throttledBefore + 1;
      Duration delay = backoff.apply(n);
      queue.get().retryLater(mail, n, delay);
      JsonLog.warn(
          "outbound mail throttled by SES: queued again",
          "tenant",
          mail.tenantId(),
          "ticketSeq",
          mail.ticketSeq(),
          "kind",
          mail.kind(),
          "dedupeKey",
          mail.dedupeKey(),
          "throttledSends",
          n,
          "delaySeconds",
          delay.toSeconds());
      return Outcome.THROTTLED_REQUEUED;
    }
  }

  /**
   * The Lambda batch: each record delivered alone; the failed ones reported for the queue to retry.
   */
  public SQSBatchResponse handle(SQSEvent event) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage record :
        event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
      try {
        deliver(OutboundMail.read(record.getBody()), throttledSends(record.getMessageAttributes()));
      } catch (RuntimeException e) {
        JsonLog.error(
            "outbound mail failed: reported for retry, then the dead-letter queue",
            e,
            "requestId",
            record.getMessageId());
        failures.add(
            SQSBatchResponse.BatchItemFailure.builder()
                .withItemIdentifier(record.getMessageId())
                .build());
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  /** Our own attribute, read strictly: anything but a small non-negative number counts as none. */
  static int throttledSends(Map<String, SQSEvent.MessageAttribute> attributes) {
    SQSEvent.MessageAttribute a =
        attributes == null ? null : attributes.get(SqsOutboundQueue.THROTTLED_SENDS);
    String v = a == null ? null : a.getStringValue();
    if (v == null || v.isEmpty() || v.length() > 6) return 0;
    for (int i = 0; i < v.length(); i++) if (v.charAt(i) < '0' || v.charAt(i) > '9') return 0;
    return Integer.parseInt(v);
  }
}
