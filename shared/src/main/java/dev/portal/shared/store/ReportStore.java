package dev.portal.shared.store;

import dev.portal.shared.report.ClientProfit;
import dev.portal.shared.report.CostRates;
import dev.portal.shared.report.ProfitChange;
import dev.portal.shared.report.SupportFigures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The support figures the stream projection keeps, per tenant, month, day, client, assignee and
 * group.
 */
public interface ReportStore {

  /**
   * Whom one change's figures count for beside the tenant: its client (null: no client row), the
   * staff member and the group it is attributed to (null: the explicit "none" row).
   */
  record Scope(String clientId, String assigneeId, String groupId) {}

  /**
   * Adds one change's figures to the tenant's month and day, the client's month (with a client),
   * the assignee's and the group's month, and {@code profit} (may be null) to the client's month of
   * the profitability figures, all in one transaction, once per {@code changeId}: a change applied
   * before (a replayed stream batch) adds nothing. {@code month} and {@code day} may be null when
   * {@code figures} is empty.
   *
   * @return false when the change had been applied already
   */
  boolean apply(
      String tenantId,
      String changeId,
      String month,
      String day,
      Scope scope,
      SupportFigures figures,
      ProfitChange profit,
      Instant now);

  /**
   * This store for a rebuild of the figures (docs/reports.md): {@link #apply} counts every change
   * it is given and writes (or renews) its marker, so a stream record of the same change that
   * arrives afterwards adds nothing.
   */
  default ReportStore rebuilding() {
    throw new UnsupportedOperationException("this store cannot rebuild figures");
  }

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

  /** One month's figures per assignee, the unassigned as {@code Keys.METRICS_NONE}. */
  Map<String, SupportFigures> assigneesOfMonth(String tenantId, String month);

  /** One month's figures per group, tickets in none as {@code Keys.METRICS_NONE}. */
  Map<String, SupportFigures> groupsOfMonth(String tenantId, String month);

  /**
   * Staff members' names by email (one BatchGetItem per 100); one missing (removed) is left out.
   */
  Map<String, String> staffNames(String tenantId, java.util.Collection<String> emails);

  /** Groups' names by id, as {@link #staffNames}. */
  Map<String, String> groupNames(String tenantId, java.util.Collection<String> groupIds);

  /** One client's figures for each of {@code months}. */
  Map<String, SupportFigures> clientMonths(String tenantId, String clientId, List<String> months);
}
