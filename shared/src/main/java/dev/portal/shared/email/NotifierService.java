package dev.portal.shared.email;

import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.MailThread;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.mail.HeaderText;
import dev.portal.shared.mail.MailSyntax;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one queued mail: from the mailbox the ticket came in through (the tenant's first mailbox for portal tickets),
 * to the requester, with the ticket number in the subject and threading headers; then remembers its Message-ID and
 * records an {@code email_sent} event.
 *
 * <p>Exactly once per {@code dedupeKey}: a conditional put claims the key before sending. A send that fails releases
 * the claim and throws, so the queue retries; a crash after the send and before the event keeps the claim, so the
 * mail is never sent twice (the event may then be missing).
 */
public final class NotifierService {
  private final MailStore mail;
  private final TicketStore tickets;
  private final TicketService ticketService;
  private final MailSender sender;
  private final Clock clock;

  public NotifierService(MailStore mail, TicketStore tickets, TicketService ticketService, MailSender sender, Clock clock) {
    this.mail = mail;
    this.tickets = tickets;
    this.ticketService = ticketService;
    this.sender = sender;
    this.clock = clock;
  }

  /** REFUSED: the requester's address (or the mailbox's) is no valid single address, so nothing can be sent. */
  public enum Result { SENT, DUPLICATE, NO_MAILBOX, NO_TICKET, REFUSED }

  public Result send(OutboundMail out) {
    Optional<Ticket> found = tickets.find(out.tenantId(), out.ticketSeq());
    if (found.isEmpty()) {
      JsonLog.warn("outbound mail dropped: no such ticket", "tenant", out.tenantId(), "ticketSeq", out.ticketSeq());
      return Result.NO_TICKET;
    }
    Ticket ticket = found.get();
    Optional<MailThread> thread = mail.thread(out.tenantId(), ticket.seq());
    String from = thread.map(MailThread::mailbox).orElse(null);
    if (from == null) from = mail.mailboxes(out.tenantId(), 1, null).items().stream().findFirst().map(Mailbox::address).orElse(null);
    if (from == null) {
      JsonLog.info("outbound mail not sent: the tenant has no mailbox", "tenant", out.tenantId(), "ticket", ticket.number(),
          "kind", out.kind());
      return Result.NO_MAILBOX;
    }
    // Threads stored before ids were validated may hold ones that OutboundMessage refuses: they are left out, so an
    // old bad id costs the threading headers, never the mail. Subject and name are free text (the portal's too).
    List<String> references = new ArrayList<>(thread.map(MailThread::messageIds).orElse(List.of()).stream()
        .filter(MailSyntax::isMessageId).toList());
    String inReplyTo = thread.map(MailThread::lastClientMessageId).filter(MailSyntax::isMessageId).orElse(null);
    OutboundMessage message;
    try {
      message = OutboundMessage.write(from, null, ticket.requester().email(), HeaderText.clean(ticket.requester().name()),
          HeaderText.clean(subject(ticket, out.kind())), text(ticket, out), inReplyTo, references,
          autoSubmitted(out.kind()), clock.instant());
    } catch (IllegalArgumentException e) {
      JsonLog.warn("outbound mail not sent: " + e.getMessage(), "tenant", out.tenantId(), "ticket", ticket.number(),
          "kind", out.kind());
      return Result.REFUSED;
    }
    if (!mail.claimOutbound(out.tenantId(), out.dedupeKey(), clock.instant())) {
      JsonLog.info("outbound mail sent already", "tenant", out.tenantId(), "ticket", ticket.number(), "kind", out.kind());
      return Result.DUPLICATE;
    }
    try {
      sender.sendRaw(from, List.of(ticket.requester().email()), message.bytes());
    } catch (RuntimeException e) {
      mail.releaseOutbound(out.tenantId(), out.dedupeKey());
      throw e;
    }
    mail.rememberMessage(out.tenantId(), message.messageId(), ticket.seq());
    references.add(message.messageId());
    while (references.size() > MailThread.MAX_REFERENCES) references.removeFirst();
    mail.putThread(out.tenantId(), ticket.seq(), new MailThread(from, inReplyTo, references));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", out.kind());
    data.put("messageId", message.messageId());
    data.put("from", from);
    data.put("to", ticket.requester().email());
    data.put("subject", HeaderText.clean(subject(ticket, out.kind())));
    ticketService.recordSystemEvent(out.tenantId(), ticket.seq(), new TicketService.EventDraft(EventType.EMAIL_SENT, true, data));
    JsonLog.info("outbound mail sent", "tenant", out.tenantId(), "ticket", ticket.number(), "kind", out.kind(),
        "to", JsonLog.maskEmail(ticket.requester().email()));
    return Result.SENT;
  }

  /** An acknowledgement answers a message; a resolution notice answers nothing; an agent's reply is a person's. */
  static String autoSubmitted(String kind) {
    return switch (kind) {
      case OutboundMail.ACKNOWLEDGEMENT -> "auto-replied";
      case OutboundMail.RESOLVED -> "auto-generated";
      default -> null;
    };
  }

  static String subject(Ticket t, String kind) {
    String tag = "[" + t.number() + "] ";
    return switch (kind) {
      case OutboundMail.AGENT_REPLY -> tag + "Re: " + t.subject();
      case OutboundMail.RESOLVED -> tag + "Resolved: " + t.subject();
      default -> tag + t.subject();
    };
  }

  private static String text(Ticket t, OutboundMail out) {
    String footer = "\n\n--\nTicket " + t.number() + ". Reply to this email to add to it; keep [" + t.number()
        + "] in the subject.\n";
    return switch (out.kind()) {
      case OutboundMail.AGENT_REPLY -> out.body() + footer;
      case OutboundMail.RESOLVED -> "Your ticket " + t.number() + " (" + t.subject() + ") has been resolved.\n"
          + "If the problem is still there, just reply and the ticket reopens." + footer;
      default -> "Thank you for your message. We have opened ticket " + t.number() + " (" + t.subject()
          + ") and will get back to you." + footer;
    };
  }
}
