package dev.portal.shared.store;

import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketSummary;
import java.util.List;
import java.util.Optional;

/** Tickets and their timelines in the single table. */
public interface TicketStore {

  /**
   * Draws the next ticket number of the tenant (atomic counter) and returns the tenant's settings
   * with it.
   */
  NumberedTenant nextNumber(String tenantId);

  /**
   * @param defaultGroupId the tenant's default group, read in the same request as the number; null
   *     when none
   */
  record NumberedTenant(TenantSettings settings, long seq, String defaultGroupId) {
    public NumberedTenant(TenantSettings settings, long seq) {
      this(settings, seq, null);
    }
  }

  /**
   * What a portal ticket's creation reads, in one request: the tenant's settings, its last ticket
   * number and default group, the client, the client's running contracts and, when an agent names
   * the requester, that contact. Every item read consistently: the create decides on them without
   * checking them again (the contracts), or writes on condition that one is unchanged (the number).
   *
   * @param contactEmail the requester an agent named; null reads no contact
   */
  Opening opening(String tenantId, String clientId, String contactEmail);

  /**
   * @param lastSeq the tenant's last ticket number (0: none yet); the create that draws {@code
   *     lastSeq + 1} writes on condition that it is still the last ({@link #createNumbered})
   * @param settings with the prefix the ticket's number is made with
   */
  record Opening(
      TenantSettings settings,
      long lastSeq,
      String defaultGroupId,
      Optional<Client> client,
      ClientContracts contracts,
      Optional<Contact> contact) {}

  /**
   * As {@link #create(Ticket, List, Optional)}, the ticket's number drawn in the same transaction:
   * the tenant's counter moves from {@code read}'s last number to the ticket's seq, on condition
   * that it is still the last and, for a tenant's first ticket, that the prefix the number was made
   * with is still the tenant's (a prefix is fixed by the first number drawn). Two requests make a
   * portal ticket instead of three.
   *
   * @throws NumberTaken when another create drew a number, or the first ticket's prefix changed,
   *     after {@code read}: nothing was written
   * @throws IdempotencyCollision when the idempotency record already exists
   */
  void createNumbered(
      Ticket ticket,
      Opening read,
      List<TicketEvent> events,
      Optional<CompletedIdempotency> idempotency);

  /** Another create drew a number after this one read the last: draw again. */
  final class NumberTaken extends RuntimeException {
    public NumberTaken() {
      super("another ticket took the number", null, false, false);
    }
  }

  /**
   * Writes the ticket and its first events (sequence 1..n, the ticket at version n: a portal
   * ticket's {@code created}, or the email channel's {@code created} with the mail itself and its
   * attachments) in one transaction, with the completed idempotency record when given.
   *
   * @throws IdempotencyCollision when the idempotency record already exists
   */
  default void create(
      Ticket ticket, List<TicketEvent> events, Optional<CompletedIdempotency> idempotency) {
    create(ticket, events, idempotency, List.of());
  }

  /**
   * As above, with writes that must happen exactly when the ticket's do, in the same transaction.
   *
   * @throws ClaimLost when an {@link Also.InboundDone} no longer holds its claim: nothing was
   *     written
   */
  void create(
      Ticket ticket,
      List<TicketEvent> events,
      Optional<CompletedIdempotency> idempotency,
      List<Also> also);

  /**
   * What else a ticket's transaction writes: the inbound mail that made the change marks its claim
   * done and gets its final mail-log entry atomically with it, so a processor that dies after the
   * ticket's write leaves nothing undone, and a retry finds the message done.
   */
  sealed interface Also {
    /** Marks the inbound claim done, on condition that {@code claimToken} still holds it. */
    record InboundDone(String hash, String claimToken, String logEntryId) implements Also {}

    /** Writes (overwrites) the message's mail-log entry. */
    record MailLog(dev.portal.shared.domain.MailLogEntry entry) implements Also {}

    /**
     * Finishes a sent mail's claim ({@code sent} to {@code done}) in the transaction of its {@code
     * email_sent} event; the transaction fails with {@link ClaimLost} when another delivery
     * finished it first.
     */
    record OutboundDone(String dedupeKey) implements Also {}

    /**
     * Closes a mail's claim without sending ({@code claimed} to {@code done}, with the reason) in
     * the transaction of its {@code email_not_sent} event, on condition that {@code token} still
     * holds it ({@link ClaimLost} otherwise).
     */
    record OutboundNotSent(String dedupeKey, String token, String reason) implements Also {}

