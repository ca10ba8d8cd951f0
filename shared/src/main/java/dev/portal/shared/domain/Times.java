package dev.portal.shared.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one text form of an instant: ISO-8601 UTC with exactly three fraction digits. Fixed width
 * matters because sort keys compare these strings; {@link Instant#toString()} drops a zero fraction
 * and would sort "…:19Z" after "…:19.5Z".
 */
public final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String iso(Instant instant) {
    return instant == null ? null : FORMAT.format(instant);
  }
}
