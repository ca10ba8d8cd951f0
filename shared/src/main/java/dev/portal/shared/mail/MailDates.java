package dev.portal.shared.mail;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Date header (RFC 5322 section 3.3, with the obsolete forms of section 4.3): optional day
 * name, two- or four-digit year, optional seconds, numeric zone or a US/military zone name;
 * comments like "(CET)" ignored.
 */
final class MailDates {

  // Between day, month and year: a dash with optional white space around it, or white space alone.
  // No two
  // quantifiers in sequence match the same character ("\\s*[- ]\\s*" backtracked quadratically over
  // a run of
  // spaces); the value is cut to MailLimits.MAX_LINE_CHARS first.
  private static final String SEPARATOR = "(?:\\s*-\\s*|\\s+)";
  private static final Pattern DATE =
      Pattern.compile(
          "(\\d{1,2})"
              + SEPARATOR
              + "([A-Za-z]{3})[a-z]*\\.?"
              + SEPARATOR
              + "(\\d{2,4})\\s+(\\d{1,2}):(\\d{1,2})"
              + "(?::(\\d{1,2}))?(?:\\.\\d+)?\\s*([+-]\\s?\\d{1,4}|[A-Za-z]{1,5})?");
  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("jan", 1),
          Map.entry("feb", 2),
          Map.entry("mar", 3),
          Map.entry("apr", 4),
          Map.entry("may", 5),
          Map.entry("jun", 6),
          Map.entry("jul", 7),
          Map.entry("aug", 8),
          Map.entry("sep", 9),
          Map.entry("oct", 10),
          Map.entry("nov", 11),
          Map.entry("dec", 12));
  private static final Map<String, Integer> ZONES =
      Map.ofEntries(
          Map.entry("UT", 0),
          Map.entry("UTC", 0),
          Map.entry("GMT", 0),
          Map.entry("Z", 0),
          Map.entry("EST", -5),
          Map.entry("EDT", -4),
          Map.entry("CST", -6),
          Map.entry("CDT", -5),
          Map.entry("MST", -7),
          Map.entry("MDT", -6),
          Map.entry("PST", -8),
          Map.entry("PDT", -7),
          Map.entry("CET", 1),
          Map.entry("CEST", 2),
          Map.entry("MSK", 3));

  private MailDates() {}

  /** The instant, or null when the value is absent or cannot be read. */
  static Instant parse(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = DATE.matcher(MailLimits.capped(value));
    if (!m.find()) {
      return null;
    }
    Integer month = MONTHS.get(m.group(2).toLowerCase(Locale.ROOT));
    if (month == null) {
      return null;
    }
    int year = Integer.parseInt(m.group(3));
    if (m.group(3).length() <= 2) {
      year += year < 50 ? 2000 : 1900;
    } else if (m.group(3).length() == 3) {
      year += 1900;
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              year,
              month,
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Math.min(59, Integer.parseInt(m.group(6))));
      return local.toInstant(offset(m.group(7)));
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static ZoneOffset offset(String zone) {
    if (zone == null) {
      return ZoneOffset.UTC;
    }
    String z = zone.replace(" ", "");
    if (z.startsWith("+") || z.startsWith("-")) {
      String digits = z.substring(1);
      if (digits.length() <= 2) {
        digits = digits + "00";
      }
      while (digits.length() < 4) {
        digits = "0" + digits;
      }
      int hours = Integer.parseInt(digits.substring(0, 2));
      int minutes = Integer.parseInt(digits.substring(2, 4));
      int sign = z.startsWith("-") ? -1 : 1;
      return ZoneOffset.ofHoursMinutes(sign * Math.min(hours, 18), sign * Math.min(minutes, 59));
    }
    Integer hours = ZONES.get(z.toUpperCase(Locale.ROOT));
    return ZoneOffset.ofHours(hours == null ? 0 : hours);
  }
}
