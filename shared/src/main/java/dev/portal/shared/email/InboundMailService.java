package dev.portal.shared.email;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.EventData;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.MailThread;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketAttachment;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.log.Metrics;
import dev.portal.shared.log.Metrics.Metric;
import dev.portal.shared.mail.AttachmentSink;
import dev.portal.shared.mail.BounceHeuristics;
import dev.portal.shared.mail.MailClassifier;
import dev.portal.shared.mail.MailParser;
import dev.portal.shared.mail.MailSyntax;
import dev.portal.shared.mail.ParsedMail;
import dev.portal.shared.mail.QuoteTrimmer;
import dev.portal.shared.mail.StoredAttachment;
import dev.portal.shared.mail.TicketRefs;
import dev.portal.shared.mail.Verdict;
import dev.portal.shared.service.Ids;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.BlobStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The inbound path of the email channel, for one message SES stored in S3: route it by its envelope
 * recipients to the tenants whose mailboxes they are, parse it as a stream (attachments straight to
 * S3), and for each tenant decide once what it becomes (a ticket, a comment on its ticket, or a
 * logged rejection), writing the mail log either way.
 *
 * <p>Exactly once: before deciding, a conditional put claims the tenant + a hash of the normalised
 * From and the Message-ID (of the From, To, Date and Subject headers and the text when there is no
 * Message-ID: never the trace headers, which differ between two deliveries of one message). A
 * stranger reusing someone's Message-ID claims a key of their own, so they cannot make the real
 * message a duplicate. A second delivery, even one running at the same moment, finds the claim and
 * is logged as a {@code duplicate}. A failure releases the claim and propagates, so the queue
 * retries (and finally dead-letters) the message; a processor that dies without releasing leaves a
 * claim that a retry takes over once its lease ran out. If it died after writing the ticket, the
 * retry finds the Message-ID remembered for that ticket and logs a duplicate; only a death between
 * the ticket's transaction and remembering its Message-ID (two consecutive writes) could still
 * produce a second ticket.
 */
public final class InboundMailService {
  /** Longer than the function's timeout: a claim this old belongs to a processor that died. */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

  static final int MAX_SUBJECT = 200;
  static final int MAX_DESCRIPTION = 20_000;
  static final int MAX_FULL_TEXT = 100_000;

  /**
   * Attachments stored per message. A DynamoDB transaction takes at most 100 actions, and a
   * ticket's create holds the ticket, {@code created}, {@code email_received}, the routing's {@code
   * assigned} when the desk assigns it and one {@code attachment_added} per stored part, plus the
   * inbound claim, its mail-log entry and the mail thread (TicketStore.Also): 96 with 90 parts (a
   * reply: the ticket, a status change, the mail, the parts, the claim and the entry). The parser
   * stores no more than this, so every stored part has its event and item (no orphans in S3); the
   * rest is counted as {@code attachmentsDropped}.
   */
  static final int MAX_ATTACHMENT_EVENTS = 90;

  private final MailStore mail;
  private final DirectoryStore directory;
  private final TicketStore tickets;
  private final TicketService ticketService;
  private final BlobStore blobs;
  private final Clock clock;

  public InboundMailService(
      MailStore mail,
      DirectoryStore directory,
      TicketStore tickets,
      TicketService ticketService,
      BlobStore blobs,
      Clock clock) {
    this.mail = mail;
    this.directory = directory;
    this.tickets = tickets;
    this.ticketService = ticketService;
    this.blobs = blobs;
    this.clock = clock;
  }

  /**
   * @return one mail-log entry per tenant the message reached; empty when no envelope recipient is
   *     a registered mailbox
   * @throws IOException when the raw message cannot be read (missing object, S3 failure): retry,
   *     then dead-letter
   */
  public List<MailLogEntry> receive(InboundNotification n) throws IOException {
    Map<String, Mailbox> byTenant = new LinkedHashMap<>();
    Map<String, Mailbox> registered = mail.mailboxesAt(n.recipients());
    for (String recipient : n.recipients()) {
      Mailbox m = registered.get(Keys.normalizeEmail(recipient));
      if (m != null) byTenant.putIfAbsent(m.tenantId(), m);
    }
    if (byTenant.isEmpty()) {
      JsonLog.warn(
          "inbound mail for no registered mailbox",
          "s3Key",
          n.key(),
          "recipients",
          n.recipients().size());
      Metrics.count(Metric.MAILS_RECEIVED, "no_mailbox");
      return List.of();
    }
    List<MailLogEntry> out = new ArrayList<>();
    for (Mailbox mailbox : byTenant.values()) out.add(receiveFor(mailbox, n));
    return out;
  }

