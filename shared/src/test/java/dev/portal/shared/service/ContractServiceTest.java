package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractServiceTest {

  @Test
  void theBalanceReadsEveryMonthTheInstantCanBeInWhateverTheZone() {
    assertEquals(
        List.of(YearMonth.parse("2026-11")),
        ContractService.candidateMonths(Instant.parse("2026-11-15T12:00:00Z")));
    // 22:00 UTC on the last day is already December from UTC+2 on.
    assertEquals(
        List.of(YearMonth.parse("2026-11"), YearMonth.parse("2026-12")),
        ContractService.candidateMonths(Instant.parse("2026-11-30T22:00:00Z")));
    // 05:00 UTC on the first day is still the previous month west of UTC-5.
    assertEquals(
        List.of(YearMonth.parse("2026-11"), YearMonth.parse("2026-12")),
        ContractService.candidateMonths(Instant.parse("2026-12-01T05:00:00Z")));
  }
}
