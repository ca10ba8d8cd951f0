package dev.portal.shared.store;

import dev.portal.shared.domain.Ticket;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a rebuild of a tenant's figures reads and clears (docs/reports.md), every read a Query on a
 * designed key: the tenant's tickets on their tenant-wide list (then BatchGetItem of the whole
 * items, which the list index does not copy), each ticket's timeline in its own partition, the
 * tenant's invoices on theirs, and the figures' own partitions.
 */
public interface FiguresTimeline {

  /**
   * A ticket as it is now, and the event items its last change still lists ({@code pendingEvents}:
   * the change was written without a transaction, and a killed process may have left some of them
   * unwritten); empty when it lists none.
   */
  record Stored(Ticket ticket, List<Map<String, AttributeValue>> listedEvents) {
    public Stored {
      listedEvents = List.copyOf(listedEvents);
    }
  }

  /**
   * Every ticket of the tenant as it is now (GSI5 {@code TENANT#<t>#TICKETS}, all pages, then the
   * items by key), by number.
   */
  List<Stored> tickets(String tenantId);

  /**
   * The ticket's timeline items in version order ({@code pk = TENANT#<t>#TICKET#<seq>}, {@code
   * begins_with(sk, EVENT#)}), as stored: the items the stream carries.
   */
  List<Map<String, AttributeValue>> events(String tenantId, long seq);

  /**
   * Writes a listed event the ticket's timeline lacks, unless it exists by now (a conditional put:
   * the request or the stream's repair may write it meanwhile, and an event is written once).
   */
  void writeListedEvent(String tenantId, Map<String, AttributeValue> event);

  /** Every invoice item of the tenant, as stored (GSI1 {@code TENANT#<t>#INVOICES}). */
  List<Map<String, AttributeValue>> invoices(String tenantId);

  /** The months ({@code yyyy-MM}) that have a tenant row of support figures. */
  Set<String> countedMonths(String tenantId);

  /**
   * Deletes the tenant's support figures (month and day rows; each month's client, assignee and
   * group rows) and its profitability rows of {@code months}.
   *
   * @return the number of items deleted
   */
  int wipe(String tenantId, Collection<String> months);

  /** A ticket as the table stores it, so that it can be handed to the projection as an image. */
  static Map<String, AttributeValue> image(Ticket ticket) {
    return DynamoTicketStore.ticketItem(ticket);
  }
}