  /**
   * Records a message that could not be processed at all, on its last delivery before the
   * dead-letter queue, in the mail log of every tenant its envelope reached: {@code rejected}, with
   * the reason and the raw message's S3 key, so that every message that reached a mailbox is in the
   * log even when nothing of it could be read.
   */
  public List<MailLogEntry> giveUp(InboundNotification n, Exception cause) {
    Set<String> tenants = new LinkedHashSet<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    Map<String, Mailbox> registered = mail.mailboxesAt(n.recipients());
    for (String recipient : n.recipients()) {
      Mailbox m = registered.get(Keys.normalizeEmail(recipient));
      if (m == null) continue;
      tenants.add(m.tenantId());
      addresses.putIfAbsent(m.tenantId(), m.address());
    }
    String reason =
        "could not be processed ("
            + cause.getClass().getSimpleName()
            + "): dead-lettered, the raw message is kept at "
            + n.key();
    List<MailLogEntry> out = new ArrayList<>();
    for (String tenant : tenants) {
      Header h = new Header(null, null, List.of(addresses.get(tenant)), "", now(), n.key(), null);
      out.add(log(tenant, h, MailOutcome.REJECTED, reason, null, null));
    }
    return out;
  }

  /**
   * How every inbound message is read: the streaming parser with this channel's attachment cap.
   * Public so that {@code make bench} times exactly this, beside {@link MailClassifier#classify}
   * and {@link QuoteTrimmer#trim}.
   */
  public static ParsedMail parse(InputStream raw, AttachmentSink sink) throws IOException {
    return new MailParser(MAX_ATTACHMENT_EVENTS).parse(raw, sink);
  }

  private MailLogEntry receiveFor(Mailbox mailbox, InboundNotification n) throws IOException {
    String tenant = mailbox.tenantId();
    String prefix =
        EmailConfig.ATTACHMENT_PREFIX
            + tenant
            + "/"
            + Keys.sha256Hex(n.bucket() + "/" + n.key()).substring(0, 32)
            + "/";
    ParsedMail parsed;
    try (InputStream raw = blobs.open(n.bucket(), n.key())) {
      // A message SES judged spam or a virus keeps its attachments only inside the raw message:
      // none is decoded out.
      boolean suspect =
          "FAIL".equalsIgnoreCase(n.spamVerdict()) || "FAIL".equalsIgnoreCase(n.virusVerdict());
      parsed =
          parse(
              raw,
              suspect ? AttachmentSink.DISCARD : new S3AttachmentSink(blobs, n.bucket(), prefix));
    }
    String messageId = blankToNull(parsed.messageId());
    Instant now = now();
    String sender = senderOf(parsed);
    String from = sender == null ? null : Keys.normalizeEmail(sender);
    String hash = dedupeKey(from, messageId, parsed);
    Header unclaimed =
        new Header(
            messageId, from, List.of(mailbox.address()), subjectOf(parsed), now, n.key(), null);
    Claim claim = new Claim(hash, UUID.randomUUID().toString(), logEntryId(hash, n.key()));
    Header header = unclaimed.claimed(claim);
    if (!mail.claimInbound(
        tenant,
        hash,
        claim.token(),
        now,
        now.plus(CLAIM_LEASE),
        entry(header, MailOutcome.RECEIVED, "being processed", null, null))) {
      return log(
          tenant,
          unclaimed,
          MailOutcome.DUPLICATE,
          "received before (same sender and Message-ID, or same content)",
          null,
          null);
    }
    try {
      // Everything the decisions below ask about the sender, in one request: a mail that ends
      // early (a duplicate, a rejection) wastes it, a typical one saves three. A mail with no
      // sender is rejected before any of it counts.
      MailStore.SenderFacts facts =
          from == null ? MailStore.SenderFacts.NONE : mail.senderFacts(tenant, from, messageId);
      // A Message-ID of this sender's that already belongs to a ticket was processed by a delivery
      // that died before
      // completing its claim: nothing new may come of it. Someone else's use of the id proves
      // nothing.
      if (messageId != null
          && from != null
          && facts
              .messageTicket()
              .flatMap(seq -> tickets.find(tenant, seq))
              .filter(t -> t.requester().email().equalsIgnoreCase(from))
              .isPresent()) {
        return log(
            tenant,
            header,
            MailOutcome.DUPLICATE,
            "its Message-ID belongs to a ticket already",
            null,
            null);
      }
      return decide(mailbox, n, parsed, header, prefix, facts);
    } catch (TicketStore.ClaimLost lost) {
      // This delivery outlived its lease and another took the message over; the ticket write was
      // refused whole.
      return log(
          tenant,
          unclaimed,
          MailOutcome.DUPLICATE,
          "taken over by another delivery of the same message",
          null,
          null);
    } catch (RuntimeException e) {
      mail.releaseInbound(tenant, hash, claim.token());
      throw e;
    }
  }

