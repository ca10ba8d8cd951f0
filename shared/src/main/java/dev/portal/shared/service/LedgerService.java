package dev.portal.shared.service;

import dev.portal.shared.domain.ActiveContract;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.EventData;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.IdempotentResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Agents' time on tickets: each entry goes to the ledger of the client's contract that runs on the
 * day it is logged (or of the client's work outside any contract) for that month of the tenant's
 * calendar, and the month's aggregate grows in the same transaction, so a balance is one read and
 * exact under concurrent entries. Three requests: the ticket (GetItem), the tenant's zone with the
 * client's contracts (BatchGetItem), the transaction.
 *
 * <p>The ticket's {@code time_logged} event is internal ({@code public: false}): minutes,
 * billability and the agent's note are commercial detail between the tenant's staff; the client
 * sees the effect in the contract's balance.
 */
public final class LedgerService {
  private final TicketService tickets;
  private final ContractStore contracts;
  private final Clock clock;

  public LedgerService(TicketService tickets, ContractStore contracts, Clock clock) {
    this.tickets = tickets;
    this.contracts = contracts;
    this.clock = clock;
  }

  public TimeEntry log(
      Caller caller, String ticketRef, int minutes, String note, boolean billable) {
    return log(caller, ticketRef, minutes, note, billable, false, IdempotentResponse.none());
  }

  /** A ticket's time entries and the ticket they are on, as the caller may see them. */
  public record Entries(Ticket ticket, Page<TimeEntry> page, boolean staff) {}

  /**
   * One page of a ticket's time entries, oldest first. Staff see every entry; a client's
   * administrator sees the billable ones of their company's tickets (as in their work log), an
   * internal entry without its note; a plain client none (403), whatever the ticket.
   */
  public Entries entries(Caller caller, String ticketRef, int limit, String cursor) {
    if (!caller.isStaff() && !caller.isClientAdmin()) {
      throw new PortalException.Forbidden(
          "time entries are for agents and a client's administrators");
    }
    Ticket ticket = tickets.get(caller, ticketRef);
    Page<TimeEntry> page = contracts.ticketEntries(caller.tenantId(), ticket.seq(), limit, cursor);
    if (!caller.isStaff()) {
      // Non-billable work is the tenant's own business; filtering a page of one ticket's entries
      // in code keeps one Query (a page may hold fewer than the limit).
      page =
          new Page<>(page.items().stream().filter(TimeEntry::billable).toList(), page.nextCursor());
    }
    return new Entries(ticket, page, caller.isStaff());
  }

  /**
   * As above, writing {@code answer} as the completed idempotency record in the entry's own
   * transaction.
   */
  public TimeEntry log(
      Caller caller,
      String ticketRef,
      int minutes,
      String note,
      boolean billable,
      boolean internal,
      IdempotentResponse<TimeEntry> answer) {
    Ticket ticket = tickets.get(caller, ticketRef);
    if (ticket.clientId() == null) {
      throw new PortalException.Conflict(
          "the ticket belongs to no client yet; assign it before logging time");
    }
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ContractStore.LedgerContext context =
        contracts.ledgerContext(caller.tenantId(), ticket.clientId());
    LocalDate day = LocalDate.ofInstant(at, context.zone());
    YearMonth month = YearMonth.from(day);
    // Prepaid hours are a month's allowance: work draws down the contract that runs on the day it
    // is logged.
    String contractId =
        context.contracts().stream()
            .filter(c -> c.runsOn(day))
            .map(ActiveContract::contractId)
            .findFirst()
            .orElse(null);
    TimeEntry entry =
        new TimeEntry(
            Ids.timeEntryId(),
            ticket.id(),
            ticket.seq(),
            ticket.clientId(),
            contractId,
            month,
            minutes,
            note,
            billable,
            at,
            caller.email(),
            internal);
    Map<String, Object> data =
        EventData.timeLogged(
            entry.id(), minutes, billable, note, contractId, month, ticket.groupId());
    TicketEvent event =
        new TicketEvent(
            Ids.eventId(ticket.seq(), ticket.version()) + "-" + entry.id(),
            ticket.version(),
            EventType.TIME_LOGGED,
            at,
            caller.actor(),
            false,
            data);
    contracts.log(entry, ticket, event, answer.completedBy(entry));
    return entry;
  }
}
