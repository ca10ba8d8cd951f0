package dev.portal.shared.email;

import dev.portal.shared.domain.EventData;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Language;
import dev.portal.shared.domain.MailThread;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.SenderName;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.Watcher;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.log.Metrics;
import dev.portal.shared.log.Metrics.Metric;
import dev.portal.shared.mail.HeaderText;
import dev.portal.shared.mail.MailSyntax;
import dev.portal.shared.mail.SesMessageIds;
import dev.portal.shared.service.Ids;
import dev.portal.shared.service.TenantSettingsCache;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.DeskStore;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import dev.portal.shared.store.WatcherStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends one queued mail: from the mailbox the ticket came in through (the tenant's first mailbox
 * for portal tickets), to the requester, with the ticket number in the subject and threading
 * headers; then remembers its Message-ID and records an {@code email_sent} event. Both Message-IDs
 * are remembered: ours, and the one SES writes over it ({@link SesMessageIds}), which is the only
 * one the client's reply can quote.
 *
 * <p>Once per {@code dedupeKey} (the event that called for the mail), through a claim with a state:
 *
 * <ol>
 *   <li>{@code claimed} with a lease longer than the function's timeout, before SES is asked. A
 *       send SES refuses releases it (the queue retries); a sender that dies holding it leaves it
 *       to run out, and the next delivery takes it over and sends.
 *   <li>{@code sent} with the Message-ID, SES's own id and what the follow-ups need, right after
 *       SES accepted.
 *   <li>{@code done} in one transaction with the {@code email_sent} event, the Message-ID's mapping
 *       and the thread. A failure before it leaves {@code sent}, and a retry writes the follow-ups
 *       without sending again.
 * </ol>
 *
 * The one window left: SES accepted, then the process died before step 2's single write. SES has no
 * idempotency key, so the lease's takeover sends that mail a second time: at least once there,
 * never lost.
 */
public final class NotifierService {
  private final MailStore mail;
  private final TicketStore tickets;
  private final TicketService ticketService;
  private final MailSender sender;
  private final Clock clock;
  private final Duration lease;

  /** Null: every tenant's mail has our wording in English and no sender name. */
  private final TenantSettingsCache settings;

  private final DeskStore desk;

  /** Null: no ticket has watchers. */
  private final WatcherStore watchers;

  /**
   * @param lease how long a claim keeps others from sending: longer than the function's timeout
   */
  public NotifierService(
      MailStore mail,
      TicketStore tickets,
      TicketService ticketService,
      MailSender sender,
      Clock clock,
      Duration lease) {
    this(mail, tickets, ticketService, sender, clock, lease, null, null, null);
  }

  /**
   * @param settings the tenant's language, acknowledgement wording and sender name (one read per
   *     tenant and minute); null: our wording in English, no sender name
   * @param desk groups (a queue's members) and each person's choices; null: no group expansion,
   *     nothing muted
   * @param watchers the tickets' watchers (CCs), mailed an agent's public reply and the resolution
   *     as the requester is; null: no ticket has watchers
   */
  public NotifierService(
      MailStore mail,
      TicketStore tickets,
      TicketService ticketService,
      MailSender sender,
      Clock clock,
      Duration lease,
      TenantSettingsCache settings,
      DeskStore desk,
      WatcherStore watchers) {
    this.watchers = watchers;
    this.settings = settings;
    this.desk = desk;
    this.mail = mail;
    this.tickets = tickets;
    this.ticketService = ticketService;
    this.sender = sender;
    this.clock = clock;
    this.lease = lease;
  }

  /**
   * REFUSED: the requester's address (or the mailbox's) is no valid single address, so nothing can
   * be sent. FINISHED: sent by an earlier delivery, whose follow-ups this one wrote. SUPPRESSED:
   * the address hard-bounced or complained; nothing was sent, an internal {@code email_not_sent}
   * event says why, and no retry follows. MUTED: every recipient turned the kind off ({@code PATCH
   * /v1/me/notifications}). NO_RECIPIENT: a staff notification found nobody to tell.
   */
  public enum Result {
    SENT,
    DUPLICATE,
    FINISHED,
    NO_MAILBOX,
    NO_TICKET,
    REFUSED,
    SUPPRESSED,
    MUTED,
    NO_RECIPIENT
  }