  /**
   * This delivery's hold on the message: the dedupe hash, a token of its own, and the id of its
   * mail-log entry.
   */
  private record Claim(String hash, String token, String logId) {}

  /**
   * What the mail log records of the message; {@code claim} is null for entries of deliveries that
   * hold no claim.
   */
  private record Header(
      String messageId,
      String from,
      List<String> to,
      String subject,
      Instant receivedAt,
      String rawKey,
      Claim claim) {
    Header claimed(Claim c) {
      return new Header(messageId, from, to, subject, receivedAt, rawKey, c);
    }
  }

  private MailLogEntry decide(
      Mailbox mailbox,
      InboundNotification n,
      ParsedMail parsed,
      Header h,
      String prefix,
      MailStore.SenderFacts facts) {
    String tenant = mailbox.tenantId();
    Verdict verdict = MailClassifier.classify(parsed, n.spamVerdict(), n.virusVerdict());
    switch (verdict) {
      case Verdict.Reject r -> {
        return log(tenant, h, MailOutcome.REJECTED, r.reason(), null, null);
      }
      case Verdict.Quarantine q -> {
        return log(tenant, h, MailOutcome.QUARANTINED, q.reason(), null, null);
      }
      case Verdict.Accept a -> {}
    }
    if (h.from() == null)
      return log(tenant, h, MailOutcome.REJECTED, "no sender address", null, null);
    String from = h.from();
    String displayName = parsed.from() == null ? null : blankToNull(parsed.from().displayName());
    if (facts.fromMailbox().filter(m -> m.tenantId().equals(tenant)).isPresent()) {
      // Our own mail come back (a forwarding loop, an auto-reply to an auto-reply): answering it
      // would loop.
      return log(
          tenant, h, MailOutcome.REJECTED, "from one of the tenant's own mailboxes", null, null);
    }
    // SES checks DMARC against the From header: a sender taken from Reply-To or Return-Path (a From
    // that is no
    // address) is authenticated by nothing, whatever the verdicts say.
    boolean fromHeader = from.equalsIgnoreCase(MailParser.fromHeaderAddress(parsed));
    SenderAuthentication.Check auth =
        fromHeader
            ? SenderAuthentication.check(n.verdicts(), n.envelopeFrom(), from)
            : new SenderAuthentication.Check(
                false, false, "the sender is not the From header's address");
    // A staff member of this tenant is never a client of it: their mail answers a ticket as their
    // comment, or becomes nothing.
    Optional<Staff> staff = facts.staff();
    if (staff.isPresent()) return fromStaff(mailbox, n, parsed, h, staff.get(), auth);
    if (!auth.verified()) {
      if (auth.dmarcFailed()) {
        return log(
            tenant,
            h,
            MailOutcome.QUARANTINED,
            "sender not authenticated: " + auth.reason(),
            null,
            false);
      }
      return triage(mailbox, n, parsed, h, displayName, auth.reason());
    }

    Optional<Ticket> thread = threadOf(tenant, parsed, from, facts.contact());
    if (thread.isPresent()) {
      Ticket ticket = thread.get();
      String text = parsed.text() == null ? "" : parsed.text();
      String trimmed = QuoteTrimmer.trim(text);
      List<TicketService.EventDraft> drafts = new ArrayList<>();
      drafts.add(
          emailEvent(
              h,
              mailbox,
              limit(trimmed, MAX_DESCRIPTION),
              text.equals(trimmed) ? null : limit(text, MAX_FULL_TEXT),
              null,
              attachmentsDropped(parsed)));
      List<TicketAttachment> files = attachments(parsed, ticket.seq(), n.bucket(), drafts);
      try {
        Person sender = new Person(from, displayName);
        TicketService.Applied applied =
            ticketService.receiveEmail(
                tenant, ticket.seq(), sender, drafts, written(h, MailOutcome.COMMENT, null, true));
        afterWrite(tenant, applied.ticket(), mailbox, parsed, files, true);
        return logged(tenant, h, MailOutcome.COMMENT, null, applied.ticket().id(), true);
      } catch (PortalException.Conflict conflict) {
        // Closed meanwhile: the mail opens a new ticket below, as the contract says for closed
        // tickets. Any other
        // conflict (other writers won the ticket past the retries) fails this delivery, and the
        // queue's next one
        // threads the mail: it must not become a second ticket.
        boolean closed =
            tickets
                .find(tenant, ticket.seq())
                .map(t -> t.status() == TicketStatus.CLOSED)
                .orElse(false);
        if (!closed) throw conflict;
      }
    }

    Person requester;
    String clientId;
    Optional<Contact> contact = facts.contact();
    if (contact.isPresent()) {
      clientId = contact.get().clientId();
      requester =
          new Person(from, contact.get().name() != null ? contact.get().name() : displayName);
    } else {
      clientId =
          directory.clientForDomain(tenant, from.substring(from.indexOf('@') + 1)).orElse(null);
      requester = new Person(from, displayName);
      if (clientId != null) clientId = createContact(tenant, from, displayName, clientId);
    }
    String reason = clientId == null ? "sender of no known client: agents only" : null;
    Ticket ticket =
        openTicket(
            mailbox,
            n,
            parsed,
            h,
            clientId,
            requester,
            null,
            acknowledges(tenant, h),
            written(h, MailOutcome.TICKET, reason, true));
    return logged(tenant, h, MailOutcome.TICKET, reason, ticket.id(), true);
  }

