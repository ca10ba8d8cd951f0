package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.error.PortalException;
import java.time.YearMonth;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MonthsTest {
  @Test
  void takesExactlyYearDashMonth() {
    assertEquals(YearMonth.of(2026, 3), Months.of("2026-03").orElseThrow());
    for (String bad :
        new String[] {
          "2026-3", "2026-13", "2026-00", "+2026-03", "20260-03", "2026/03", "２０２６-03", ""
        }) {
      assertTrue(Months.of(bad).isEmpty(), bad);
    }
  }

  @Test
  void requiredNamesTheField() {
    var missing = assertThrows(PortalException.Invalid.class, () -> Months.required("from", null));
    assertEquals("from: is required (YYYY-MM)", missing.getMessage());
    var bad = assertThrows(PortalException.Invalid.class, () -> Months.required("to", "2026-1"));
    assertEquals("to: must be YYYY-MM", bad.getMessage());
  }

  /** Any text either gives the month it spells or nothing; never an exception. */
  @Property(tries = 2000)
  void anyTextParsesToItsOwnSpellingOrNothing(@ForAll String text) {
    Months.of(text).ifPresent(m -> assertEquals(text, m.toString()));
  }
}
