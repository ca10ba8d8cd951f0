package dev.portal.shared.domain;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A contract's prepaid hours in one month. {@code usedMinutes} counts billable minutes only;
 * overage is billed at the contract's hourly rate, rounded up to the next minor unit ({@link
 * Money#perHourFor}).
 */
public record Balance(
    LocalDate periodStart,
    LocalDate periodEnd,
    long prepaidMinutes,
    long usedMinutes,
    long remainingMinutes,
    long overageMinutes,
    Money overageAmount,
    long nonBillableMinutes) {
  // nonBillableMinutes is for agents' usage reports only; the contract's balance view leaves it
  // out.

  public static Balance of(Contract contract, YearMonth month, MonthUsage usage) {
    long prepaid = contract.prepaidMinutesPerMonth();
    long used = usage.billableMinutes();
    long overage = Math.max(0, used - prepaid);
    return new Balance(
        month.atDay(1),
        month.atEndOfMonth(),
        prepaid,
        used,
        Math.max(0, prepaid - used),
        overage,
        contract.overageRate().perHourFor(overage),
        usage.nonBillableMinutes());
  }
}