  /** Another delivery holds the mail's claim and its lease has not run out: retry later. */
  public static final class InFlight extends RuntimeException {
    public InFlight(String dedupeKey) {
      super(
          "outbound mail " + dedupeKey + " is being sent by another delivery", null, false, false);
    }
  }

  public Result send(OutboundMail out) {
    Optional<Ticket> found = tickets.find(out.tenantId(), out.ticketSeq());
    if (found.isEmpty()) {
      JsonLog.warn(
          "outbound mail dropped: no such ticket",
          "tenant",
          out.tenantId(),
          "ticketSeq",
          out.ticketSeq());
      return Result.NO_TICKET;
    }
    Ticket ticket = found.get();
    Optional<MailThread> thread = mail.thread(out.tenantId(), ticket.seq());
    String from = thread.map(MailThread::mailbox).orElse(null);
    if (from == null) from = mail.firstMailbox(out.tenantId()).map(Mailbox::address).orElse(null);
    if (from == null) {
      JsonLog.info(
          "outbound mail not sent: the tenant has no mailbox",
          "tenant",
          out.tenantId(),
          "ticket",
          ticket.number(),
          "kind",
          out.kind());
      return Result.NO_MAILBOX;
    }
    if (out.toStaff()) return sendToStaff(out, ticket, from);
    List<Watcher> copied = copiedOn(out, ticket);
    List<String> people = new ArrayList<>(List.of(ticket.requester().email()));
    copied.forEach(w -> people.add(w.email()));
    Set<String> muted = muted(out, people);
    Result result;
    if (muted.contains(Keys.normalizeEmail(ticket.requester().email()))) {
      JsonLog.info(
          "outbound mail not sent: the requester turned this kind off",
          "tenant",
          out.tenantId(),
          "ticket",
          ticket.number(),
          "kind",
          out.kind());
      result = Result.MUTED;
    } else {
      result =
          deliver(
              out,
              ticket,
              from,
              thread,
              new Recipient(
                  ticket.requester().email(),
                  ticket.requester().name(),
                  out.dedupeKey(),
                  Audience.REQUESTER));
    }
    // Each watcher gets a mail of their own, not a Cc: their own claim (a retry mails nobody
    // twice),
    // suppression and choices, and one bad address stops nobody else's mail.
    for (Watcher w : copied) {
      if (muted.contains(w.email())) {
        JsonLog.info(
            "outbound mail not sent: the watcher turned this kind off",
            "tenant",
            out.tenantId(),
            "ticket",
            ticket.number(),
            "kind",
            out.kind(),
            "to",
            JsonLog.maskEmail(w.email()));
        continue;
      }
      deliver(
          out,
          ticket,
          from,
          thread,
          new Recipient(w.email(), w.name(), out.dedupeKey() + "~" + w.email(), Audience.WATCHER));
    }
    return result;
  }

  /**
   * The watchers an agent's public reply and a resolution also go to (one Query, only for those
   * kinds): the rest (acknowledgement, waiting for you) asks something of the requester alone.
   */
  private List<Watcher> copiedOn(OutboundMail out, Ticket ticket) {
    if (watchers == null
        || !(OutboundMail.AGENT_REPLY.equals(out.kind())
            || OutboundMail.RESOLVED.equals(out.kind()))) {
      return List.of();
    }
    String requester = Keys.normalizeEmail(ticket.requester().email());
    return watchers.watchers(out.tenantId(), ticket.seq()).stream()
        .filter(w -> !w.email().equals(requester))
        .limit(dev.portal.shared.domain.Caps.WATCHERS)
        .toList();
  }

  /**
   * Who a mail goes to and under which claim: the requester's mails thread into the client's
   * conversation (threading headers, Message-ID mapping, a public {@code email_sent}); a staff
   * notification does none of that, and each staff recipient has a claim of their own ({@code
   * <event id>~<email>}), so a retry after a partial batch mails nobody twice.
   */
  private record Recipient(String email, String name, String dedupeKey, Audience audience) {
    /** The client's side of the conversation: threading headers, a public {@code email_sent}. */
    boolean client() {
      return audience != Audience.STAFF;
    }
  }

