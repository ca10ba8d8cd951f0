package dev.portal.shared.email;

import dev.portal.shared.store.BlobStore;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.MailThread;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketAttachment;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.log.JsonLog;
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
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The inbound path of the email channel, for one message SES stored in S3: route it by its envelope recipients to
 * the tenants whose mailboxes they are, parse it as a stream (attachments straight to S3), and for each tenant decide
 * once what it becomes (a ticket, a comment on its ticket, or a logged rejection), writing the mail log either way.
 *
 * <p>Exactly once: before deciding, a conditional put claims the tenant + hash of the Message-ID (of the raw bytes
 * when there is none). A second delivery, even one running at the same moment, finds the claim and is logged as a
 * {@code duplicate}. A failure releases the claim and propagates, so the queue retries (and finally dead-letters) the
 * message; a processor that dies without releasing leaves a claim that a retry takes over once its lease ran out.
 * If it died after writing the ticket, the retry finds the Message-ID remembered for that ticket and logs a
 * duplicate; only a death between the ticket's transaction and remembering its Message-ID (two consecutive writes)
 * could still produce a second ticket.
 */
public final class InboundMailService {
  /** Longer than the function's timeout: a claim this old belongs to a processor that died. */
  static final Duration CLAIM_LEASE = Duration.ofMinutes(5);
  static final int MAX_SUBJECT = 200;
  static final int MAX_DESCRIPTION = 20_000;
  static final int MAX_FULL_TEXT = 100_000;
  /**
   * Attachments stored per message. A DynamoDB transaction takes at most 100 actions, and a ticket's create holds the
   * ticket, {@code created}, {@code email_received}, the contract check and one {@code attachment_added} per stored
   * part (a reply: the ticket, a status change, the mail and the parts). The parser stores no more than this, so every
   * stored part has its event and item (no orphans in S3); the rest is counted as {@code attachmentsDropped}. 90
   * leaves room for one more event kind in those transactions.
   */
  static final int MAX_ATTACHMENT_EVENTS = 90;

  private final MailStore mail;
  private final DirectoryStore directory;
  private final TicketStore tickets;
  private final TicketService ticketService;
  private final BlobStore blobs;
  private final MailNotifications notifications;
  private final Clock clock;

  public InboundMailService(MailStore mail, DirectoryStore directory, TicketStore tickets, TicketService ticketService,
      BlobStore blobs, MailNotifications notifications, Clock clock) {
    this.mail = mail;
    this.directory = directory;
    this.tickets = tickets;
    this.ticketService = ticketService;
    this.blobs = blobs;
    this.notifications = notifications;
    this.clock = clock;
  }

  /**
   * @return one mail-log entry per tenant the message reached; empty when no envelope recipient is a registered mailbox
   * @throws IOException when the raw message cannot be read (missing object, S3 failure): retry, then dead-letter
   */
  public List<MailLogEntry> receive(InboundNotification n) throws IOException {
    Map<String, Mailbox> byTenant = new LinkedHashMap<>();
    for (String recipient : n.recipients()) {
      mail.mailbox(recipient).ifPresent(m -> byTenant.putIfAbsent(m.tenantId(), m));
    }
    if (byTenant.isEmpty()) {
      JsonLog.warn("inbound mail for no registered mailbox", "s3Key", n.key(), "recipients", n.recipients().size());
      return List.of();
    }
    List<MailLogEntry> out = new ArrayList<>();
    for (Mailbox mailbox : byTenant.values()) out.add(receiveFor(mailbox, n));
    return out;
  }

  /**
   * Records a message that could not be processed at all, on its last delivery before the dead-letter queue, in the
   * mail log of every tenant its envelope reached: {@code rejected}, with the reason and the raw message's S3 key, so
   * that every message that reached a mailbox is in the log even when nothing of it could be read.
   */
  public List<MailLogEntry> giveUp(InboundNotification n, Exception cause) {
    Set<String> tenants = new LinkedHashSet<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    for (String recipient : n.recipients()) {
      mail.mailbox(recipient).ifPresent(m -> {
        tenants.add(m.tenantId());
        addresses.putIfAbsent(m.tenantId(), m.address());
      });
    }
    String reason = "could not be processed (" + cause.getClass().getSimpleName()
        + "): dead-lettered, the raw message is kept at " + n.key();
    List<MailLogEntry> out = new ArrayList<>();
    for (String tenant : tenants) {
      Header h = new Header(null, null, List.of(addresses.get(tenant)), "", now(), n.key());
      out.add(log(tenant, h, MailOutcome.REJECTED, reason, null));
    }
    return out;
  }

