package dev.portal.shared.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Time arithmetic on an SLA calendar. {@code 24x7} is plain time; {@code business} counts only the
 * tenant's opening hours ({@link WorkCalendar}: hours per weekday, public holidays closed all day)
 * in its time zone; without one, Monday to Friday 09:00 to 18:00. A span ending exactly at a
 * closing time is due then, not at the next opening; a start outside opening hours starts counting
 * at the next opening.
 */
public final class SlaClock {
  public static final LocalTime OPEN = LocalTime.of(9, 0);
  public static final LocalTime CLOSE = LocalTime.of(18, 0);

  private SlaClock() {}

  /**
   * The instant {@code span} of calendar time after {@code start}, on the standard hours in {@code
   * zone}.
   */
  public static Instant plus(Instant start, Duration span, SlaCalendar calendar, ZoneId zone) {
    return plus(start, span, calendar, WorkCalendar.standard(zone));
  }

  /** The instant {@code span} of calendar time after {@code start}. */
  public static Instant plus(
      Instant start, Duration span, SlaCalendar calendar, WorkCalendar work) {
    if (calendar == SlaCalendar.ALWAYS) return start.plus(span);
    ZonedDateTime t = nextOpen(start.atZone(work.zone()), work);
    long remaining = span.toMillis();
    while (true) {
      ZonedDateTime close = closing(t, work);
      long available = Duration.between(t, close).toMillis();
      if (remaining <= available) return t.plus(Duration.ofMillis(remaining)).toInstant();
      remaining -= available;
      t = nextOpen(close, work);
    }
  }

  /** Calendar time between {@code from} and {@code to} on the standard hours in {@code zone}. */
  public static Duration between(Instant from, Instant to, SlaCalendar calendar, ZoneId zone) {
    return between(from, to, calendar, WorkCalendar.standard(zone));
  }

  /**
   * How much calendar time lies between {@code from} and {@code to}; zero when {@code to} is not
   * after {@code from}.
   */
  public static Duration between(
      Instant from, Instant to, SlaCalendar calendar, WorkCalendar work) {
    if (!to.isAfter(from)) return Duration.ZERO;
    if (calendar == SlaCalendar.ALWAYS) return Duration.between(from, to);
    ZoneId zone = work.zone();
    ZonedDateTime a = from.atZone(zone);
    ZonedDateTime b = to.atZone(zone);
    long total = 0;
    for (LocalDate d = a.toLocalDate(); !d.isAfter(b.toLocalDate()); d = d.plusDays(1)) {
      Optional<BusinessHours.Span> hours = work.openOn(d);
      if (hours.isEmpty()) continue;
      ZonedDateTime open = ZonedDateTime.of(d, hours.get().start(), zone);
      ZonedDateTime close = ZonedDateTime.of(d, hours.get().end(), zone);
      ZonedDateTime s = a.isAfter(open) ? a : open;
      ZonedDateTime e = b.isBefore(close) ? b : close;
      if (e.isAfter(s)) total += Duration.between(s, e).toMillis();
    }
    return Duration.ofMillis(total);
  }

  /** The closing time of the open day {@code t} falls in. */
  private static ZonedDateTime closing(ZonedDateTime t, WorkCalendar work) {
    LocalDate d = t.toLocalDate();
    return ZonedDateTime.of(d, work.openOn(d).orElseThrow().end(), t.getZone());
  }

  /**
   * {@code t} itself when it falls in opening hours, otherwise the next opening. Terminates: at
   * least one weekday is open and holidays are capped, so an opening lies within a week per holiday
   * and one more.
   */
  private static ZonedDateTime nextOpen(ZonedDateTime t, WorkCalendar work) {
    LocalDate d = t.toLocalDate();
    LocalTime time = t.toLocalTime();
    Optional<BusinessHours.Span> today = work.openOn(d);
    if (today.isPresent() && time.isBefore(today.get().start()))
      return ZonedDateTime.of(d, today.get().start(), t.getZone());
    if (today.isPresent() && time.isBefore(today.get().end())) return t;
    for (int i = 0; i <= 7 * (work.holidays().size() + 1); i++) {
      d = d.plusDays(1);
      Optional<BusinessHours.Span> open = work.openOn(d);
      if (open.isPresent()) return ZonedDateTime.of(d, open.get().start(), t.getZone());
    }
    throw new IllegalStateException("the calendar has no opening hours");
  }
}