  /**
   * The requester's mail also moves the ticket's mail thread forward; a watcher's is mapped (a
   * reply quoting it threads) but leaves the thread as it is; staff notifications do neither.
   */
  private enum Audience {
    REQUESTER,
    WATCHER,
    STAFF
  }

  /**
   * A staff notification: to the addresses the event named, else the ticket's assignee, else its
   * group's members; less those who turned the kind off.
   */
  private Result sendToStaff(OutboundMail out, Ticket ticket, String from) {
    List<String> to = new ArrayList<>(out.to());
    if (to.isEmpty() && ticket.assigneeId() != null) to.add(ticket.assigneeId());
    if (to.isEmpty() && ticket.groupId() != null && desk != null) {
      desk.group(out.tenantId(), ticket.groupId()).ifPresent(g -> to.addAll(g.members()));
    }
    List<String> recipients =
        to.stream()
            .map(Keys::normalizeEmail)
            .distinct()
            .limit(dev.portal.shared.domain.Caps.GROUP_MEMBERS)
            .toList();
    if (recipients.isEmpty()) {
      JsonLog.info(
          "outbound mail not sent: the ticket has nobody to tell",
          "tenant",
          out.tenantId(),
          "ticket",
          ticket.number(),
          "kind",
          out.kind());
      return Result.NO_RECIPIENT;
    }
    Set<String> muted = muted(out, recipients);
    Result result = Result.MUTED;
    for (String email : recipients) {
      if (muted.contains(email)) {
        JsonLog.info(
            "outbound mail not sent: the recipient turned this kind off",
            "tenant",
            out.tenantId(),
            "ticket",
            ticket.number(),
            "kind",
            out.kind(),
            "to",
            JsonLog.maskEmail(email));
        continue;
      }
      Result r =
          deliver(
              out,
              ticket,
              from,
              Optional.empty(),
              new Recipient(email, null, out.dedupeKey() + "~" + email, Audience.STAFF));
      if (result != Result.SENT) result = r;
    }
    return result;
  }

  /** Who of {@code emails} turned {@code out}'s kind off (lower-cased), in one request. */
  private Set<String> muted(OutboundMail out, List<String> emails) {
    if (desk == null) return Set.of();
    Set<String> muted = new HashSet<>();
    desk.mutedKinds(out.tenantId(), emails)
        .forEach(
            (email, kinds) -> {
              if (kinds.contains(out.kind())) muted.add(email);
            });
    return muted;
  }

