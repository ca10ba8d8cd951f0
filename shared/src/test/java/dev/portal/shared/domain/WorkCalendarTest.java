package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The business calendar with a tenant's own hours and holidays: Tuesday to Saturday 08:00 to 12:00
 * in Tokyo, with 2026-12-01 (a Tuesday) a holiday. 2026-11-27 is a Friday.
 */
class WorkCalendarTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final WorkCalendar WORK;

  static {
    Map<DayOfWeek, BusinessHours.Span> days = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d :
        List.of(
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY,
            DayOfWeek.SATURDAY)) {
      days.put(d, new BusinessHours.Span(LocalTime.of(8, 0), LocalTime.of(12, 0)));
    }
    WORK = new WorkCalendar(TOKYO, new BusinessHours(days), Set.of(LocalDate.parse("2026-12-01")));
  }

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(TOKYO).toInstant();
  }

  @ParameterizedTest(name = "{0} + {1} business minutes = {2}")
  @CsvSource({
    "2026-11-27T11:30, 60, 2026-11-28T08:30", // Friday's last half hour, then Saturday is open
    "2026-11-28T11:00, 90, 2026-12-02T08:30", // Sunday and Monday closed, Tuesday a holiday
    "2026-11-28T12:00, 1, 2026-12-02T08:01", // at closing time: counts from the next opening
    "2026-11-28T07:00, 240, 2026-11-28T12:00", // ends exactly at closing time
    "2026-11-30T10:00, 30, 2026-12-02T08:30", // created on a closed Monday
  })
  void minutesCountOnlyTheTenantsOpeningHours(String start, long minutes, String due) {
    assertEquals(
        at(due), SlaClock.plus(at(start), Duration.ofMinutes(minutes), SlaCalendar.BUSINESS, WORK));
  }

  @Test
  void timeBetweenLeavesOutClosedDaysAndHolidays() {
    assertEquals(
        Duration.ofMinutes(30 + 240 + 60),
        SlaClock.between(
            at("2026-11-27T11:30"), at("2026-12-02T09:00"), SlaCalendar.BUSINESS, WORK));
  }

  @Test
  void theStandardCalendarIsMondayToFridayNineToSix() {
    WorkCalendar standard = WorkCalendar.standard(TOKYO);
    assertEquals(
        SlaClock.plus(at("2026-11-27T17:30"), Duration.ofMinutes(60), SlaCalendar.BUSINESS, TOKYO),
        SlaClock.plus(
            at("2026-11-27T17:30"), Duration.ofMinutes(60), SlaCalendar.BUSINESS, standard));
    assertEquals(
        at("2026-11-30T09:30"),
        SlaClock.plus(
            at("2026-11-27T17:30"), Duration.ofMinutes(60), SlaCalendar.BUSINESS, standard));
  }

  @Test
  void aRunOfHolidaysAsLongAsTheCapIsStillCrossed() {
    Map<DayOfWeek, BusinessHours.Span> monday =
        Map.of(DayOfWeek.MONDAY, new BusinessHours.Span(LocalTime.of(9, 0), LocalTime.of(10, 0)));
    LocalDate first = LocalDate.parse("2026-11-30");
    // Caps.HOLIDAYS Mondays in a row are holidays: the next opening is the Monday after them.
    Set<LocalDate> holidays =
        Set.copyOf(IntStream.range(0, Caps.HOLIDAYS).mapToObj(i -> first.plusWeeks(i)).toList());
    WorkCalendar work = new WorkCalendar(TOKYO, new BusinessHours(monday), holidays);
    Instant due =
        SlaClock.plus(at("2026-11-28T10:00"), Duration.ofMinutes(1), SlaCalendar.BUSINESS, work);
    assertEquals(first.plusWeeks(Caps.HOLIDAYS).atTime(9, 1).atZone(TOKYO).toInstant(), due);
  }

  @Test
  void aCalendarWithoutOpeningHoursCannotBeMade() {
    assertThrows(IllegalArgumentException.class, () -> new BusinessHours(Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BusinessHours.Span(LocalTime.NOON, LocalTime.NOON));
  }

  @Test
  void aContractsMinutesPerPriorityFallBackToItsSinglePair() {
    SlaTerms terms =
        new SlaTerms(
            240, 2400, SlaCalendar.ALWAYS, Map.of(Priority.URGENT, new SlaTerms.Minutes(30, 240)));
    assertEquals(new SlaTerms.Minutes(30, 240), terms.forPriority(Priority.URGENT));
    assertEquals(new SlaTerms.Minutes(240, 2400), terms.forPriority(Priority.NORMAL));
    assertEquals(new SlaTerms.Minutes(240, 2400), terms.forPriority(null));
  }
}