    /** Maps a Message-ID we sent to its ticket, so replies that quote it thread there. */
    record SentMessage(String messageId, long ticketSeq) implements Also {}

    /**
     * Writes the ticket's mail thread (the mailbox and the Message-IDs its next mail refers to).
     */
    record Thread(long ticketSeq, dev.portal.shared.domain.MailThread thread) implements Also {}

    /**
     * The request's completed idempotency record: a comment or rating is written exactly when its
     * record is. A failed condition on it cancels the change ({@link IdempotencyCollision}).
     */
    record Recorded(CompletedIdempotency record) implements Also {}

    /**
     * Marks a portal upload stored (pending to done, with its event's id), on condition that it is
     * still pending: the transaction fails with {@link ClaimLost} when another confirmation got
     * there first, so the upload has one {@code attachment_added}.
     */
    record UploadStored(long ticketSeq, String attachmentId, String eventId) implements Also {}

    /**
     * Copies {@code watcher} on the ticket, on condition that they are not a watcher yet and the
     * ticket has fewer than {@code max}: otherwise the transaction fails with {@link
     * WatcherRefused}.
     */
    record WatcherAdded(long ticketSeq, dev.portal.shared.domain.Watcher watcher, int max)
        implements Also {}

    /**
     * Takes {@code email} off the ticket's watchers, on condition that they are one ({@link
     * WatcherRefused} otherwise).
     */
    record WatcherRemoved(long ticketSeq, String email) implements Also {}
  }

  /**
   * A watcher change whose condition failed, so nothing was written: the person watches already
   * ({@code PRESENT}), does not ({@code ABSENT}), or the ticket has its most ({@code FULL}).
   */
  final class WatcherRefused extends RuntimeException {
    public enum Reason {
      PRESENT,
      ABSENT,
      FULL
    }

    private final Reason reason;

    public WatcherRefused(Reason reason) {
      super("watcher change refused: " + reason, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  /**
   * A claim in the transaction is another's, so nothing was written: an inbound mail's claim taken
   * over after this delivery's lease ran out, an outbound mail's finished or closed by another
   * delivery, an upload stored by another confirmation.
   */
  final class ClaimLost extends RuntimeException {
    public ClaimLost() {
      super("the claim is held or finished by another delivery or confirmation");
    }
  }

  /**
   * Writes an event that changes nothing on the ticket right after the event of the ticket's
   * current version (sort key {@code EVENT#<version>#SIDE#<sideId>}), without rewriting the ticket.
   */
  default void appendBeside(Ticket ticket, TicketEvent event, String sideId) {
    appendBeside(ticket, event, sideId, List.of());
  }

  /**
   * As above, with writes in the same transaction ({@link Also}). @throws ClaimLost as for create
   */
  void appendBeside(Ticket ticket, TicketEvent event, String sideId, List<Also> also);

  Optional<Ticket> find(String tenantId, long seq);

  /**
   * Writes the changed ticket and its events if the stored version is still {@code
   * expectedVersion}. On true the ticket is changed and its events are written or, if the process
   * dies right after, owed by the ticket's stream record (docs/data-model.md, "Concurrency").
   *
   * @return false when another writer changed the ticket first
   */
  default boolean update(Ticket changed, List<TicketEvent> events, long expectedVersion) {
    return update(changed, events, expectedVersion, List.of());
  }

  /**
   * As above, with writes in the same transaction ({@link Also}).
   *
   * @throws ClaimLost as for create
   * @throws IdempotencyCollision when an {@link Also.Recorded} found the key in other hands:
   *     nothing was written
   */
  boolean update(Ticket changed, List<TicketEvent> events, long expectedVersion, List<Also> also);

  /**
   * One page of a list, in list order: status in workflow order, then the newest ticket first
   * (docs/data-model.md); each item as the list index holds it.
   */
  Page<TicketSummary> list(String tenantId, TicketQuery query, int limit, String cursor);

  /**
   * The timeline, oldest first; {@code publicOnly} reads the index that holds only public events.
   * Every event carries a copy of its ticket's unchanging facts (id, number, client, requester), so
   * the page also tells whose ticket it is and the access rules need no read of the ticket itself.
   */
  Timeline events(String tenantId, long ticketSeq, boolean publicOnly, int limit, String cursor);

  /**
   * @param owner empty when the page is empty or its events were written before they carried their
   *     ticket's facts
   */
  record Timeline(Page<TicketEvent> page, Optional<TicketFacts> owner) {}

  /** What never changes on a ticket and decides who may see it. */
  record TicketFacts(String id, String number, String clientId, String requesterEmail) {}
}