  private Result deliver(
      OutboundMail out, Ticket ticket, String from, Optional<MailThread> thread, Recipient to) {
    // Threads stored before ids were validated may hold ones that OutboundMessage refuses: they are
    // left out, so an
    // old bad id costs the threading headers, never the mail. Subject and name are free text (the
    // portal's too).
    List<String> references = to.client() ? validIds(thread) : List.of();
    String inReplyTo =
        to.client()
            ? thread
                .map(MailThread::lastClientMessageId)
                .filter(MailSyntax::isMessageId)
                .orElse(null)
            : null;
    String subject = HeaderText.clean(subject(ticket, out.kind()));
    TenantSettings tenant = settings == null ? null : settings.get(out.tenantId());
    OutboundMessage message;
    try {
      message =
          OutboundMessage.write(
              from,
              fromName(tenant),
              to.email(),
              HeaderText.clean(to.name()),
              subject,
              text(ticket, out, tenant, to.audience() == Audience.WATCHER),
              inReplyTo,
              references,
              autoSubmitted(out.kind()),
              clock.instant());
    } catch (IllegalArgumentException e) {
      JsonLog.warn(
          "outbound mail not sent: " + e.getMessage(),
          "tenant",
          out.tenantId(),
          "ticket",
          ticket.number(),
          "kind",
          out.kind());
      return Result.REFUSED;
    }
    Optional<Suppression> suppressed = mail.suppression(out.tenantId(), to.email());
    String token = Ids.random(12);
    Instant now = clock.instant();
    Optional<MailStore.OutboundClaim> held =
        mail.claimOutbound(out.tenantId(), to.dedupeKey(), token, now, now.plus(lease));
    if (held.isPresent()) return earlier(out, ticket, held.get(), thread, to);
    if (suppressed.isPresent()) return notSent(out, ticket, token, suppressed.get(), to);
    String sesMessageId;
    try {
      sesMessageId = sender.sendRaw(from, List.of(to.email()), message.bytes(), out.tenantId());
    } catch (RuntimeException e) {
      mail.releaseOutbound(out.tenantId(), to.dedupeKey(), token);
      throw e;
    }
    // Counted when SES accepted it, whatever the bookkeeping after: the mail is on its way.
    Metrics.count(Metric.MAILS_SENT, out.kind(), "tenant", out.tenantId());
    MailStore.SentMail sent =
        new MailStore.SentMail(
            from, to.email(), subject, message.messageId(), sesMessageId, inReplyTo);
    if (!mail.outboundSent(out.tenantId(), to.dedupeKey(), token, sent)) {
      JsonLog.warn(
          "outbound mail sent after its claim's lease ran out: another delivery may have sent it too",
          "tenant",
          out.tenantId(),
          "ticket",
          ticket.number(),
          "kind",
          out.kind(),
          "dedupeKey",
          to.dedupeKey());
      return Result.SENT;
    }
    finish(out, ticket, sent, thread, to);
    JsonLog.info(
        "outbound mail sent",
        "tenant",
        out.tenantId(),
        "ticket",
        ticket.number(),
        "kind",
        out.kind(),
        "to",
        JsonLog.maskEmail(to.email()),
        "sesMessageId",
        sesMessageId);
    return Result.SENT;
  }

  /**
   * Closes the claim without a send, in one transaction with an internal {@code email_not_sent}
   * event that tells agents why: SES reported the address (a hard bounce or a complaint), and
   * mailing it again would cost the account's reputation. The claim's {@code done} makes every
   * later delivery of the mail a duplicate: no retry.
   */
  private Result notSent(
      OutboundMail out, Ticket ticket, String token, Suppression s, Recipient to) {
    Map<String, Object> data = EventData.emailSuppressed(out.kind(), to.email(), s);
    try {
      ticketService.recordSystemEvent(
          out.tenantId(),
          ticket.seq(),
          new TicketService.EventDraft(EventType.EMAIL_NOT_SENT, false, data),
          List.of(
              new TicketStore.Also.OutboundNotSent(
                  to.dedupeKey(), token, "suppressed: " + s.reason().wire())));
    } catch (TicketStore.ClaimLost takenOver) {
      JsonLog.info(
          "outbound mail closed by another delivery",
          "tenant",
          out.tenantId(),
          "ticket",
          ticket.number());
    } catch (RuntimeException e) {
      mail.releaseOutbound(out.tenantId(), to.dedupeKey(), token);
      throw e;
    }
    JsonLog.info(
        "outbound mail not sent: the address is suppressed",
        "tenant",
        out.tenantId(),
        "ticket",
        ticket.number(),
        "kind",
        out.kind(),
        "to",
        JsonLog.maskEmail(to.email()),
        "suppression",
        s.reason().wire());
    return Result.SUPPRESSED;
  }

  /**
   * A delivery that found the mail claimed: done, sent by one that failed before its follow-ups, or
   * in flight.
   */
  private Result earlier(
      OutboundMail out,
      Ticket ticket,
      MailStore.OutboundClaim claim,
      Optional<MailThread> thread,
      Recipient to) {
    switch (claim.state()) {
      case DONE -> {
        JsonLog.info(
            "outbound mail sent already",
            "tenant",
            out.tenantId(),
            "ticket",
            ticket.number(),
            "kind",
            out.kind());
        return Result.DUPLICATE;
      }
      case SENT -> {
        finish(out, ticket, claim.sent(), thread, to);
        JsonLog.info(
            "outbound mail sent earlier; its follow-ups written now",
            "tenant",
            out.tenantId(),
            "ticket",
            ticket.number(),
            "kind",
            out.kind());
        return Result.FINISHED;
      }
      default -> throw new InFlight(to.dedupeKey());
    }
  }