  /** The mail log's reason beside an agent's reply recorded as their comment. */
  static final String AGENT_REPLY = "a staff member's reply: their comment on the ticket";

  /**
   * Mail whose sender is a staff member of the tenant (active or not). Only an active one whose
   * address SES verified, answering a ticket of this tenant (by {@code [NUMBER]} in the subject or
   * a Message-ID of its thread), is heard: the reply, quoted history trimmed, becomes their public
   * comment, mailed to the requester as a portal reply would be. Anything else writes no ticket, no
   * comment and no contact, and the mail log says why: a From naming staff that SES did not verify
   * is a forgery until proven otherwise ({@code quarantined}, raw message kept); a deactivated
   * member, a mail naming no ticket, a reply with no text of its own are {@code rejected}. Staff
   * never open tickets by mail: a ticket in an agent's name would make them its requester.
   */
  private MailLogEntry fromStaff(
      Mailbox mailbox,
      InboundNotification n,
      ParsedMail parsed,
      Header h,
      Staff staff,
      SenderAuthentication.Check auth) {
    String tenant = mailbox.tenantId();
    if (!auth.verified()) {
      return log(
          tenant,
          h,
          MailOutcome.QUARANTINED,
          "a staff member's address, but the sender is not authenticated: " + auth.reason(),
          null,
          false);
    }
    if (!staff.active()) {
      return log(tenant, h, MailOutcome.REJECTED, "from a deactivated staff member", null, true);
    }
    Optional<Ticket> thread =
        candidates(tenant, parsed).stream()
            .map(seq -> tickets.find(tenant, seq))
            .flatMap(Optional::stream)
            .findFirst();
    if (thread.isEmpty()) {
      return log(
          tenant,
          h,
          MailOutcome.REJECTED,
          "from a staff member, answering no ticket (no [NUMBER] in the subject, no reply to a"
              + " ticket's mail): staff open tickets in the portal",
          null,
          true);
    }
    Ticket ticket = thread.get();
    String text = parsed.text() == null ? "" : parsed.text();
    String trimmed = QuoteTrimmer.ownText(text);
    if (trimmed.isEmpty()) {
      return log(
          tenant,
          h,
          MailOutcome.REJECTED,
          "a staff member's reply with no text of its own (only quoted history)",
          ticket.id(),
          true);
    }
    Map<String, Object> data = EventData.mailComment(limit(trimmed, Caps.TEXT), h.messageId());
    List<TicketService.EventDraft> extra = new ArrayList<>();
    List<TicketAttachment> files = attachments(parsed, ticket.seq(), n.bucket(), extra);
    TicketService.Applied applied =
        ticketService.agentReplyByEmail(
            tenant,
            ticket.seq(),
            Keys.normalizeEmail(staff.email()),
            data,
            extra,
            written(h, MailOutcome.COMMENT, AGENT_REPLY, true));
    afterCommit(
        tenant,
        applied.ticket(),
        "attachments and threading",
        () -> {
          for (TicketAttachment a : files) mail.putAttachment(tenant, a);
          // The agent's own Message-ID finds the ticket for whoever answers that mail (a client
          // the agent copied); the thread's last client message stays the client's.
          if (h.messageId() != null) mail.rememberMessage(tenant, h.messageId(), ticket.seq());
          return true;
        });
    return logged(tenant, h, MailOutcome.COMMENT, AGENT_REPLY, applied.ticket().id(), true);
  }

