package dev.portal.shared.store;

import dev.portal.shared.report.ClientProfit;
import dev.portal.shared.report.CostRates;
import dev.portal.shared.report.ProfitChange;
import dev.portal.shared.report.SupportFigures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The support figures the stream projection keeps, per tenant, month, day and client. */
public interface ReportStore {

  /**
   * Adds one change's figures to the tenant's month and day and, with a client, the client's month,
   * once per {@code changeId}: a change applied before (a replayed stream batch) adds nothing.
   *
   * @return false when the change had been applied already
   */
  default boolean apply(
      String tenantId,
      String changeId,
      String month,
      String day,
      String clientId,
      SupportFigures figures,
      Instant now) {
    return apply(tenantId, changeId, month, day, clientId, figures, null, now);
  }

  /**
   * As above, adding {@code profit} (may be null) to the client's month of the profitability
   * figures in the same transaction; {@code month} and {@code day} may be null when {@code figures}
   * is empty.
   */
  boolean apply(
      String tenantId,
      String changeId,
      String month,
      String day,
      String clientId,
      SupportFigures figures,
      ProfitChange profit,
      Instant now);

  /** Every client's profitability figures of a month, by client id. */
  List<ClientProfit> profitOfMonth(String tenantId, String month);

  Optional<CostRates> costRates(String tenantId);

  /** Replaces the tenant's cost rates. */
  void putCostRates(String tenantId, CostRates rates, Instant now);

  /**
   * The tenant's figures per month from {@code fromMonth} to {@code toMonth} (yyyy-MM, inclusive),
   * oldest first.
   */
  Map<String, SupportFigures> tenantMonths(String tenantId, String fromMonth, String toMonth);

  /** One month's figures per client. */
  Map<String, SupportFigures> clientsOfMonth(String tenantId, String month);

  /** One client's figures for each of {@code months}. */
  Map<String, SupportFigures> clientMonths(String tenantId, String clientId, List<String> months);
}
