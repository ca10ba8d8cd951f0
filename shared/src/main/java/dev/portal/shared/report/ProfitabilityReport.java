package dev.portal.shared.report;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Months;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.ReportStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code GET /v1/reports/profitability?month=}: per client, what the month brought in (overage
 * beyond the prepaid minutes at the contract's rate, plus invoices issued that month) against what
 * it cost (logged minutes at the agents' internal rates), worst margin first. Admins only. Reads
 * the month's kept figures (one Query, paged) and the cost rates (one GetItem), whatever the number
 * of tickets or entries.
 *
 * <p>Money is reported in the cost rates' currency (without rates: the row's own); figures in any
 * other currency are left out of the sums and named in {@code otherCurrencies}, never converted.
 */
public final class ProfitabilityReport {

  private final ReportStore reports;
  private final java.time.Clock clock;

  public ProfitabilityReport(ReportStore reports, java.time.Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  /** One client's month, derived. Minor units of {@code currency}. */
  public record Row(
      String clientId,
      String currency,
      long minutesBillable,
      long minutesNotBillable,
      long prepaidMinutes,
      long prepaidMinutesUsed,
      long overageMinutes,
      long overageMinor,
      long invoicedMinor,
      long revenueMinor,
      long costMinor,
      long marginMinor,
      long minutesUncosted,
      String otherCurrencies) {}

  public record Result(String month, List<Row> rows) {}

  /**
   * Replaces the tenant's cost rates; entries logged from now on are priced with them. Admins only.
   */
  public CostRates setCostRates(Caller caller, CostRates rates) {
    if (!caller.isAdmin()) throw new PortalException.Forbidden("cost rates are for administrators");
    reports.putCostRates(caller.tenantId(), rates, clock.instant());
    return rates;
  }

  public Result profitability(Caller caller, String month) {
    if (!caller.isAdmin())
      throw new PortalException.Forbidden("profitability is for administrators");
    String m = Months.required("month", month).toString();
    Optional<CostRates> rates = reports.costRates(caller.tenantId());
    List<Row> rows = new ArrayList<>();
    for (ClientProfit p : reports.profitOfMonth(caller.tenantId(), m)) {
      rows.add(row(p, rates.map(CostRates::currency).orElse(null)));
    }
    rows.sort(Comparator.comparingLong(Row::marginMinor).thenComparing(Row::clientId));
    return new Result(m, rows);
  }

  /** Derives a row; {@code currency} null means the client's own (the first its figures name). */
  static Row row(ClientProfit p, String currency) {
    TreeSet<String> seen = new TreeSet<>();
    seen.addAll(p.costMinor().keySet());
    seen.addAll(p.invoicedMinor().keySet());
    p.contracts().forEach(c -> seen.add(c.overageRate().currency()));
    String cur = currency != null ? currency : seen.isEmpty() ? null : seen.first();
    long prepaid = 0, used = 0, overageMinutes = 0, overage = 0;
    for (ProfitChange.ContractUse c : p.contracts()) {
      long over = Math.max(0, c.minutes() - c.prepaidMinutes());
      prepaid += c.prepaidMinutes();
      used += Math.min(c.minutes(), c.prepaidMinutes());
      overageMinutes += over;
      if (c.overageRate().currency().equals(cur))
        overage += c.overageRate().perHourFor(over).amountMinor();
    }
    long invoiced = cur == null ? 0 : p.invoicedMinor().getOrDefault(cur, 0L);
    long cost = cur == null ? 0 : p.costMinor().getOrDefault(cur, 0L);
    long revenue = Math.addExact(overage, invoiced);
    if (cur != null) seen.remove(cur);
    return new Row(
        p.clientId(),
        cur,
        p.minutesBillable(),
        p.minutesNotBillable(),
        prepaid,
        used,
        overageMinutes,
        overage,
        invoiced,
        revenue,
        cost,
        Math.subtractExact(revenue, cost),
        p.minutesUncosted(),
        seen.isEmpty() ? null : String.join(" ", seen));
  }
}
