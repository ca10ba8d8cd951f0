package dev.portal.shared.report;

import dev.portal.shared.domain.Money;

/**
 * What one change adds to a client's month of the profitability figures: logged minutes with their
 * cost, the billable minutes drawn from a contract (with the contract's terms, which never change
 * after creation), and money invoiced (negative when an invoice is voided). Absent parts are null
 * or zero.
 */
public record ProfitChange(
    String clientId,
    String month,
    long minutesBillable,
    long minutesNotBillable,
    Money cost,
    long minutesUncosted,
    ContractUse contract,
    Money invoiced) {

  /**
   * Billable minutes under a contract and its terms: prepaid minutes per month and the overage rate
   * per hour.
   */
  public record ContractUse(
      String contractId, long minutes, long prepaidMinutes, Money overageRate) {}

  public static ProfitChange invoiced(String clientId, String month, Money amount) {
    return new ProfitChange(clientId, month, 0, 0, null, 0, null, amount);
  }
}
