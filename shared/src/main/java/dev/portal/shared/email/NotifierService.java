package dev.portal.shared.email;

import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.MailThread;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.log.Metrics;
import dev.portal.shared.log.Metrics.Metric;
import dev.portal.shared.mail.HeaderText;
import dev.portal.shared.mail.MailSyntax;
import dev.portal.shared.mail.SesMessageIds;
import dev.portal.shared.service.Ids;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one queued mail: from the mailbox the ticket came in through (the tenant's first mailbox for portal tickets),
 * to the requester, with the ticket number in the subject and threading headers; then remembers its Message-ID and
 * records an {@code email_sent} event. Both Message-IDs are remembered: ours, and the one SES writes over it
 * ({@link SesMessageIds}), which is the only one the client's reply can quote.
 *
 * <p>Once per {@code dedupeKey} (the event that called for the mail), through a claim with a state:
 * <ol>
 *   <li>{@code claimed} with a lease longer than the function's timeout, before SES is asked. A send SES refuses
 *       releases it (the queue retries); a sender that dies holding it leaves it to run out, and the next delivery
 *       takes it over and sends.</li>
 *   <li>{@code sent} with the Message-ID, SES's own id and what the follow-ups need, right after SES accepted.</li>
 *   <li>{@code done} in one transaction with the {@code email_sent} event, the Message-ID's mapping and the thread. A
 *       failure before it leaves {@code sent}, and a retry writes the follow-ups without sending again.</li>
 * </ol>
 * The one window left: SES accepted, then the process died before step 2's single write. SES has no idempotency key, so
 * the lease's takeover sends that mail a second time: at least once there, never lost.
 */
public final class NotifierService {
  private final MailStore mail;
  private final TicketStore tickets;
  private final TicketService ticketService;
  private final MailSender sender;
  private final Clock clock;
  private final Duration lease;

  /** @param lease how long a claim keeps others from sending: longer than the function's timeout */
  public NotifierService(MailStore mail, TicketStore tickets, TicketService ticketService, MailSender sender, Clock clock,
      Duration lease) {
    this.mail = mail;
    this.tickets = tickets;
    this.ticketService = ticketService;
    this.sender = sender;
    this.clock = clock;
    this.lease = lease;
  }

  /**
   * REFUSED: the requester's address (or the mailbox's) is no valid single address, so nothing can be sent. FINISHED:
   * sent by an earlier delivery, whose follow-ups this one wrote. SUPPRESSED: the address hard-bounced or complained;
   * nothing was sent, an internal {@code email_not_sent} event says why, and no retry follows.
   */
  public enum Result { SENT, DUPLICATE, FINISHED, NO_MAILBOX, NO_TICKET, REFUSED, SUPPRESSED }

  /** Another delivery holds the mail's claim and its lease has not run out: retry later. */
  public static final class InFlight extends RuntimeException {
    public InFlight(String dedupeKey) {
      super("outbound mail " + dedupeKey + " is being sent by another delivery", null, false, false);
    }
  }

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
    if (out.toStaff()) return toStaff(out, ticket, from);
    // Threads stored before ids were validated may hold ones that OutboundMessage refuses: they are left out, so an
    // old bad id costs the threading headers, never the mail. Subject and name are free text (the portal's too).
    List<String> references = validIds(thread);
    String inReplyTo = thread.map(MailThread::lastClientMessageId).filter(MailSyntax::isMessageId).orElse(null);
    String subject = HeaderText.clean(subject(ticket, out.kind()));
    OutboundMessage message;
    try {
      message = OutboundMessage.write(from, null, ticket.requester().email(), HeaderText.clean(ticket.requester().name()),
          subject, text(ticket, out), inReplyTo, references, autoSubmitted(out.kind()), clock.instant());
    } catch (IllegalArgumentException e) {
      JsonLog.warn("outbound mail not sent: " + e.getMessage(), "tenant", out.tenantId(), "ticket", ticket.number(),
          "kind", out.kind());
      return Result.REFUSED;
    }
    Optional<Suppression> suppressed = mail.suppression(out.tenantId(), ticket.requester().email());
    String token = Ids.random(12);
    Instant now = clock.instant();
    Optional<MailStore.OutboundClaim> held = mail.claimOutbound(out.tenantId(), out.dedupeKey(), token, now, now.plus(lease));
    if (held.isPresent()) return earlier(out, ticket, held.get(), thread);
    if (suppressed.isPresent()) return notSent(out, ticket, token, suppressed.get());
    String sesMessageId;
    try {
      sesMessageId = sender.sendRaw(from, List.of(ticket.requester().email()), message.bytes(), out.tenantId());
    } catch (RuntimeException e) {
      mail.releaseOutbound(out.tenantId(), out.dedupeKey(), token);
      throw e;
    }
    // Counted when SES accepted it, whatever the bookkeeping after: the mail is on its way.
    Metrics.count(Metric.MAILS_SENT, out.kind(), "tenant", out.tenantId());
    MailStore.SentMail sent = new MailStore.SentMail(from, ticket.requester().email(), subject, message.messageId(),
        sesMessageId, inReplyTo);
    if (!mail.outboundSent(out.tenantId(), out.dedupeKey(), token, sent)) {
      JsonLog.warn("outbound mail sent after its claim's lease ran out: another delivery may have sent it too",
          "tenant", out.tenantId(), "ticket", ticket.number(), "kind", out.kind(), "dedupeKey", out.dedupeKey());
      return Result.SENT;
    }
    finish(out, ticket, sent, thread);
    JsonLog.info("outbound mail sent", "tenant", out.tenantId(), "ticket", ticket.number(), "kind", out.kind(),
        "to", JsonLog.maskEmail(ticket.requester().email()), "sesMessageId", sesMessageId);
    return Result.SENT;
  }

  /**
   * A staff notification (an SLA warning or breach): one mail per recipient, each under its own claim
   * ({@code <event id>/<email>}), so a retried delivery sends only to those not yet done. It stays out of the
   * client's mail thread: no threading headers, and its {@code email_sent} event is internal.
   */
  private Result toStaff(OutboundMail out, Ticket ticket, String from) {
    Result result = Result.DUPLICATE;
    for (String to : out.to()) {
      String key = out.dedupeKey() + "/" + to;
      OutboundMessage message;
      String subject = HeaderText.clean(subject(ticket, out.kind()));
      try {
        message = OutboundMessage.write(from, null, to, null, subject, text(ticket, out), null, List.of(),
            "auto-generated", clock.instant());
      } catch (IllegalArgumentException e) {
        JsonLog.warn("outbound mail not sent: " + e.getMessage(), "tenant", out.tenantId(), "ticket", ticket.number(),
            "kind", out.kind());
        continue;
      }
      if (mail.suppression(out.tenantId(), to).isPresent()) {
        JsonLog.info("outbound mail not sent: the address is suppressed", "tenant", out.tenantId(),
            "ticket", ticket.number(), "kind", out.kind(), "to", JsonLog.maskEmail(to));
        continue;
      }
      String token = Ids.random(12);
      Instant now = clock.instant();
      Optional<MailStore.OutboundClaim> held = mail.claimOutbound(out.tenantId(), key, token, now, now.plus(lease));
      if (held.isPresent()) {
        if (held.get().state() == MailStore.OutboundState.CLAIMED) throw new InFlight(key);
        if (held.get().state() == MailStore.OutboundState.SENT) staffSent(out, ticket, key, held.get().sent());
        continue;
      }
      String sesMessageId;
      try {
        sesMessageId = sender.sendRaw(from, List.of(to), message.bytes(), out.tenantId());
      } catch (RuntimeException e) {
        mail.releaseOutbound(out.tenantId(), key, token);
        throw e;
      }
      Metrics.count(Metric.MAILS_SENT, out.kind(), "tenant", out.tenantId());
      MailStore.SentMail sent = new MailStore.SentMail(from, to, subject, message.messageId(), sesMessageId, null);
      if (mail.outboundSent(out.tenantId(), key, token, sent)) staffSent(out, ticket, key, sent);
      JsonLog.info("outbound mail sent", "tenant", out.tenantId(), "ticket", ticket.number(), "kind", out.kind(),
          "to", JsonLog.maskEmail(to), "sesMessageId", sesMessageId);
      result = Result.SENT;
    }
    return result;
  }

  private void staffSent(OutboundMail out, Ticket ticket, String key, MailStore.SentMail sent) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", out.kind());
    data.put("messageId", sent.messageId());
    if (sent.sesMessageId() != null) data.put("sesMessageId", sent.sesMessageId());
    data.put("from", sent.from());
    data.put("to", sent.to());
    data.put("subject", sent.subject());
    try {
      ticketService.recordSystemEvent(out.tenantId(), ticket.seq(), new TicketService.EventDraft(EventType.EMAIL_SENT,
          false, data), List.of(new TicketStore.Also.OutboundDone(key)));
    } catch (TicketStore.ClaimLost finishedByAnother) {
      JsonLog.info("outbound mail finished by another delivery", "tenant", out.tenantId(), "ticket", ticket.number());
    }
  }

  /**
   * Closes the claim without a send, in one transaction with an internal {@code email_not_sent} event that tells
   * agents why: SES reported the address (a hard bounce or a complaint), and mailing it again would cost the account's
   * reputation. The claim's {@code done} makes every later delivery of the mail a duplicate: no retry.
   */
  private Result notSent(OutboundMail out, Ticket ticket, String token, Suppression s) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", out.kind());
    data.put("to", ticket.requester().email());
    data.put("reason", "suppressed");
    data.put("suppression", s.reason().wire());
    if (s.detail() != null) data.put("detail", s.detail());
    if (s.at() != null) data.put("since", dev.portal.shared.domain.Times.iso(s.at()));
    try {
      ticketService.recordSystemEvent(out.tenantId(), ticket.seq(), new TicketService.EventDraft(EventType.EMAIL_NOT_SENT,
          false, data), List.of(new TicketStore.Also.OutboundNotSent(out.dedupeKey(), token, "suppressed: " + s.reason().wire())));
    } catch (TicketStore.ClaimLost takenOver) {
      JsonLog.info("outbound mail closed by another delivery", "tenant", out.tenantId(), "ticket", ticket.number());
    } catch (RuntimeException e) {
      mail.releaseOutbound(out.tenantId(), out.dedupeKey(), token);
      throw e;
    }
    JsonLog.info("outbound mail not sent: the address is suppressed", "tenant", out.tenantId(), "ticket", ticket.number(),
        "kind", out.kind(), "to", JsonLog.maskEmail(ticket.requester().email()), "suppression", s.reason().wire());
    return Result.SUPPRESSED;
  }

  /** A delivery that found the mail claimed: done, sent by one that failed before its follow-ups, or in flight. */
  private Result earlier(OutboundMail out, Ticket ticket, MailStore.OutboundClaim claim, Optional<MailThread> thread) {
    switch (claim.state()) {
      case DONE -> {
        JsonLog.info("outbound mail sent already", "tenant", out.tenantId(), "ticket", ticket.number(), "kind", out.kind());
        return Result.DUPLICATE;
      }
      case SENT -> {
        finish(out, ticket, claim.sent(), thread);
        JsonLog.info("outbound mail sent earlier; its follow-ups written now", "tenant", out.tenantId(),
            "ticket", ticket.number(), "kind", out.kind());
        return Result.FINISHED;
      }
      default -> throw new InFlight(out.dedupeKey());
    }
  }

  /**
   * The follow-ups of a sent mail in one transaction with the claim's {@code done}: the {@code email_sent} event, the
   * Message-ID's mapping (replies quoting it thread into the ticket) and the thread's references, from the thread this
   * delivery read before sending (one read per mail).
   */
  private void finish(OutboundMail out, Ticket ticket, MailStore.SentMail sent, Optional<MailThread> thread) {
    List<String> references = validIds(thread);
    if (!references.contains(sent.messageId())) references.add(sent.messageId());
    while (references.size() > MailThread.MAX_REFERENCES) references.removeFirst();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", out.kind());
    data.put("messageId", sent.messageId());
    if (sent.sesMessageId() != null) data.put("sesMessageId", sent.sesMessageId());
    data.put("from", sent.from());
    data.put("to", sent.to());
    data.put("subject", sent.subject());
    String inReplyTo = thread.map(MailThread::lastClientMessageId).orElse(sent.inReplyTo());
    List<TicketStore.Also> also = new ArrayList<>(List.of(new TicketStore.Also.OutboundDone(out.dedupeKey()),
        new TicketStore.Also.SentMessage(sent.messageId(), ticket.seq()),
        new TicketStore.Also.Thread(ticket.seq(), new MailThread(sent.from(), inReplyTo, references))));
    // In AWS the client never sees our Message-ID: SES puts its own in the header, and replies quote that one.
    SesMessageIds.headerId(sent.sesMessageId())
        .filter(id -> !SesMessageIds.threadingKey(id).equals(SesMessageIds.threadingKey(sent.messageId())))
        .ifPresent(id -> also.add(new TicketStore.Also.SentMessage(id, ticket.seq())));
    try {
      ticketService.recordSystemEvent(out.tenantId(), ticket.seq(), new TicketService.EventDraft(EventType.EMAIL_SENT, true, data),
          also);
    } catch (TicketStore.ClaimLost finishedByAnother) {
      JsonLog.info("outbound mail finished by another delivery", "tenant", out.tenantId(), "ticket", ticket.number());
    }
  }

  private static String slaDue(Ticket t) {
    if (t.sla() == null) return "";
    return "\nReaction due: " + dev.portal.shared.domain.Times.iso(t.sla().reactionDueAt())
        + "\nResolution due: " + dev.portal.shared.domain.Times.iso(t.sla().resolutionDueAt());
  }

  private static List<String> validIds(Optional<MailThread> thread) {
    return new ArrayList<>(thread.map(MailThread::messageIds).orElse(List.of()).stream()
        .filter(MailSyntax::isMessageId).toList());
  }

  /** An acknowledgement answers a message; a resolution notice answers nothing; an agent's reply is a person's. */
  static String autoSubmitted(String kind) {
    return switch (kind) {
      case OutboundMail.ACKNOWLEDGEMENT -> "auto-replied";
      case OutboundMail.RESOLVED, OutboundMail.SLA_WARNING, OutboundMail.SLA_BREACHED -> "auto-generated";
      default -> null;
    };
  }

  static String subject(Ticket t, String kind) {
    String tag = "[" + t.number() + "] ";
    return switch (kind) {
      case OutboundMail.AGENT_REPLY -> tag + "Re: " + t.subject();
      case OutboundMail.RESOLVED -> tag + "Resolved: " + t.subject();
      case OutboundMail.SLA_WARNING -> tag + "SLA warning: " + t.subject();
      case OutboundMail.SLA_BREACHED -> tag + "SLA breached: " + t.subject();
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
      case OutboundMail.SLA_WARNING -> "Ticket " + t.number() + " (" + t.subject() + ") is close to its SLA due time."
          + slaDue(t) + "\n";
      case OutboundMail.SLA_BREACHED -> "Ticket " + t.number() + " (" + t.subject() + ") has passed its SLA due time."
          + slaDue(t) + "\n";
      default -> "Thank you for your message. We have opened ticket " + t.number() + " (" + t.subject()
          + ") and will get back to you." + footer;
    };
  }
}
