package dev.portal.shared.store;

import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import java.util.List;
import java.util.Optional;

/** Tickets and their timelines in the single table. */
public interface TicketStore {

  /** Draws the next ticket number of the tenant (atomic counter) and returns the tenant's settings with it. */
  NumberedTenant nextNumber(String tenantId);

  record NumberedTenant(TenantSettings settings, long seq) {}

  /**
   * Writes the ticket, its first event and, when given, the completed idempotency record in one transaction.
   *
   * @throws IdempotencyCollision when the idempotency record already exists
   */
  void create(Ticket ticket, TicketEvent created, Optional<CompletedIdempotency> idempotency);

  /**
   * Writes a ticket and its first events (sequence 1..n, the ticket at version n) in one transaction: the email
   * channel's create, whose {@code created} comes with the mail itself and its attachments.
   */
  void createWithEvents(Ticket ticket, List<TicketEvent> events);

  record CompletedIdempotency(IdempotencyClaim claim, StoredResponse response) {}

  Optional<Ticket> find(String tenantId, long seq);

  /**
   * Writes the changed ticket and its events if the stored version is still {@code expectedVersion}.
   *
   * @return false when another writer changed the ticket first
   */
  boolean update(Ticket changed, List<TicketEvent> events, long expectedVersion);

  Page<Ticket> list(String tenantId, TicketQuery query, int limit, String cursor);

  /** The timeline, oldest first; {@code publicOnly} reads the index that holds only public events. */
  Page<TicketEvent> events(String tenantId, long ticketSeq, boolean publicOnly, int limit, String cursor);

  /** Thrown when an idempotency record written with a create already existed. */
  final class IdempotencyCollision extends RuntimeException {
    public IdempotencyCollision() { super("idempotency key already used", null, false, false); }
  }
}
