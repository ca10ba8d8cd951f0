package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

  @ParameterizedTest(name = "{0} min at {1}/h = {2}")
  @CsvSource({
    "0, 9000, 0",
    "1, 9000, 150",
    "1, 100, 2",
    "7, 1000, 117",
    "60, 1001, 1001",
    "61, 1, 2",
    "100, 9000, 15000"
  })
  void overageIsPricedPerHourAndRoundedUpToTheNextMinorUnit(
      long minutes, long rateMinor, long expected) {
    assertEquals(new Money(expected, "EUR"), new Money(rateMinor, "EUR").perHourFor(minutes));
  }

  @Test
  void currenciesAreIso4217AndNeverMixed() {
    assertEquals("EUR", Money.parseCurrency("eur").orElseThrow());
    assertTrue(Money.parseCurrency("XXY").isEmpty());
    assertTrue(Money.parseCurrency("EURO").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new Money(1, "ABC"));
    assertThrows(
        IllegalArgumentException.class, () -> new Money(1, "EUR").plus(new Money(1, "USD")));
    assertThrows(ArithmeticException.class, () -> new Money(Long.MAX_VALUE, "EUR").times(2));
  }

  @Test
  void balanceCountsBillableMinutesAgainstThePrepaidOnes() {
    Contract c =
        new Contract(
            "t",
            "ct_1",
            "cli",
            "Support",
            LocalDate.parse("2026-01-01"),
            null,
            new SlaTerms(60, 480, SlaCalendar.ALWAYS),
            600,
            new Money(9000, "EUR"),
            Instant.EPOCH);
    YearMonth month = YearMonth.parse("2026-02");
    Balance under = Balance.of(c, month, new MonthUsage("ct_1", month, 120, 999, 3));
    assertEquals(LocalDate.parse("2026-02-28"), under.periodEnd());
    assertEquals(480, under.remainingMinutes());
    assertEquals(0, under.overageMinutes());
    Balance over = Balance.of(c, month, new MonthUsage("ct_1", month, 645, 0, 3));
    assertEquals(0, over.remainingMinutes());
    assertEquals(45, over.overageMinutes());
    assertEquals(new Money(6750, "EUR"), over.overageAmount());
  }
}
