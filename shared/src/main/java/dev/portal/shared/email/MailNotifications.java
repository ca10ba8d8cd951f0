package dev.portal.shared.email;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.service.TicketService;

/**
 * Queues the mails a ticket change owes its requester: a public agent comment, a resolution.
 *
 * <p>Queueing happens after the ticket write committed and is not atomic with it. The choice: a failed enqueue is
 * logged loudly ({@code outbound mail lost}, with tenant, ticket and event) and the request still succeeds, because
 * the change itself happened and the agent sees it; an email may therefore be missing, never sent twice (the notifier
 * dedupes on the event id). An outbox item in the ticket's transaction drained by a stream would close the gap.
 */
public final class MailNotifications {
  private final OutboundQueue queue;

  public MailNotifications(OutboundQueue queue) {
    this.queue = queue;
  }

  public void commentAdded(Caller caller, TicketService.Applied applied) {
    if (!caller.isStaff() || applied.events().isEmpty()) return;
    TicketEvent comment = applied.events().getLast();
    if (comment.type() != EventType.COMMENT || !comment.isPublic()) return;
    Ticket t = applied.ticket();
    enqueue(new OutboundMail(t.tenantId(), t.seq(), OutboundMail.AGENT_REPLY, comment.id(),
        String.valueOf(comment.data().get("body"))));
  }

  /** After a PATCH: a ticket that this very change resolved gets a resolution notice. */
  public void ticketChanged(Ticket t) {
    if (t.status() != TicketStatus.RESOLVED || t.resolvedAt() == null || !t.resolvedAt().equals(t.updatedAt())) return;
    enqueue(new OutboundMail(t.tenantId(), t.seq(), OutboundMail.RESOLVED, "resolved-" + t.seq() + "-" + t.version(), null));
  }

  public void acknowledge(Ticket t) {
    enqueue(new OutboundMail(t.tenantId(), t.seq(), OutboundMail.ACKNOWLEDGEMENT, "ack-" + t.seq(), null));
  }

  private void enqueue(OutboundMail mail) {
    try {
      queue.enqueue(mail);
    } catch (RuntimeException e) {
      JsonLog.error("outbound mail lost: enqueue failed after the ticket write", e, "tenant", mail.tenantId(),
          "ticketSeq", mail.ticketSeq(), "kind", mail.kind(), "dedupeKey", mail.dedupeKey());
    }
  }
}