  /**
   * The follow-ups of a sent mail in one transaction with the claim's {@code done}: the {@code
   * email_sent} event, the Message-ID's mapping (replies quoting it thread into the ticket) and the
   * thread's references, from the thread this delivery read before sending (one read per mail).
   */
  private void finish(
      OutboundMail out,
      Ticket ticket,
      MailStore.SentMail sent,
      Optional<MailThread> thread,
      Recipient to) {
    if (!to.client()) {
      finishStaff(out, ticket, sent, to);
      return;
    }
    Map<String, Object> data = sentData(out, sent);
    List<TicketStore.Also> also =
        new ArrayList<>(
            List.of(
                new TicketStore.Also.OutboundDone(to.dedupeKey()),
                new TicketStore.Also.SentMessage(sent.messageId(), ticket.seq())));
    if (to.audience() == Audience.REQUESTER) {
      List<String> references = validIds(thread);
      if (!references.contains(sent.messageId())) references.add(sent.messageId());
      while (references.size() > MailThread.MAX_REFERENCES) references.removeFirst();
      String inReplyTo = thread.map(MailThread::lastClientMessageId).orElse(sent.inReplyTo());
      also.add(
          new TicketStore.Also.Thread(
              ticket.seq(), new MailThread(sent.from(), inReplyTo, references)));
    }
    // In AWS the client never sees our Message-ID: SES puts its own in the header, and replies
    // quote that one.
    SesMessageIds.headerId(sent.sesMessageId())
        .filter(
            id ->
                !SesMessageIds.threadingKey(id)
                    .equals(SesMessageIds.threadingKey(sent.messageId())))
        .ifPresent(id -> also.add(new TicketStore.Also.SentMessage(id, ticket.seq())));
    try {
      ticketService.recordSystemEvent(
          out.tenantId(),
          ticket.seq(),
          new TicketService.EventDraft(EventType.EMAIL_SENT, true, data),
          also);
    } catch (TicketStore.ClaimLost finishedByAnother) {
      JsonLog.info(
          "outbound mail finished by another delivery",
          "tenant",
          out.tenantId(),
          "ticket",
          ticket.number());
    }
  }

  private static Map<String, Object> sentData(OutboundMail out, MailStore.SentMail sent) {
    return EventData.emailSent(
        out.kind(), sent.messageId(), sent.sesMessageId(), sent.from(), sent.to(), sent.subject());
  }

  /**
   * A staff notification's follow-up: an internal {@code email_sent} with the claim's {@code done}.
   * No Message-ID mapping and no thread: the client's conversation is not the agents'
   * notifications.
   */
  private void finishStaff(OutboundMail out, Ticket ticket, MailStore.SentMail sent, Recipient to) {
    Map<String, Object> data = sentData(out, sent);
    try {
      ticketService.recordSystemEvent(
          out.tenantId(),
          ticket.seq(),
          new TicketService.EventDraft(EventType.EMAIL_SENT, false, data),
          List.of(new TicketStore.Also.OutboundDone(to.dedupeKey())));
    } catch (TicketStore.ClaimLost finishedByAnother) {
      JsonLog.info(
          "outbound mail finished by another delivery",
          "tenant",
          out.tenantId(),
          "ticket",
          ticket.number());
    }
  }

  private static String slaDue(Ticket t, boolean ru) {
    if (t.sla() == null) return "";
    return (ru ? "\nСрок реакции: " : "\nReaction due: ")
        + dev.portal.shared.domain.Times.iso(t.sla().reactionDueAt())
        + (ru ? "\nСрок решения: " : "\nResolution due: ")
        + dev.portal.shared.domain.Times.iso(t.sla().resolutionDueAt());
  }

