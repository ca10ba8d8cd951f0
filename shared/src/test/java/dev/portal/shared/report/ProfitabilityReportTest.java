package dev.portal.shared.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portal.shared.domain.Money;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a client's kept month becomes a profitability row: overage, revenue, cost and margin, per
 * currency.
 */
class ProfitabilityReportTest {

  private static ProfitChange.ContractUse contract(
      String id, long used, long prepaid, long rate, String currency) {
    return new ProfitChange.ContractUse(id, used, prepaid, new Money(rate, currency));
  }

  @Test
  void overageIsRoundedUpAtTheContractsRateAndMarginIsRevenueLessCost() {
    // 61 minutes over at 100.00/h: 6100 × 10000 / 60 = 10166.67, rounded up.
    ClientProfit p =
        new ClientProfit(
            "cli_a",
            121,
            5,
            0,
            Map.of("EUR", 12000L),
            Map.of("EUR", 500L),
            List.of(contract("ct_1", 121, 60, 10000, "EUR")));
    ProfitabilityReport.Row r = ProfitabilityReport.row(p, "EUR");
    assertEquals(61, r.overageMinutes());
    assertEquals(60, r.prepaidMinutesUsed());
    assertEquals(10167, r.overageMinor());
    assertEquals(10667, r.revenueMinor());
    assertEquals(10667 - 12000, r.marginMinor());
    assertNull(r.otherCurrencies());
  }

  @Test
  void moneyInAnotherCurrencyIsNamedAndNeverAdded() {
    ClientProfit p =
        new ClientProfit(
            "cli_b",
            90,
            0,
            30,
            Map.of("EUR", 3000L),
            Map.of("USD", 99000L),
            List.of(contract("ct_2", 90, 60, 6000, "USD")));
    ProfitabilityReport.Row r = ProfitabilityReport.row(p, "EUR");
    assertEquals(0, r.revenueMinor(), "USD overage and invoices are not EUR");
    assertEquals(30, r.overageMinutes(), "minutes count whatever the currency");
    assertEquals(-3000, r.marginMinor());
    assertEquals("USD", r.otherCurrencies());
    assertEquals(30, r.minutesUncosted());
  }

  @Test
  void withoutCostRatesARowUsesItsOwnCurrency() {
    ClientProfit p =
        new ClientProfit("cli_c", 0, 0, 45, Map.of(), Map.of("RUB", 150000L), List.of());
    ProfitabilityReport.Row r = ProfitabilityReport.row(p, null);
    assertEquals("RUB", r.currency());
    assertEquals(150000, r.revenueMinor());
    ProfitabilityReport.Row empty =
        ProfitabilityReport.row(
            new ClientProfit("cli_d", 0, 10, 10, Map.of(), Map.of(), List.of()), null);
    assertNull(empty.currency());
    assertEquals(0, empty.marginMinor());
  }

  @Test
  void costRatesFallBackToTheDefaultByLowerCasedEmail() {
    CostRates rates = new CostRates("EUR", 2500L, Map.of("ann@x.example", 6000L));
    assertEquals(new Money(6000, "EUR"), rates.rateFor(" Ann@X.example").orElseThrow());
    assertEquals(new Money(2500, "EUR"), rates.rateFor("bob@x.example").orElseThrow());
    assertEquals(
        java.util.Optional.empty(), new CostRates("EUR", null, Map.of()).rateFor("bob@x.example"));
  }
}