  private MailLogEntry receiveFor(Mailbox mailbox, InboundNotification n) throws IOException {
    String tenant = mailbox.tenantId();
    String prefix = EmailConfig.ATTACHMENT_PREFIX + tenant + "/" + Keys.sha256Hex(n.bucket() + "/" + n.key()).substring(0, 32) + "/";
    ParsedMail parsed;
    String rawHash;
    try (InputStream raw = blobs.open(n.bucket(), n.key());
         DigestInputStream digest = new DigestInputStream(raw, sha256())) {
      // The parser closes what it is given; the rest of the stream is still needed for the hash.
      InputStream unclosable = new java.io.FilterInputStream(digest) {
        @Override
        public void close() {}
      };
      // A message SES judged spam or a virus keeps its attachments only inside the raw message: none is decoded out.
      boolean suspect = "FAIL".equalsIgnoreCase(n.spamVerdict()) || "FAIL".equalsIgnoreCase(n.virusVerdict());
      parsed = new MailParser(MAX_ATTACHMENT_EVENTS).parse(unclosable,
          suspect ? dev.portal.shared.mail.AttachmentSink.DISCARD : new S3AttachmentSink(blobs, n.bucket(), prefix));
      digest.transferTo(OutputStream.nullOutputStream()); // the parser may stop early: hash every byte
      rawHash = HexFormat.of().formatHex(digest.getMessageDigest().digest());
    }
    String messageId = blankToNull(parsed.messageId());
    String hash = messageId != null ? "mid-" + Keys.sha256Hex(messageId) : "raw-" + rawHash;
    Instant now = now();
    String sender = senderOf(parsed);
    Header header = new Header(messageId, sender == null ? null : Keys.normalizeEmail(sender),
        List.of(mailbox.address()), subjectOf(parsed), now, n.key());

    if (!mail.claimInbound(tenant, hash, now, now.plus(CLAIM_LEASE))) {
      return log(tenant, header, MailOutcome.DUPLICATE, "received before (same Message-ID, or same bytes)", null);
    }
    try {
      // A Message-ID that already belongs to a ticket was processed by a delivery that died before completing its
      // claim (or is our own mail coming back): either way nothing new may come of it.
      if (messageId != null && mail.ticketOfMessage(tenant, messageId).isPresent()) {
        MailLogEntry entry = log(tenant, header, MailOutcome.DUPLICATE, "its Message-ID belongs to a ticket already", null);
        mail.completeInbound(tenant, hash, entry.id());
        return entry;
      }
      MailLogEntry entry = decide(mailbox, n, parsed, header, prefix);
      mail.completeInbound(tenant, hash, entry.id());
      return entry;
    } catch (RuntimeException e) {
      mail.releaseInbound(tenant, hash);
      throw e;
    }
  }

  private record Header(String messageId, String from, List<String> to, String subject, Instant receivedAt, String rawKey) {}

