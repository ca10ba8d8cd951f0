package dev.portal.shared.store;

import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.sla.SlaSchedule;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SLA schedule: minute buckets of clock points, the ticker's checkpoint, and the once-only SLA
 * events.
 */
public interface SlaStore {

  /** Writes each entry into its minute's bucket; writing an entry again changes nothing. */
  void schedule(Collection<SlaSchedule.Entry> entries);

  /** Every entry of the bucket of {@code minute} ({@code yyyy-MM-ddTHH:mm}, UTC). */
  List<SlaSchedule.Entry> due(String minute);

  /**
   * A ticket as the ticker needs it: the ticket, and who looks after it (branch desk's attributes).
   */
  record TicketNow(Ticket ticket, String assigneeId, String groupId, Integer warningPercent) {}

  record TicketRef(String tenantId, long seq) {}

  /**
   * The tickets of {@code refs} that exist, read consistently (BatchGetItem, 100 keys a request).
   * Keys DynamoDB still hands back unprocessed after five attempts are an {@link
   * IllegalStateException}: the tick fails before it moves its checkpoint past the minute, and the
   * next tick reads that minute again.
   */
  Map<TicketRef, TicketNow> tickets(Collection<TicketRef> refs);

  Optional<TicketNow> ticket(String tenantId, long seq);

  /** A group's members (at most {@code max}); empty when there is no such group. */
  List<String> groupMembers(String tenantId, String groupId, int max);

  /** The client's account manager (a staff email), if it has one. */
  Optional<String> accountManager(String tenantId, String clientId);

  enum Fired {
    WRITTEN,
    DUPLICATE,
    TICKET_CHANGED
  }

  /**
   * Writes {@code event} beside the ticket once per point, clock and due time: one transaction of
   * the claim (conditional put on a key made of the three), the event, and a check that the ticket
   * is still at the version the decision was made on.
   *
   * @param to the mail's recipients; empty: the event owes no mail
   */
  Fired fire(
      Ticket ticket,
      SlaSchedule.Entry entry,
      TicketEvent event,
      String sideId,
      List<String> to,
      Instant now);

  /** The last minute the ticker finished, if any. */
  Optional<Instant> checkpoint();

  /** Moves the checkpoint to {@code minute} unless it is there or later already. */
  void advance(Instant minute);
}