  /**
   * A message whose sender SES could not authenticate: a ticket for agents only (no client, so no
   * client-scoped list or read reaches it), never threaded into another ticket, never a contact,
   * never acknowledged (an answer to a forged From is backscatter to an innocent address).
   */
  private MailLogEntry triage(
      Mailbox mailbox,
      InboundNotification n,
      ParsedMail parsed,
      Header h,
      String displayName,
      String why) {
    String reason = "sender not authenticated (" + why + "): agents only";
    Ticket ticket =
        openTicket(
            mailbox,
            n,
            parsed,
            h,
            null,
            new Person(h.from(), displayName),
            why,
            false,
            written(h, MailOutcome.TICKET, reason, false));
    return logged(mailbox.tenantId(), h, MailOutcome.TICKET, reason, ticket.id(), false);
  }

  /**
   * Whether the new ticket owes its sender an acknowledgement, decided before the ticket's write so
   * that the answer is part of it (the created event carries it to the outbox). The sender's hourly
   * slot is taken here: a write that then fails and is retried costs the sender one slot of the
   * hour, never a second acknowledgement.
   */
  private boolean acknowledges(String tenant, Header h) {
    if (BounceHeuristics.isNoReply(h.from())) {
      JsonLog.info(
          "acknowledgement skipped: nobody reads the sender's address",
          "tenant",
          tenant,
          "messageId",
          h.messageId());
      return false;
    }
    if (!mail.takeAckSlot(tenant, h.from(), h.receivedAt(), EmailConfig.MAX_ACKS_PER_SENDER_HOUR)) {
      JsonLog.info(
          "acknowledgement skipped: sender reached the hourly limit",
          "tenant",
          tenant,
          "from",
          JsonLog.maskEmail(h.from()),
          "messageId",
          h.messageId());
      return false;
    }
    return true;
  }

  /**
   * A new ticket from the message, with its mail and attachment events; {@code unverifiedBecause}
   * marks triage; {@code acknowledge}: the created event owes the sender an acknowledgement.
   */
  private Ticket openTicket(
      Mailbox mailbox,
      InboundNotification n,
      ParsedMail parsed,
      Header h,
      String clientId,
      Person requester,
      String unverifiedBecause,
      boolean acknowledge,
      Function<Ticket, List<TicketStore.Also>> also) {
    String text = parsed.text() == null || parsed.text().isBlank() ? "(no text)" : parsed.text();
    List<TicketService.EventDraft> drafts = new ArrayList<>();
    drafts.add(
        emailEvent(
            h,
            mailbox,
            limit(text, MAX_DESCRIPTION),
            text.length() > MAX_DESCRIPTION ? limit(text, MAX_FULL_TEXT) : null,
            unverifiedBecause,
            attachmentsDropped(parsed)));
    // The ticket's number is drawn inside createFromEmail; attachments are keyed by the message, so
    // seq 0 is patched after.
    List<TicketAttachment> pending = attachments(parsed, 0, n.bucket(), drafts);
    // The thread is written with the ticket: no thread can exist for a number just drawn, and the
    // acknowledgement this commit triggers must find it (its From and In-Reply-To).
    String messageId = unverifiedBecause == null ? blankToNull(parsed.messageId()) : null;
    MailThread thread = MailThread.empty(mailbox.address()).received(mailbox.address(), messageId);
    TicketService.Applied created =
        ticketService.createFromEmail(
            mailbox.tenantId(),
            clientId,
            requester,
            h.subject(),
            limit(text, MAX_DESCRIPTION),
            drafts,
            acknowledge,
            t -> {
              List<TicketStore.Also> all = new ArrayList<>(also.apply(t));
              all.add(new TicketStore.Also.Thread(t.seq(), thread));
              return all;
            });
    Ticket ticket = created.ticket();
    List<TicketAttachment> files =
        pending.stream()
            .map(
                a ->
                    new TicketAttachment(
                        a.id(),
                        ticket.seq(),
                        a.filename(),
                        a.mimeType(),
                        a.size(),
                        a.bucket(),
                        a.key(),
                        a.isPublic()))
            .toList();
    afterOpen(mailbox.tenantId(), ticket, files, messageId);
    return ticket;
  }