  private MailLogEntry decide(Mailbox mailbox, InboundNotification n, ParsedMail parsed, Header h, String prefix) {
    String tenant = mailbox.tenantId();
    Verdict verdict = MailClassifier.classify(parsed, n.spamVerdict(), n.virusVerdict());
    switch (verdict) {
      case Verdict.Reject r -> {
        return log(tenant, h, MailOutcome.REJECTED, r.reason(), null);
      }
      case Verdict.Quarantine q -> {
        return log(tenant, h, MailOutcome.QUARANTINED, q.reason(), null);
      }
      case Verdict.Accept a -> { }
    }
    if (h.from() == null) return log(tenant, h, MailOutcome.REJECTED, "no sender address", null);
    String from = h.from();
    String displayName = parsed.from() == null ? null : blankToNull(parsed.from().displayName());

    Optional<Ticket> thread = threadOf(tenant, parsed, from);
    if (thread.isPresent()) {
      Ticket ticket = thread.get();
      String text = parsed.text() == null ? "" : parsed.text();
      String trimmed = QuoteTrimmer.trim(text);
      List<TicketService.EventDraft> drafts = new ArrayList<>();
      drafts.add(emailEvent(h, mailbox, limit(trimmed, MAX_DESCRIPTION), text.equals(trimmed) ? null : limit(text, MAX_FULL_TEXT),
          attachmentsDropped(parsed)));
      List<TicketAttachment> files = attachments(parsed, ticket.seq(), n.bucket(), drafts);
      try {
        Person sender = new Person(from, displayName);
        TicketService.Applied applied = ticketService.receiveEmail(tenant, ticket.seq(), sender, drafts);
        afterWrite(tenant, applied.ticket(), mailbox, parsed, files);
        return log(tenant, h, MailOutcome.COMMENT, null, applied.ticket().id());
      } catch (PortalException.Conflict closed) {
        // closed meanwhile: the mail opens a new ticket below, as the contract says for closed tickets
      }
    }

    Person requester;
    String clientId;
    Optional<Contact> contact = directory.contact(tenant, from);
    if (contact.isPresent()) {
      clientId = contact.get().clientId();
      requester = new Person(from, contact.get().name() != null ? contact.get().name() : displayName);
    } else {
      clientId = directory.clientForDomain(tenant, from.substring(from.indexOf('@') + 1)).orElse(null);
      requester = new Person(from, displayName);
      if (clientId != null) clientId = createContact(tenant, from, displayName, clientId);
    }
    String text = parsed.text() == null || parsed.text().isBlank() ? "(no text)" : parsed.text();
    List<TicketService.EventDraft> drafts = new ArrayList<>();
    drafts.add(emailEvent(h, mailbox, limit(text, MAX_DESCRIPTION), text.length() > MAX_DESCRIPTION ? limit(text, MAX_FULL_TEXT) : null,
        attachmentsDropped(parsed)));
    // The ticket's number is drawn inside createFromEmail; attachments are keyed by the message, so seq 0 is patched after.
    List<TicketAttachment> pending = attachments(parsed, 0, n.bucket(), drafts);
    TicketService.Applied created = ticketService.createFromEmail(tenant, clientId, requester, h.subject(),
        limit(text, MAX_DESCRIPTION), drafts);
    Ticket ticket = created.ticket();
    List<TicketAttachment> files = pending.stream().map(a -> new TicketAttachment(a.id(), ticket.seq(), a.filename(),
        a.mimeType(), a.size(), a.bucket(), a.key(), a.isPublic())).toList();
    afterWrite(tenant, ticket, mailbox, parsed, files);
    if (mail.takeAckSlot(tenant, from, h.receivedAt(), EmailConfig.MAX_ACKS_PER_SENDER_HOUR)) {
      notifications.acknowledge(ticket);
    } else {
      JsonLog.info("acknowledgement skipped: sender reached the hourly limit", "tenant", tenant, "ticket", ticket.number(),
          "from", JsonLog.maskEmail(from));
    }
    return log(tenant, h, MailOutcome.TICKET, clientId == null ? "sender of no known client: agents only" : null, ticket.id());
  }

  /** The contact the domain's client gets; when someone created it meanwhile, theirs counts. */
  private String createContact(String tenant, String email, String name, String clientId) {
    try {
      directory.createContact(tenant, new Contact(email, name != null ? name : email.substring(0, email.indexOf('@')),
          clientId, Role.CLIENT, now()));
      return clientId;
    } catch (PortalException.Conflict exists) {
      return directory.contact(tenant, email).map(Contact::clientId).orElse(clientId);
    }
  }

  /**
   * The ticket a reply belongs to: named by {@code [NUMBER]} in the subject, or owning a Message-ID the mail answers
   * (In-Reply-To first, then References newest first), provided the sender is that ticket's requester or a contact of
   * its client, and the ticket is not closed.
   */
  private Optional<Ticket> threadOf(String tenant, ParsedMail parsed, String from) {
    List<Long> candidates = new ArrayList<>();
    TicketRefs.numberInSubject(parsed.subject()).flatMap(Ids::parseTicketRef).ifPresent(ref -> {
      if (ref instanceof Ids.TicketRef.ByNumber byNumber) {
        tickets.find(tenant, byNumber.seq()).filter(t -> t.number().equalsIgnoreCase(byNumber.number()))
            .ifPresent(t -> candidates.add(t.seq()));
      }
    });
    List<String> ids = new ArrayList<>();
    if (parsed.inReplyTo() != null) ids.addAll(parsed.inReplyTo());
    if (parsed.references() != null) ids.addAll(parsed.references().reversed());
    for (String id : ids) {
      if (blankToNull(id) != null) mail.ticketOfMessage(tenant, id.trim()).ifPresent(candidates::add);
    }
    Optional<Contact> contact = Optional.empty();
    boolean contactRead = false;
    for (long seq : candidates) {
      Optional<Ticket> t = tickets.find(tenant, seq);
      if (t.isEmpty() || t.get().status() == TicketStatus.CLOSED) continue;
      Ticket ticket = t.get();
      if (ticket.requester().email().equalsIgnoreCase(from)) return t;
      if (ticket.clientId() == null) continue;
      if (!contactRead) {
        contact = directory.contact(tenant, from);
        contactRead = true;
      }
      if (contact.isPresent() && ticket.clientId().equals(contact.get().clientId())) return t;
    }
    return Optional.empty();
  }

