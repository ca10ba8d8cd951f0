package dev.portal.shared.report;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.service.Ids;
import dev.portal.shared.store.ContractStore;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/clients/{id}/work-log?month=}: the month's ledger entries of a client, oldest
 * first. Staff see every entry with the agent who logged it; a client's administrator sees their
 * own company's billable entries with their notes (non-billable work is the tenant's own business),
 * and another company is a 404 to them, as if it did not exist. Reads one BatchGetItem and one
 * Query per ledger of the month (usually two), whatever the number of tickets.
 */
public final class WorkLog {
  private final ContractStore contracts;

  public WorkLog(ContractStore contracts) {
    this.contracts = contracts;
  }

  /** One entry as shown; {@code agentEmail} and {@code contractId} only for staff. */
  public record Line(LocalDate date, TimeEntry entry, String ticketNumber, boolean showInternal) {}

  /**
   * @param language the tenant's language setting, null when none is set
   * @param zone the tenant's time zone, in which the lines' dates are given
   * @param contractIds the client's contracts that ran in the month (their ledgers were read)
   */
  public record Result(
      String clientId,
      String clientName,
      YearMonth month,
      List<Line> lines,
      long minutesBillable,
      long minutesNotBillable,
      String language,
      java.time.ZoneId zone,
      List<String> contractIds) {

    public Result {
      contractIds = List.copyOf(contractIds);
    }
  }

  public Result read(Caller caller, String clientId, YearMonth month) {
    if (!caller.isStaff() && !caller.isClientAdmin()) {
      throw new PortalException.Forbidden(
          "the work log is for agents and a client's administrators");
    }
    if (!Ids.isPlausibleId(clientId)
        || (!caller.isStaff() && !clientId.equals(caller.clientId()))) {
      throw new PortalException.NotFound("no such client");
    }
    ContractStore.WorkLogReading r =
        contracts
            .workLog(caller.tenantId(), clientId, month)
            .orElseThrow(() -> new PortalException.NotFound("no such client"));
    List<Line> lines = new ArrayList<>();
    long billable = 0;
    long notBillable = 0;
    for (TimeEntry e : r.entries()) {
      if (!caller.isStaff() && !e.billable()) continue;
      lines.add(
          new Line(
              LocalDate.ofInstant(e.at(), r.zone()),
              e,
              Ids.ticketNumber(r.ticketPrefix(), e.ticketSeq()),
              caller.isStaff()));
      if (e.billable()) billable += e.minutes();
      else notBillable += e.minutes();
    }
    return new Result(
        clientId,
        r.clientName(),
        month,
        lines,
        billable,
        notBillable,
        r.language(),
        r.zone(),
        r.contractIds());
  }
}
