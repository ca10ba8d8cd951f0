package dev.portal.shared.store;

import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.MailThread;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.domain.TicketAttachment;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The email channel's items in the single table; keys in {@link Keys}, patterns in
 * docs/data-model.md.
 */
public interface MailStore extends MailDomainRegistry {

  /**
   * Registers an address for the tenant. Registering an address the tenant already owns returns the
   * existing mailbox.
   *
   * @return the mailbox and whether this call created it
   * @throws dev.portal.shared.error.PortalException.Conflict when another tenant owns the address
   */
  default Registered registerMailbox(Mailbox mailbox) {
    return registerMailbox(mailbox, Optional.empty());
  }

  /**
   * As above; with a record, a new mailbox and the request's completed idempotency record are
   * written in one transaction (an address the tenant had already is answered without writing
   * anything). @throws IdempotencyCollision
   */
  Registered registerMailbox(Mailbox mailbox, Optional<CompletedIdempotency> record);

  record Registered(Mailbox mailbox, boolean created) {}

  /** Global routing: which tenant an envelope recipient belongs to. */
  Optional<Mailbox> mailbox(String address);

  /**
   * Global routing of a message's envelope recipients: the registered mailboxes among {@code
   * addresses}, by normalised address, read together (one consistent BatchGetItem per 100
   * addresses; none for no address).
   */
  Map<String, Mailbox> mailboxesAt(Collection<String> addresses);

  /** The tenant's mailboxes, A to Z. */
  Page<Mailbox> mailboxes(String tenantId, int limit, String cursor);

  /**
   * The tenant's first mailbox by address, if any: the sender of a ticket's mail when the ticket
   * has no thread. Seals no cursor: its reader, the notifier, has no cursor secret.
   */
  Optional<Mailbox> firstMailbox(String tenantId);

  /**
   * Claims an inbound message for processing, exactly once per tenant and hash, and writes its
   * {@code received} mail log entry in the same transaction, so a message whose processor then dies
   * (timeout, out of memory) is still in the log. A claim still {@code processing} past {@code
   * leaseUntil} (its processor died) can be taken over; the token tells the processors apart, so
   * one that lost its claim cannot complete it.
   *
   * @return false when the message was processed, or is being processed, by another delivery
   */
  boolean claimInbound(
      String tenantId,
      String hash,
      String token,
      Instant now,
      Instant leaseUntil,
      MailLogEntry received);

  /**
   * Writes the message's final mail-log entry and marks the claim done, if this token still holds
   * it.
   *
   * @return false when another processor took the claim over: nothing was written, its outcome
   *     counts
   */
  boolean completeInbound(String tenantId, String hash, String token, MailLogEntry entry);

  /**
   * Gives the claim up after a failure, if this token still holds it, so that the retry processes
   * it afresh.
   */
  void releaseInbound(String tenantId, String hash, String token);

  void log(String tenantId, MailLogEntry entry);

  /** The mail log, newest first, optionally of one outcome. */
  Page<MailLogEntry> mailLog(String tenantId, MailOutcome outcome, int limit, String cursor);

  void rememberMessage(String tenantId, String messageId, long ticketSeq);

  Optional<Long> ticketOfMessage(String tenantId, String messageId);

  /**
   * What the inbound path needs to know of a claimed message's sender, read together (one
   * consistent BatchGetItem on the table) because every key is known once the message is parsed:
   * each field is what {@link #ticketOfMessage}, {@link #mailbox} (of {@code from}, whichever
   * tenant owns it), {@link DirectoryStore#staff} and {@link DirectoryStore#contact} would return.
   */
  record SenderFacts(
      Optional<Long> messageTicket,
      Optional<Mailbox> fromMailbox,
      Optional<Staff> staff,
      Optional<Contact> contact) {
    /** Nothing known: every field empty. */
    public static final SenderFacts NONE =
        new SenderFacts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * The {@link SenderFacts} of {@code from} and {@code messageId} in the tenant, in one request; a
   * null {@code messageId} leaves {@code messageTicket} empty, a null {@code from} the three others
   * (both null: no request).
   */
  SenderFacts senderFacts(String tenantId, String from, String messageId);

  void putThread(String tenantId, long ticketSeq, MailThread thread);

  Optional<MailThread> thread(String tenantId, long ticketSeq);

  /**
   * Takes one of the sender's acknowledgements of the current hour.
   *
   * @return false when {@code max} were sent already
   */
  boolean takeAckSlot(String tenantId, String sender, Instant now, int max);

  /**
   * An outbound mail's claim: {@code claimed} by a sender until its lease runs out, {@code sent}
   * once SES accepted the message (with what the follow-ups need), {@code done} when the message's
   * id, the thread and the {@code email_sent} event are written.
   */
  enum OutboundState {
    CLAIMED,
    SENT,
    DONE
  }

  /** What a sent mail left to remember: enough to write its follow-ups again after a failure. */
  record SentMail(
      String from,
      String to,
      String subject,
      String messageId,
      String sesMessageId,
      String inReplyTo) {}

  record OutboundClaim(OutboundState state, Instant leaseUntil, SentMail sent) {}

  /**
   * Claims the mail {@code dedupeKey} for {@code token} until {@code leaseUntil}: when nobody
   * claimed it, or a claim whose lease ran out at {@code now} (its sender died before SES accepted
   * the mail, or never said).
   *
   * @return empty when the caller now holds the claim; otherwise the claim as it stands
   */
  Optional<OutboundClaim> claimOutbound(
      String tenantId, String dedupeKey, String token, Instant now, Instant leaseUntil);

  /**
   * @return false when the claim no longer belongs to {@code token} (its lease ran out and another
   *     sender took it)
   */
  boolean outboundSent(String tenantId, String dedupeKey, String token, SentMail sent);

  /**
   * Gives the claim up after a send SES refused, so a retry may send; only while {@code token}
   * holds it.
   */
  void releaseOutbound(String tenantId, String dedupeKey, String token);

  /**
   * Marks the address suppressed for the tenant (a later report overwrites an earlier one), and
   * shows it on the tenant's contact of that address if there is one.
   */
  void suppress(String tenantId, String email, Suppression suppression);

  /** Whether the tenant's mail to {@code email} is suppressed. */
  Optional<Suppression> suppression(String tenantId, String email);

  void putAttachment(String tenantId, TicketAttachment attachment);

  /** A stored attachment (from mail, or a confirmed upload); a pending upload is none. */
  Optional<TicketAttachment> attachment(String tenantId, long ticketSeq, String attachmentId);

  /**
   * Records a portal upload as pending (removed by TTL at {@code expiresAt} unless confirmed) and
   * counts it against the ticket's cap, in one transaction.
   *
   * @return false, writing nothing, when the ticket already has {@code maxPerTicket} uploads
   */
  boolean startUpload(
      String tenantId,
      TicketAttachment attachment,
      String uploadedBy,
      Instant expiresAt,
      int maxPerTicket);

  /** A portal upload, pending or stored; a mail attachment too (stored, no uploader). */
  Optional<dev.portal.shared.upload.Upload> upload(
      String tenantId, long ticketSeq, String attachmentId);
}