  /** The contact the domain's client gets; when someone created it meanwhile, theirs counts. */
  private String createContact(String tenant, String email, String name, String clientId) {
    try {
      directory.createContact(
          tenant,
          new Contact(
              email,
              name != null ? name : email.substring(0, email.indexOf('@')),
              clientId,
              Role.CLIENT,
              now()));
      return clientId;
    } catch (PortalException.Conflict exists) {
      return directory.contact(tenant, email).map(Contact::clientId).orElse(clientId);
    }
  }

  /**
   * The ticket a reply belongs to: named by {@code [NUMBER]} in the subject, or owning a Message-ID
   * the mail answers (In-Reply-To first, then References newest first), provided the sender is that
   * ticket's requester or a contact of its client ({@code contact}: the sender's, if any), and the
   * ticket is not closed.
   */
  private Optional<Ticket> threadOf(
      String tenant, ParsedMail parsed, String from, Optional<Contact> contact) {
    List<Long> candidates = candidates(tenant, parsed);
    for (long seq : candidates) {
      Optional<Ticket> t = tickets.find(tenant, seq);
      if (t.isEmpty() || t.get().status() == TicketStatus.CLOSED) continue;
      Ticket ticket = t.get();
      if (ticket.requester().email().equalsIgnoreCase(from)) return t;
      if (ticket.clientId() == null) continue;
      if (contact.isPresent() && ticket.clientId().equals(contact.get().clientId())) return t;
    }
    return Optional.empty();
  }

  /**
   * The tickets of this tenant a message names, in order: {@code [NUMBER]} in the subject (its
   * stored number must match), then the owners of the Message-IDs it answers (In-Reply-To first,
   * then References newest first). Who may write into them is the caller's to decide.
   */
  private List<Long> candidates(String tenant, ParsedMail parsed) {
    List<Long> candidates = new ArrayList<>();
    TicketRefs.numberInSubject(parsed.subject())
        .flatMap(Ids::parseTicketRef)
        .ifPresent(
            ref -> {
              if (ref instanceof Ids.TicketRef.ByNumber byNumber) {
                tickets
                    .find(tenant, byNumber.seq())
                    .filter(t -> t.number().equalsIgnoreCase(byNumber.number()))
                    .ifPresent(t -> candidates.add(t.seq()));
              }
            });
    List<String> ids = new ArrayList<>();
    if (parsed.inReplyTo() != null) ids.addAll(parsed.inReplyTo());
    if (parsed.references() != null) ids.addAll(parsed.references().reversed());
    for (String id : ids) {
      if (blankToNull(id) != null)
        mail.ticketOfMessage(tenant, id.trim()).ifPresent(candidates::add);
    }
    return candidates;
  }

