package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written text forms give what the JDK's formatters give, and refuse what they refuse. */
class TimesTest {
  private static final DateTimeFormatter JDK_FIXED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final List<Instant> EDGES =
      List.of(
          Instant.EPOCH,
          Instant.parse("1969-12-31T23:59:59.999Z"),
          Instant.parse("0000-01-01T00:00:00Z"),
          Instant.parse("2024-02-29T23:59:59.999999999Z"),
          Instant.parse("2026-01-01T00:05:03Z"),
          Instant.parse("2026-01-01T00:05:03.1Z"),
          Instant.parse("2026-01-01T00:05:03.000100Z"),
          Instant.parse("2026-01-01T00:05:03.000000001Z"),
          Instant.parse("9999-12-31T23:59:59.999Z"),
          Instant.parse("+10000-01-01T00:00:00Z"),
          Instant.parse("-0001-06-30T12:00:00.5Z"));

  @Test
  void isoAndTextMatchTheJdkFormattersAcrossTheYears() {
    Random random = new Random(14);
    for (int i = 0; i < 20_000; i++) {
      Instant at =
          Instant.ofEpochSecond(
              random.nextLong(-5_000_000_000L, 300_000_000_000L),
              random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      assertSame(at);
    }
    // Every year the fixed form has, 0000-9999, with a random day and time in it.
    for (int year = 0; year <= 9999; year++) {
      long start = LocalDate.of(year, 1, 1).toEpochDay() * 86_400L;
      assertSame(
          Instant.ofEpochSecond(
              start + random.nextLong(365L * 86_400L), random.nextInt(1000) * 1_000_000));
    }
    EDGES.forEach(TimesTest::assertSame);
  }

  private static void assertSame(Instant at) {
    assertEquals(JDK_FIXED.format(at), Times.iso(at), at::toString);
    assertEquals(at.toString(), Times.text(at), at::toString);
    String fixed = JDK_FIXED.format(at);
    if (!fixed.startsWith("+") && !fixed.startsWith("-"))
      assertEquals(Instant.parse(fixed), Times.parse(fixed), fixed);
  }

  @Test
  void everyMonthsLastDayAndTheDayAfterReadAsTheJdkReadsThem() {
    for (int year = 0; year <= 9999; year++) {
      for (int month = 1; month <= 12; month++) {
        int last = java.time.YearMonth.of(year, month).lengthOfMonth();
        String lastDay = String.format("%04d-%02d-%02dT23:59:59.999Z", year, month, last);
        assertEquals(Instant.parse(lastDay), Times.parse(lastDay), lastDay);
        String dayAfter = String.format("%04d-%02d-%02dT00:00:00.000Z", year, month, last + 1);
        assertThrows(DateTimeException.class, () -> Times.parse(dayAfter), dayAfter);
      }
    }
  }

  @Test
  void parseTakesWhatInstantParseTakesAndRefusesTheRest() {
    for (String text :
        List.of(
            "2026-01-01T00:05:03Z",
            "2026-01-01T00:05:03.5Z",
            "2026-01-01t00:05:03.000z",
            "2026-01-01T00:05:03.000+01:00",
            "2026-12-31T23:59:60.000Z",
            "2026-01-01T24:00:00.000Z")) {
      Instant expected;
      try {
        expected = Instant.parse(text);
      } catch (DateTimeException e) {
        assertThrows(DateTimeException.class, () -> Times.parse(text), text);
        continue;
      }
      assertEquals(expected, Times.parse(text), text);
    }
    for (String bad :
        List.of(
            "2026-02-29T00:00:00.000Z",
            "2026-13-01T00:00:00.000Z",
            "2026-00-10T00:00:00.000Z",
            "2026-04-31T00:00:00.000Z",
            "2026-01-01T00:60:00.000Z",
            "2026-01-01T00:00:00.0a0Z",
            "20x6-01-01T00:00:00.000Z",
            // digits Character.isDigit takes but ISO does not, and a sign on a four-digit year
            "\u0662\u0660\u0662\u0666-01-01T00:00:00.000Z",
            "+2026-01-01T00:00:00.000Z",
            "")) {
      assertThrows(DateTimeException.class, () -> Instant.parse(bad), bad);
      assertThrows(DateTimeException.class, () -> Times.parse(bad), bad);
    }
  }

  @Test
  void datesAndMonthsReadAsTheJdkReadsThem() {
    for (LocalDate d = LocalDate.of(1999, 12, 1);
        d.isBefore(LocalDate.of(2029, 3, 1));
        d = d.plusDays(1)) {
      assertEquals(d, Times.date(d.toString()));
      assertEquals(YearMonth.from(d), Times.month(YearMonth.from(d).toString()));
    }
    assertEquals(LocalDate.parse("+10000-01-01"), Times.date("+10000-01-01"));
    assertEquals(YearMonth.parse("0000-01"), Times.month("0000-01"));
    for (String bad :
        List.of(
            "2026-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-00-01",
            "2026-1-01",
            "2026-01-1x",
            "\u0662\u0660\u0662\u0666-01-01",
            "+2026-01-01",
            "")) {
      assertThrows(DateTimeException.class, () -> LocalDate.parse(bad), bad);
      assertThrows(DateTimeException.class, () -> Times.date(bad), bad);
    }
    for (String bad :
        List.of(
            "2026-13",
            "2026-00",
            "2026-1",
            "2026-1x",
            "26-01",
            "\u0662\u0660\u0662\u0666-01",
            "")) {
      assertThrows(DateTimeException.class, () -> YearMonth.parse(bad), bad);
      assertThrows(DateTimeException.class, () -> Times.month(bad), bad);
    }
  }
}
