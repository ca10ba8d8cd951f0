package dev.portal.shared.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one text form of an instant: ISO-8601 UTC with exactly three fraction digits. Fixed width
 * matters because sort keys compare these strings; {@link Instant#toString()} drops a zero fraction
 * and would sort "…:19Z" after "…:19.5Z".
 *
 * <p>Every read of an item parses its instants and every response prints them, so both directions
 * take the fixed form by hand: {@link DateTimeFormatter} walks a chain of printer-parsers per call,
 * which cost a warm ticket read more than the rest of its mapping together. Anything else (a year
 * outside 0-9999, another precision, a text that is not the fixed form) goes through the JDK as
 * before, with the same result or the same exception.
 */
public final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Length of the fixed form, {@code 2026-01-01T00:05:03.000Z}. */
  private static final int FIXED_LENGTH = 24;

  private static final long YEAR_10000 = LocalDate.of(10000, 1, 1).toEpochDay() * 86_400L;

  private Times() {}

  public static String iso(Instant instant) {
    if (instant == null) return null;
    long seconds = instant.getEpochSecond();
    if (seconds < 0 || seconds >= YEAR_10000) return FORMAT.format(instant);
    char[] out = new char[FIXED_LENGTH];
    int at = date(out, seconds);
    out[at++] = '.';
    at = digits(out, at, instant.getNano() / 1_000_000, 3);
    out[at] = 'Z';
    return new String(out);
  }

  /**
   * What {@link Instant#toString()} gives (ISO-8601 UTC, the fraction in groups of three digits as
   * it needs, none when zero), for log lines.
   */
  public static String text(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < 0 || seconds >= YEAR_10000) return instant.toString();
    int nano = instant.getNano();
    int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
    char[] out = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
    int at = date(out, seconds);
    if (fraction > 0) {
      out[at++] = '.';
      int value = fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1000 : nano;
      at = digits(out, at, value, fraction);
    }
    out[at] = 'Z';
    return new String(out);
  }

  /** Zones read so far, by id: a handful per tenant, capped all the same. */
  private static final ConcurrentHashMap<String, ZoneId> ZONES = new ConcurrentHashMap<>();

  private static final int ZONES_MAX = 256;

  /**
   * {@link ZoneId#of} with what it answered kept: every ticket read maps its SLA's zone, and
   * looking a region up again each time was most of that mapping. Refuses what it refuses.
   */
  public static ZoneId zone(String id) {
    ZoneId known = ZONES.get(id);
    if (known != null) return known;
    ZoneId zone = ZoneId.of(id);
    if (ZONES.size() < ZONES_MAX) ZONES.putIfAbsent(id, zone);
    return zone;
  }

  /**
   * The instant of a text in our form, or any other form {@link Instant#parse} takes (with its
   * exception for one it does not).
   */
  public static Instant parse(String text) {
    Instant fixed = fixed(text);
    return fixed != null ? fixed : Instant.parse(text);
  }

  /**
   * A stored date, {@code 2026-01-31}, read by hand; any other text as {@link LocalDate#parse}
   * reads it (or refuses it).
   */
  public static LocalDate date(String text) {
    if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int year = number(text, 0, 4);
      int month = number(text, 5, 2);
      int day = number(text, 8, 2);
      if (year >= 0 && validDay(year, month, day)) return LocalDate.of(year, month, day);
    }
    return LocalDate.parse(text);
  }

  /**
   * A stored month, {@code 2026-01}, read by hand; any other text as {@link YearMonth#parse} reads
   * it (or refuses it).
   */
  public static YearMonth month(String text) {
    if (text.length() == 7 && text.charAt(4) == '-') {
      int year = number(text, 0, 4);
      int month = number(text, 5, 2);
      if (year >= 0 && month >= 1 && month <= 12) return YearMonth.of(year, month);
    }
    return YearMonth.parse(text);
  }

  private static boolean validDay(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1) return false;
    return day <= 28 || day <= monthLength(year, month);
  }

  /** The proleptic Gregorian calendar's, as {@link YearMonth#lengthOfMonth()}, for years 0-9999. */
  private static int monthLength(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /**
   * Days from 1970-01-01 to a valid date of years 0-9999, as {@link LocalDate#toEpochDay()} counts
   * them: by 400-year eras of 146,097 days, each year starting in March so that February's leap day
   * ends it.
   */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  /** {@code 2026-01-01T00:05:03.000Z} to its instant; null for any other text. */
  private static Instant fixed(String s) {
    if (s.length() != FIXED_LENGTH
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != '.'
        || s.charAt(23) != 'Z') return null;
    int year = number(s, 0, 4);
    int month = number(s, 5, 2);
    int day = number(s, 8, 2);
    int hour = number(s, 11, 2);
    int minute = number(s, 14, 2);
    int second = number(s, 17, 2);
    int millis = number(s, 20, 3);
    if ((year | month | day | hour | minute | second | millis) < 0) return null;
    // Ranges checked here rather than by an exception: a leap second or hour 24 goes to the JDK.
    if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
    // Arithmetic, not LocalDateTime: every stored time a read maps comes through here.
    long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
    return Instant.ofEpochSecond(epochSecond, millis * 1_000_000L);
  }

  /** The decimal number of {@code length} ASCII digits at {@code from}; -1 if any is not one. */
  private static int number(String s, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Writes {@code yyyy-MM-ddTHH:mm:ss} of a second of years 0-9999; returns the next index. */
  private static int date(char[] out, long epochSecond) {
    long day = Math.floorDiv(epochSecond, 86_400L);
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(day);
    int at = digits(out, 0, date.getYear(), 4);
    out[at++] = '-';
    at = digits(out, at, date.getMonthValue(), 2);
    out[at++] = '-';
    at = digits(out, at, date.getDayOfMonth(), 2);
    out[at++] = 'T';
    at = digits(out, at, secondOfDay / 3600, 2);
    out[at++] = ':';
    at = digits(out, at, secondOfDay / 60 % 60, 2);
    out[at++] = ':';
    return digits(out, at, secondOfDay % 60, 2);
  }

  /** Writes {@code value} as exactly {@code width} digits, zero-padded; returns the next index. */
  private static int digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }
}