  private static TicketService.EventDraft emailEvent(
      Header h,
      Mailbox mailbox,
      String body,
      String fullText,
      String unverifiedBecause,
      int attachmentsDropped) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (h.messageId() != null) data.put("messageId", h.messageId());
    data.put("from", h.from());
    data.put("to", mailbox.address());
    data.put("subject", h.subject());
    data.put("body", body);
    if (fullText != null) data.put("fullText", fullText);
    data.put("senderVerified", unverifiedBecause == null);
    if (unverifiedBecause != null) data.put("senderCheck", unverifiedBecause);
    if (attachmentsDropped > 0) data.put("attachmentsDropped", attachmentsDropped);
    return new TicketService.EventDraft(EventType.EMAIL_RECEIVED, true, data);
  }

  /**
   * Parts of the mail that no attachment of the ticket holds: the parser's count, plus any it
   * stored past ours.
   */
  private static int attachmentsDropped(ParsedMail parsed) {
    return parsed.attachmentsDropped()
        + Math.max(0, parsed.attachments().size() - MAX_ATTACHMENT_EVENTS);
  }

  /**
   * Adds one {@code attachment_added} draft per stored part and returns the attachment items to
   * write after.
   */
  private static List<TicketAttachment> attachments(
      ParsedMail parsed, long ticketSeq, String bucket, List<TicketService.EventDraft> drafts) {
    List<TicketAttachment> out = new ArrayList<>();
    if (parsed.attachments() == null) return out;
    for (StoredAttachment s : parsed.attachments()) {
      if (out.size() >= MAX_ATTACHMENT_EVENTS) break;
      String id = "att-" + s.meta().index() + "-" + s.sha256Hex().substring(0, 12);
      String filename =
          s.meta().filename() == null ? "attachment-" + s.meta().index() : s.meta().filename();
      out.add(
          new TicketAttachment(
              id, ticketSeq, filename, s.meta().mimeType(), s.size(), bucket, s.location(), true));
      Map<String, Object> data =
          EventData.attachmentAdded(id, filename, s.meta().mimeType(), s.size(), s.meta().inline());
      drafts.add(new TicketService.EventDraft(EventType.ATTACHMENT_ADDED, true, data));
    }
    return out;
  }

  /**
   * What the ticket remembers for threading: the mailbox, the client's Message-ID, the attachment
   * items. The Message-ID of an unauthenticated sender is not remembered: it must not decide where
   * anyone's replies go.
   */
  private void afterWrite(
      String tenant,
      Ticket ticket,
      Mailbox mailbox,
      ParsedMail parsed,
      List<TicketAttachment> files,
      boolean senderVerified) {
    afterCommit(
        tenant,
        ticket,
        "attachments and threading",
        () -> {
          remember(tenant, ticket, mailbox, parsed, files, senderVerified);
          return true;
        });
  }

  /**
   * What a ticket the message opened remembers besides the thread its transaction wrote: the
   * attachment items and the Message-ID's mapping (a conditional write of its own: the first ticket
   * to claim a Message-ID keeps it, and a transaction would fail the ticket with it).
   */
  private void afterOpen(
      String tenant, Ticket ticket, List<TicketAttachment> files, String messageId) {
    afterCommit(
        tenant,
        ticket,
        "attachments and threading",
        () -> {
          for (TicketAttachment a : files) mail.putAttachment(tenant, a);
          if (messageId != null) mail.rememberMessage(tenant, messageId, ticket.seq());
          return true;
        });
  }

  /**
   * A step after the ticket's transaction committed, which also completed the claim: a failure here
   * cannot be retried by the queue (the retry finds the message done), so it is logged loudly and
   * the message counts as handled.
   */
  private static boolean afterCommit(
      String tenant, Ticket ticket, String step, java.util.function.BooleanSupplier work) {
    try {
      return work.getAsBoolean();
    } catch (RuntimeException e) {
      JsonLog.error(
          "inbound mail: a step after the ticket's write failed; the ticket stands",
          e,
          "tenant",
          tenant,
          "ticket",
          ticket.number(),
          "step",
          step);
      return false;
    }
  }

  private void remember(
      String tenant,
      Ticket ticket,
      Mailbox mailbox,
      ParsedMail parsed,
      List<TicketAttachment> files,
      boolean senderVerified) {
    for (TicketAttachment a : files) mail.putAttachment(tenant, a);
    String messageId = senderVerified ? blankToNull(parsed.messageId()) : null;
    MailThread previous =
        mail.thread(tenant, ticket.seq()).orElse(MailThread.empty(mailbox.address()));
    if (messageId != null) mail.rememberMessage(tenant, messageId, ticket.seq());
    mail.putThread(tenant, ticket.seq(), previous.received(mailbox.address(), messageId));
  }

  /**
   * Writes the message's outcome to the mail log (over its {@code received} entry when this
   * delivery holds the claim) and then marks the claim done: an outcome that writes no ticket. Were
   * the process to die between the two, the retry decides the same outcome again and writes the
   * same entry.
   */
  private MailLogEntry log(
      String tenant,
      Header h,
      MailOutcome outcome,
      String reason,
      String ticketId,
      Boolean senderVerified) {
    MailLogEntry entry = entry(h, outcome, reason, ticketId, senderVerified);
    if (h.claim() == null) {
      mail.log(tenant, entry);
    } else if (!mail.completeInbound(tenant, h.claim().hash(), h.claim().token(), entry)) {
      JsonLog.info(
          "inbound mail decided by another delivery: its outcome counts",
          "tenant",
          tenant,
          "s3Key",
          h.rawKey());
    }
    return logged(tenant, h, entry);
  }

  /**
   * The writes a ticket's own transaction carries for the message: its claim done (only if this
   * delivery still holds it) and its final mail-log entry. A processor that dies after that
   * transaction has left nothing undone, and the retry finds the message done.
   */
  private Function<Ticket, List<TicketStore.Also>> written(
      Header h, MailOutcome outcome, String reason, Boolean senderVerified) {
    return t ->
        List.of(
            new TicketStore.Also.InboundDone(
                h.claim().hash(), h.claim().token(), h.claim().logId()),
            new TicketStore.Also.MailLog(entry(h, outcome, reason, t.id(), senderVerified)));
  }

  /**
   * The entry a ticket's transaction wrote ({@link #written}), for the caller and the function's
   * log.
   */
  private MailLogEntry logged(
      String tenant,
      Header h,
      MailOutcome outcome,
      String reason,
      String ticketId,
      Boolean senderVerified) {
    return logged(tenant, h, entry(h, outcome, reason, ticketId, senderVerified));
  }

  private static MailLogEntry logged(String tenant, Header h, MailLogEntry entry) {
    JsonLog.info(
        "inbound mail",
        "tenant",
        tenant,
        "outcome",
        entry.outcome().wire(),
        "reason",
        entry.reason(),
        "ticketId",
        entry.ticketId(),
        "from",
        JsonLog.maskEmail(entry.from()),
        "s3Key",
        h.rawKey());
    Metrics.count(Metric.MAILS_RECEIVED, entry.outcome().wire(), "tenant", tenant);
    return entry;
  }

  private static MailLogEntry entry(
      Header h, MailOutcome outcome, String reason, String ticketId, Boolean senderVerified) {
    return new MailLogEntry(
        h.claim() == null ? newLogId() : h.claim().logId(),
        h.messageId(),
        h.from() == null ? null : Keys.normalizeEmail(h.from()),
        h.to(),
        h.subject(),
        h.receivedAt(),
        outcome,
        reason,
        ticketId,
        h.rawKey(),
        senderVerified);
  }

  /**
   * The mail-log entry of a claimed delivery: one per dedupe key and stored raw message, so the
   * queue's next delivery of the same notification, taking over the claim of a dead processor,
   * overwrites its {@code received} entry, while the same message sent again (a new S3 object) gets
   * a line of its own.
   */
  public static String logEntryId(String dedupeKey, String rawKey) {
    return "ml-" + Keys.sha256Hex(dedupeKey + "\n" + rawKey).substring(0, 20);
  }

  private static String newLogId() {
    return "ml-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  /**
   * Who wrote it, as exactly one valid address (it becomes the requester, the acknowledgement's
   * only recipient and the key of its hourly cap): the From address; a message without one is
   * attributed to its Reply-To, then to its Return-Path (spam and broken mailers leave From out).
   * None of them: the message is logged as rejected, since nobody could be answered or matched to a
   * client.
   */
  public static String senderOf(ParsedMail parsed) {
    List<String> candidates = new ArrayList<>();
    if (parsed.from() != null) candidates.add(parsed.from().email());
    for (var a : parsed.replyTo()) candidates.add(a.email());
    candidates.add(parsed.returnPath());
    for (String c : candidates) {
      if (c != null && MailSyntax.isAddress(c.strip())) return c.strip();
    }
    return null;
  }

  /**
   * What makes two deliveries the same message for this tenant: the sender and the Message-ID;
   * without a Message-ID, the headers the author wrote and the text. Trace headers ({@code
   * Received}, {@code Return-Path}) differ between deliveries of one message and are left out.
   */
  public static String dedupeKey(String from, String messageId, ParsedMail parsed) {
    if (messageId != null)
      return "mid-" + Keys.sha256Hex((from == null ? "" : from) + "\n" + messageId);
    StringBuilder canonical = new StringBuilder();
    for (String name : List.of("from", "to", "cc", "date", "subject")) {
      String v = parsed.header(name);
      canonical.append(name).append(':').append(v == null ? "" : v.strip()).append('\n');
    }
    canonical.append('\n').append(parsed.text() == null ? "" : parsed.text());
    return "canon-" + Keys.sha256Hex(canonical.toString());
  }

  private static String subjectOf(ParsedMail parsed) {
    String s = parsed.subject() == null ? "" : parsed.subject().strip();
    return s.isEmpty() ? "(no subject)" : limit(s, MAX_SUBJECT);
  }

  private static String limit(String s, int max) {
    if (s == null || s.length() <= max) return s;
    int end = max;
    if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
    return s.substring(0, end);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