  private static List<String> validIds(Optional<MailThread> thread) {
    return new ArrayList<>(
        thread.map(MailThread::messageIds).orElse(List.of()).stream()
            .filter(MailSyntax::isMessageId)
            .toList());
  }

  /**
   * An acknowledgement answers a message; a resolution notice answers nothing; an agent's reply is
   * a person's.
   */
  static String autoSubmitted(String kind) {
    return switch (kind) {
      case OutboundMail.ACKNOWLEDGEMENT -> "auto-replied";
      case OutboundMail.RESOLVED,
          OutboundMail.WAITING_FOR_YOU,
          OutboundMail.AGENT_NEW_TICKET,
          OutboundMail.AGENT_CLIENT_REPLY,
          OutboundMail.AGENT_ASSIGNED,
          OutboundMail.SLA_WARNING,
          OutboundMail.SLA_BREACHED ->
          "auto-generated";
      default -> null;
    };
  }

  static String subject(Ticket t, String kind) {
    String tag = "[" + t.number() + "] ";
    return switch (kind) {
      case OutboundMail.AGENT_REPLY -> tag + "Re: " + t.subject();
      case OutboundMail.RESOLVED -> tag + "Resolved: " + t.subject();
      case OutboundMail.WAITING_FOR_YOU -> tag + "Waiting for your answer: " + t.subject();
      case OutboundMail.AGENT_NEW_TICKET -> tag + "New ticket: " + t.subject();
      case OutboundMail.AGENT_CLIENT_REPLY -> tag + "Client replied: " + t.subject();
      case OutboundMail.AGENT_ASSIGNED -> tag + "Assigned to you: " + t.subject();
      case OutboundMail.SLA_WARNING -> tag + "SLA warning: " + t.subject();
      case OutboundMail.SLA_BREACHED -> tag + "SLA breached: " + t.subject();
      default -> tag + t.subject();
    };
  }

  /**
   * The tenant's sender name as it may stand in a From header, whatever was stored ({@link
   * SenderName}).
   */
  static String fromName(TenantSettings tenant) {
    return tenant == null ? null : SenderName.headerSafe(tenant.senderName());
  }

  /**
   * What a staff member's reply to a notification does: it threads by the subject's {@code
   * [NUMBER]} and becomes their public comment, mailed to the requester (InboundMailService's staff
   * rule), so the footer says exactly that; an internal note needs the portal.
   */
  static String staffFooter(Ticket t, boolean ru) {
    return ru
        ? "\n\n--\nОтвет на это письмо (без цитаты) станет вашим публичным комментарием в заявке "
            + t.number()
            + " и будет отправлен клиенту. Внутреннюю заметку оставьте в портале.\n"
        : "\n\n--\nA reply to this email (without the quoted text) becomes your public comment on"
            + " ticket "
            + t.number()
            + " and is mailed to the client. For an internal note, use the portal.\n";
  }

  /**
   * The mail's text in the tenant's language. An acknowledgement uses the tenant's own wording when
   * it set one, with {@code {ticket}} and {@code {subject}} replaced by the ticket's number and
   * subject.
   */
  static String text(Ticket t, OutboundMail out, TenantSettings tenant) {
    return text(t, out, tenant, false);
  }

