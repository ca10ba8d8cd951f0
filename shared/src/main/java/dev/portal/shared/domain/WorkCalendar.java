package dev.portal.shared.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * Where and when a tenant works: its time zone, opening hours per weekday and public holidays
 * (closed all day).
 */
public record WorkCalendar(ZoneId zone, BusinessHours hours, Set<LocalDate> holidays) {

  public WorkCalendar {
    holidays = Set.copyOf(holidays);
  }

  /**
   * Monday to Friday 09:00 to 18:00 in {@code zone}, no holidays: the calendar before tenants could
   * set theirs.
   */
  public static WorkCalendar standard(ZoneId zone) {
    return new WorkCalendar(zone, BusinessHours.STANDARD, Set.of());
  }

  /** The day's opening hours; empty on a closed weekday or a holiday. */
  public Optional<BusinessHours.Span> openOn(LocalDate day) {
    if (holidays.contains(day)) return Optional.empty();
    return hours.on(day.getDayOfWeek());
  }
}
