package dev.portal.shared.email;

import dev.portal.shared.log.JsonLog;

/** Where no outbound queue is configured (OUTBOUND_QUEUE_URL unset): nothing is sent, and the log says so. */
public final class DisabledOutboundQueue implements OutboundQueue {
  @Override
  public void enqueue(OutboundMail mail) {
    JsonLog.warn("outbound mail not queued: OUTBOUND_QUEUE_URL is not set", "tenant", mail.tenantId(),
        "ticketSeq", mail.ticketSeq(), "kind", mail.kind());
  }
}
