package dev.portal.shared.domain;

import java.time.YearMonth;

/**
 * The ledger's aggregate for one contract (or a client's work outside any contract) and one month
 * of the tenant's calendar. Billable minutes draw down the prepaid hours; non-billable ones are
 * recorded to show what work costs.
 */
public record MonthUsage(
    String contractId,
    YearMonth month,
    long billableMinutes,
    long nonBillableMinutes,
    long entries) {
  public static MonthUsage empty(String contractId, YearMonth month) {
    return new MonthUsage(contractId, month, 0, 0, 0);
  }
}
