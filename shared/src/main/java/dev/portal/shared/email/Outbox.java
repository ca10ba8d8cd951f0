package dev.portal.shared.email;

import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.StreamImages;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Drains the outbox: the table's stream carries every new timeline event; one that owes its
 * requester a mail ({@code TicketEvent.mail}, written with the ticket's change: in its transaction,
 * or listed on the ticket and written from its stream record if the process died before the event)
 * is queued for the notifier. So no enqueue after the commit could fail alone.
 *
 * <p>At least once, and that is enough: a retried stream batch queues the mail again, and the
 * notifier sends each dedupe key (the event id) once.
 */
public final class Outbox {
  private final OutboundQueue queue;

  public Outbox(OutboundQueue queue) {
    this.queue = queue;
  }

  /**
   * @param eventName the stream record's INSERT, MODIFY or REMOVE: only an event's first write
   *     calls for mail
   * @return the mail queued, if the record called for one
   */
  public Optional<OutboundMail> dispatch(String eventName, Map<String, AttributeValue> newImage) {
    if (!"INSERT".equals(eventName)) return Optional.empty();
    Optional<OutboundMail> mail = StreamImages.outboundMail(newImage);
    mail.ifPresent(
        m -> {
          queue.enqueue(m);
          JsonLog.info(
              "outbound mail queued",
              "tenant",
              m.tenantId(),
              "ticketSeq",
              m.ticketSeq(),
              "kind",
              m.kind(),
              "dedupeKey",
              m.dedupeKey());
        });
    return mail;
  }
}
