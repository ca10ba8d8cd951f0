package dev.portal.shared.email;

import dev.portal.shared.log.JsonLog;
import java.time.Duration;

/**
 * Where no outbound queue is configured (OUTBOUND_QUEUE_URL unset): nothing is sent, and the log
 * says so.
 */
public final class DisabledOutboundQueue implements OutboundQueue {
  @Override
  public void enqueue(OutboundMail mail) {
    JsonLog.warn(
        "outbound mail not queued: OUTBOUND_QUEUE_URL is not set",
        "tenant",
        mail.tenantId(),
        "ticketSeq",
        mail.ticketSeq(),
        "kind",
        mail.kind());
  }

  /**
   * Fails, so the delivery is reported failed and the queue brings it back as any failure (the
   * notifier's set-up is wrong).
   */
  @Override
  public void retryLater(OutboundMail mail, int throttledSends, Duration delay) {
    throw new IllegalStateException(
        "a throttled mail cannot be queued again: OUTBOUND_QUEUE_URL is not set");
  }
}
