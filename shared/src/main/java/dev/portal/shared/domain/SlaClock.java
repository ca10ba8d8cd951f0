package dev.portal.shared.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Time arithmetic on an SLA calendar. {@code 24x7} is plain time; {@code business} counts only Monday to Friday,
 * 09:00 to 18:00 local time in the given zone (no public holidays). A span ending exactly at 18:00 is due at 18:00,
 * not at the next opening; a start outside business hours starts counting at the next opening.
 */
public final class SlaClock {
  public static final LocalTime OPEN = LocalTime.of(9, 0);
  public static final LocalTime CLOSE = LocalTime.of(18, 0);

  private SlaClock() {}

  /** The instant {@code span} of calendar time after {@code start}. */
  public static Instant plus(Instant start, Duration span, SlaCalendar calendar, ZoneId zone) {
    if (calendar == SlaCalendar.ALWAYS) return start.plus(span);
    ZonedDateTime t = nextOpen(start.atZone(zone));
    long remaining = span.toMillis();
    while (true) {
      ZonedDateTime close = ZonedDateTime.of(t.toLocalDate(), CLOSE, zone);
      long available = Duration.between(t, close).toMillis();
      if (remaining <= available) return t.plus(Duration.ofMillis(remaining)).toInstant();
      remaining -= available;
      t = nextOpen(close);
    }
  }

  /** How much calendar time lies between {@code from} and {@code to}; zero when {@code to} is not after {@code from}. */
  public static Duration between(Instant from, Instant to, SlaCalendar calendar, ZoneId zone) {
    if (!to.isAfter(from)) return Duration.ZERO;
    if (calendar == SlaCalendar.ALWAYS) return Duration.between(from, to);
    ZonedDateTime a = from.atZone(zone);
    ZonedDateTime b = to.atZone(zone);
    long total = 0;
    for (LocalDate d = a.toLocalDate(); !d.isAfter(b.toLocalDate()); d = d.plusDays(1)) {
      if (!isWorkday(d)) continue;
      ZonedDateTime open = ZonedDateTime.of(d, OPEN, zone);
      ZonedDateTime close = ZonedDateTime.of(d, CLOSE, zone);
      ZonedDateTime s = a.isAfter(open) ? a : open;
      ZonedDateTime e = b.isBefore(close) ? b : close;
      if (e.isAfter(s)) total += Duration.between(s, e).toMillis();
    }
    return Duration.ofMillis(total);
  }

  private static ZonedDateTime nextOpen(ZonedDateTime t) {
    LocalDate d = t.toLocalDate();
    LocalTime time = t.toLocalTime();
    if (isWorkday(d) && time.isBefore(OPEN)) return ZonedDateTime.of(d, OPEN, t.getZone());
    if (isWorkday(d) && time.isBefore(CLOSE)) return t;
    d = d.plusDays(1);
    while (!isWorkday(d)) d = d.plusDays(1);
    return ZonedDateTime.of(d, OPEN, t.getZone());
  }

  private static boolean isWorkday(LocalDate d) {
    return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
  }
}