  private static TicketService.EventDraft emailEvent(Header h, Mailbox mailbox, String body, String fullText,
      int attachmentsDropped) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (h.messageId() != null) data.put("messageId", h.messageId());
    data.put("from", h.from());
    data.put("to", mailbox.address());
    data.put("subject", h.subject());
    data.put("body", body);
    if (fullText != null) data.put("fullText", fullText);
    if (attachmentsDropped > 0) data.put("attachmentsDropped", attachmentsDropped);
    return new TicketService.EventDraft(EventType.EMAIL_RECEIVED, true, data);
  }

  /** Parts of the mail that no attachment of the ticket holds: the parser's count, plus any it stored past ours. */
  private static int attachmentsDropped(ParsedMail parsed) {
    return parsed.attachmentsDropped() + Math.max(0, parsed.attachments().size() - MAX_ATTACHMENT_EVENTS);
  }

  /** Adds one {@code attachment_added} draft per stored part and returns the attachment items to write after. */
  private static List<TicketAttachment> attachments(ParsedMail parsed, long ticketSeq, String bucket,
      List<TicketService.EventDraft> drafts) {
    List<TicketAttachment> out = new ArrayList<>();
    if (parsed.attachments() == null) return out;
    for (StoredAttachment s : parsed.attachments()) {
      if (out.size() >= MAX_ATTACHMENT_EVENTS) break;
      String id = "att-" + s.meta().index() + "-" + s.sha256Hex().substring(0, 12);
      String filename = s.meta().filename() == null ? "attachment-" + s.meta().index() : s.meta().filename();
      out.add(new TicketAttachment(id, ticketSeq, filename, s.meta().mimeType(), s.size(), bucket, s.location(), true));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("attachmentId", id);
      data.put("filename", filename);
      if (s.meta().mimeType() != null) data.put("mimeType", s.meta().mimeType());
      data.put("size", s.size());
      data.put("inline", s.meta().inline());
      drafts.add(new TicketService.EventDraft(EventType.ATTACHMENT_ADDED, true, data));
    }
    return out;
  }

  /** What the ticket remembers for threading: the mailbox, the client's Message-ID, the attachment items. */
  private void afterWrite(String tenant, Ticket ticket, Mailbox mailbox, ParsedMail parsed, List<TicketAttachment> files) {
    for (TicketAttachment a : files) mail.putAttachment(tenant, a);
    String messageId = blankToNull(parsed.messageId());
    MailThread previous = mail.thread(tenant, ticket.seq()).orElse(new MailThread(mailbox.address(), null, List.of()));
    List<String> ids = new ArrayList<>(previous.messageIds());
    if (messageId != null) {
      mail.rememberMessage(tenant, messageId, ticket.seq());
      if (!ids.contains(messageId)) ids.add(messageId);
    }
    while (ids.size() > MailThread.MAX_REFERENCES) ids.removeFirst();
    mail.putThread(tenant, ticket.seq(), new MailThread(previous.mailbox() == null ? mailbox.address() : previous.mailbox(),
        messageId != null ? messageId : previous.lastClientMessageId(), ids));
  }

  private MailLogEntry log(String tenant, Header h, MailOutcome outcome, String reason, String ticketId) {
    MailLogEntry entry = new MailLogEntry("ml-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
        h.messageId(), h.from() == null ? null : Keys.normalizeEmail(h.from()), h.to(), h.subject(), h.receivedAt(),
        outcome, reason, ticketId, h.rawKey());
    mail.log(tenant, entry);
    JsonLog.info("inbound mail", "tenant", tenant, "outcome", outcome.wire(), "reason", reason, "ticketId", ticketId,
        "from", JsonLog.maskEmail(entry.from()), "s3Key", h.rawKey());
    return entry;
  }

  /**
   * Who wrote it, as exactly one valid address (it becomes the requester, the acknowledgement's only recipient and
   * the key of its hourly cap): the From address; a message without one is attributed to its Reply-To, then to its
   * Return-Path (spam and broken mailers leave From out). None of them: the message is logged as rejected, since
   * nobody could be answered or matched to a client.
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

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
