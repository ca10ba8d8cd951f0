package dev.portal.shared.service;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Agents' time on tickets: each entry goes to the ledger of the ticket's contract (or of the client's work outside
 * any contract) for the month of the tenant's calendar it is logged in, and the month's aggregate grows in the same
 * transaction, so a balance is one read and exact under concurrent entries.
 *
 * <p>The ticket's {@code time_logged} event is internal ({@code public: false}): minutes, billability and the agent's
 * note are commercial detail between the tenant's staff; the client sees the effect in the contract's balance.
 */
public final class LedgerService {
  private final TicketService tickets;
  private final ContractStore contracts;
  private final DirectoryStore directory;
  private final Clock clock;
  private final ZoneId defaultZone;

  public LedgerService(TicketService tickets, ContractStore contracts, DirectoryStore directory, Clock clock,
      ZoneId defaultZone) {
    this.tickets = tickets;
    this.contracts = contracts;
    this.directory = directory;
    this.clock = clock;
    this.defaultZone = defaultZone;
  }

  public TimeEntry log(Caller caller, String ticketRef, int minutes, String note, boolean billable) {
    Ticket ticket = tickets.get(caller, ticketRef);
    if (ticket.clientId() == null) {
      throw new PortalException.Conflict("the ticket belongs to no client yet; assign it before logging time");
    }
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ZoneId zone = directory.tenant(caller.tenantId()).map(t -> t.zone()).orElse(defaultZone);
    YearMonth month = YearMonth.from(at.atZone(zone));
    TimeEntry entry = new TimeEntry(Ids.timeEntryId(), ticket.id(), ticket.seq(), ticket.clientId(), ticket.contractId(),
        month, minutes, note, billable, at, caller.email());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("entryId", entry.id());
    data.put("minutes", minutes);
    data.put("billable", billable);
    if (note != null) data.put("note", note);
    if (ticket.contractId() != null) data.put("contractId", ticket.contractId());
    data.put("month", month.toString());
    TicketEvent event = new TicketEvent(Ids.eventId(ticket.seq(), ticket.version()) + "-" + entry.id(), ticket.version(),
        EventType.TIME_LOGGED, at, caller.actor(), false, data);
    contracts.log(entry, ticket, event);
    return entry;
  }
}
