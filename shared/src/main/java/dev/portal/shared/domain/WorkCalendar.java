package dev.portal.shared.domain;

import java.time.Duration;
import java.time.Instant;
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

  /**
   * The whole minutes the tenant was open from {@code from} to {@code to} (business minutes, as a
   * report counts a first response or a resolution): the overlap with each day's opening hours,
   * holidays and closed weekdays left out. Walks one day at a time: a ticket open ten years costs
   * some 3,650 steps.
   */
  public long openMinutesBetween(Instant from, Instant to) {
    if (!to.isAfter(from)) return 0;
    long seconds = 0;
    LocalDate last = LocalDate.ofInstant(to, zone);
    for (LocalDate d = LocalDate.ofInstant(from, zone); !d.isAfter(last); d = d.plusDays(1)) {
      Optional<BusinessHours.Span> span = openOn(d);
      if (span.isEmpty()) continue;
      Instant open = d.atTime(span.get().start()).atZone(zone).toInstant();
      Instant close = d.atTime(span.get().end()).atZone(zone).toInstant();
      Instant a = open.isAfter(from) ? open : from;
      Instant b = close.isBefore(to) ? close : to;
      if (b.isAfter(a)) seconds += Duration.between(a, b).getSeconds();
    }
    return seconds / 60;
  }

  /** The day's opening hours; empty on a closed weekday or a holiday. */
  public Optional<BusinessHours.Span> openOn(LocalDate day) {
    if (holidays.contains(day)) return Optional.empty();
    return hours.on(day.getDayOfWeek());
  }
}
