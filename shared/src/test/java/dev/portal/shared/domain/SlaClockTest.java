package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The business calendar, Monday to Friday 09:00–18:00 Moscow time; 2026-11-27 is a Friday. */
class SlaClockTest {
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(MOSCOW).toInstant();
  }

  @ParameterizedTest(name = "{0} + {1} business minutes = {2}")
  @CsvSource({
    "2026-11-27T17:30, 60, 2026-11-30T09:30", // Friday evening: the rest on Monday morning
    "2026-11-27T17:59, 1, 2026-11-27T18:00", // ending exactly at closing time is due at 18:00
    "2026-11-27T17:59, 2, 2026-11-30T09:01",
    "2026-11-27T18:00, 1, 2026-11-30T09:01", // created at closing time: counts from the next
    // opening
    "2026-11-30T09:00, 60, 2026-11-30T10:00", // opening minute counts
    "2026-11-30T08:59, 1, 2026-11-30T09:01", // before opening: starts at 09:00
    "2026-11-28T12:00, 30, 2026-11-30T09:30", // Saturday
    "2026-11-29T23:59, 30, 2026-11-30T09:30", // Sunday night
    "2026-11-30T09:00, 2700, 2026-12-04T18:00", // a whole business week
    "2026-11-30T17:00, 600, 2026-12-01T18:00", // 60 on Monday + a whole Tuesday (540)
    "2026-11-30T17:00, 601, 2026-12-02T09:01",
    "2026-11-24T12:00, 0, 2026-11-24T12:00",
  })
  void businessMinutesSkipNightsAndWeekends(String start, long minutes, String due) {
    assertEquals(
        at(due),
        SlaClock.plus(at(start), Duration.ofMinutes(minutes), SlaCalendar.BUSINESS, MOSCOW));
  }

  @Test
  void allHoursCalendarIsPlainTime() {
    assertEquals(
        at("2026-11-27T18:30"),
        SlaClock.plus(at("2026-11-27T17:30"), Duration.ofMinutes(60), SlaCalendar.ALWAYS, MOSCOW));
    assertEquals(
        Duration.ofHours(64),
        SlaClock.between(
            at("2026-11-27T17:30"), at("2026-11-30T09:30"), SlaCalendar.ALWAYS, MOSCOW));
  }

  @ParameterizedTest(name = "{0} .. {1} = {2} business minutes")
  @CsvSource({
    "2026-11-27T17:00, 2026-11-30T10:00, 120",
    "2026-11-28T08:00, 2026-11-29T20:00, 0", // a weekend
    "2026-11-27T17:59, 2026-11-27T18:00, 1",
    "2026-11-27T18:00, 2026-11-30T09:00, 0", // closed all along
    "2026-11-30T08:00, 2026-11-30T09:01, 1",
    "2026-11-30T10:00, 2026-12-01T10:00, 540",
    "2026-11-30T12:00, 2026-11-30T11:00, 0", // backwards is nothing
  })
  void businessTimeBetweenCountsOnlyOpenHours(String from, String to, long minutes) {
    assertEquals(
        Duration.ofMinutes(minutes),
        SlaClock.between(at(from), at(to), SlaCalendar.BUSINESS, MOSCOW));
  }

  @Test
  void theTimeZoneDecidesWhatBusinessHoursAre() {
    Instant fridayNoonUtc =
        Instant.parse("2026-11-27T12:00:00Z"); // 15:00 in Moscow, 12:00 in London
    assertEquals(
        Instant.parse(
            "2026-11-30T07:00:00Z"), // 3 h left in Moscow on Friday, 1 h on Monday from 09:00 MSK
        SlaClock.plus(fridayNoonUtc, Duration.ofHours(4), SlaCalendar.BUSINESS, MOSCOW));
    assertEquals(
        Instant.parse("2026-11-27T16:00:00Z"),
        SlaClock.plus(
            fridayNoonUtc, Duration.ofHours(4), SlaCalendar.BUSINESS, ZoneId.of("Europe/London")));
  }
}
