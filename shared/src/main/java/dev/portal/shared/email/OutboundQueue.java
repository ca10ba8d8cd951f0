package dev.portal.shared.email;

import java.time.Duration;

/** The queue the notifier function consumes (SQS). */
public interface OutboundQueue {
  void enqueue(OutboundMail mail);

  /**
   * Queues the mail again, invisible for {@code delay}, as a new message whose receives start from
   * none: a mail SES throttled is not one that failed, and must never reach the dead-letter queue
   * for it.
   *
   * @param throttledSends how many sends of this mail SES has throttled so far (for the next
   *     back-off)
   */
  void retryLater(OutboundMail mail, int throttledSends, Duration delay);
}
