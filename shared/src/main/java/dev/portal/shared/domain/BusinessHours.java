package dev.portal.shared.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's opening hours per weekday; a weekday without hours is closed. At least one weekday is
 * open, so the SLA clock always finds a next opening (public holidays are capped, see {@link
 * Caps#HOLIDAYS}).
 */
public record BusinessHours(Map<DayOfWeek, Span> days) {
  /** Monday to Friday, 09:00 to 18:00: what a tenant that set nothing gets. */
  public static final BusinessHours STANDARD;

  static {
    Map<DayOfWeek, Span> d = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek w : DayOfWeek.values()) {
      if (w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY)
        d.put(w, new Span(LocalTime.of(9, 0), LocalTime.of(18, 0)));
    }
    STANDARD = new BusinessHours(d);
  }

  /**
   * Open from {@code start} to {@code end} of the same day, local time; {@code start} before {@code
   * end}.
   */
  public record Span(LocalTime start, LocalTime end) {
    public Span {
      if (!start.isBefore(end))
        throw new IllegalArgumentException("a day's opening must start before it ends");
    }
  }

  public BusinessHours {
    if (days.isEmpty()) throw new IllegalArgumentException("at least one weekday must be open");
    days = Collections.unmodifiableMap(new EnumMap<>(days));
  }

  public Optional<Span> on(DayOfWeek day) {
    return Optional.ofNullable(days.get(day));
  }

  /** {@code mon} ... {@code sun}: the keys of the API and of the tenant item. */
  public static String wire(DayOfWeek day) {
    return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
  }

  public static Optional<DayOfWeek> dayFromWire(String s) {
    for (DayOfWeek d : DayOfWeek.values()) if (wire(d).equals(s)) return Optional.of(d);
    return Optional.empty();
  }
}