  /**
   * @param watcher the mail goes to a watcher (CC), whom it tells why they get it: the ticket is
   *     someone else's, and only the footer and the resolution's sentence say so
   */
  static String text(Ticket t, OutboundMail out, TenantSettings tenant, boolean watcher) {
    boolean ru = tenant != null && tenant.language() == Language.RU;
    String copied =
        !watcher
            ? ""
            : ru
                ? " Вы в копии этой заявки (автор: " + t.requester().email() + ")."
                : " You are copied on it (requester: " + t.requester().email() + ").";
    String footer =
        ru
            ? "\n\n--\nЗаявка "
                + t.number()
                + "."
                + copied
                + " Чтобы дополнить её, ответьте на это письмо; оставьте ["
                + t.number()
                + "] в теме.\n"
            : "\n\n--\nTicket "
                + t.number()
                + "."
                + copied
                + " Reply to this email to add to it; keep ["
                + t.number()
                + "] in the subject.\n";
    return switch (out.kind()) {
      case OutboundMail.AGENT_REPLY -> out.body() + footer;
      case OutboundMail.RESOLVED ->
          (ru
                  ? (watcher ? "Заявка " : "Ваша заявка ")
                      + t.number()
                      + " ("
                      + t.subject()
                      + ") решена.\n"
                      + "Если проблема осталась, просто ответьте на это письмо, и заявка откроется снова."
                  : (watcher ? "Ticket " : "Your ticket ")
                      + t.number()
                      + " ("
                      + t.subject()
                      + ") has been resolved.\n"
                      + "If the problem is still there, just reply and the ticket reopens.")
              + footer;
      case OutboundMail.WAITING_FOR_YOU ->
          (ru
                  ? "Чтобы продолжить работу по заявке "
                      + t.number()
                      + " ("
                      + t.subject()
                      + "), нам нужен ваш ответ. "
                      + "Пожалуйста, ответьте на это письмо."
                  : "We need your answer to go on with ticket "
                      + t.number()
                      + " ("
                      + t.subject()
                      + "). Please reply to this email.")
              + footer;
      case OutboundMail.AGENT_NEW_TICKET ->
          (ru
                  ? "Новая заявка в вашей очереди: "
                      + t.number()
                      + " ("
                      + t.subject()
                      + "), приоритет "
                      + t.priority().wire()
                      + ", от "
                      + t.requester().email()
                      + "."
                  : "A new ticket is in your queue: "
                      + t.number()
                      + " ("
                      + t.subject()
                      + "), priority "
                      + t.priority().wire()
                      + ", from "
                      + t.requester().email()
                      + ".")
              + staffFooter(t, ru);
      case OutboundMail.AGENT_CLIENT_REPLY ->
          t.requester().email()
              + (ru ? " ответил(а) в заявке " : " answered ticket ")
              + t.number()
              + " ("
              + t.subject()
              + ")"
              + (out.body() == null ? "." : ":\n\n" + out.body())
              + staffFooter(t, ru);
      case OutboundMail.AGENT_ASSIGNED ->
          (ru
                  ? "Заявка " + t.number() + " (" + t.subject() + ") назначена вам"
                  : "Ticket " + t.number() + " (" + t.subject() + ") is now yours")
              + (out.body() == null ? "." : ": " + out.body())
              + staffFooter(t, ru);
      case OutboundMail.SLA_WARNING ->
          (ru
                  ? "Заявка " + t.number() + " (" + t.subject() + ") приближается к сроку по SLA."
                  : "Ticket " + t.number() + " (" + t.subject() + ") is close to its SLA due time.")
              + slaDue(t, ru)
              + staffFooter(t, ru);
      case OutboundMail.SLA_BREACHED ->
          (ru
                  ? "Заявка " + t.number() + " (" + t.subject() + ") просрочена по SLA."
                  : "Ticket " + t.number() + " (" + t.subject() + ") has passed its SLA due time.")
              + slaDue(t, ru)
              + staffFooter(t, ru);
      default -> acknowledgement(t, tenant, ru) + footer;
    };
  }

  private static String acknowledgement(Ticket t, TenantSettings tenant, boolean ru) {
    if (tenant != null && tenant.acknowledgement() != null) {
      // One pass, so a subject that contains "{ticket}" is not replaced again.
      StringBuilder out = new StringBuilder();
      String w = tenant.acknowledgement();
      for (int i = 0; i < w.length(); ) {
        if (w.startsWith("{ticket}", i)) {
          out.append(t.number());
          i += "{ticket}".length();
        } else if (w.startsWith("{subject}", i)) {
          out.append(t.subject());
          i += "{subject}".length();
        } else {
          out.append(w.charAt(i++));
        }
      }
      return out.toString();
    }
    return ru
        ? "Спасибо за ваше сообщение. Мы открыли заявку "
            + t.number()
            + " ("
            + t.subject()
            + ") и скоро ответим."
        : "Thank you for your message. We have opened ticket "
            + t.number()
            + " ("
            + t.subject()
            + ") and will get back to you.";
  }
}
