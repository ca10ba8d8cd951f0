package dev.portal.fn.tenantadmin;

import dev.portal.shared.domain.BusinessHours;
import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Language;
import dev.portal.shared.domain.SenderName;
import dev.portal.shared.domain.TenantSettingsChange;
import dev.portal.shared.http.JsonFields;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the body of PATCH /v1/tenant: every member optional, each checked, every problem named by
 * its field.
 */
final class TenantSettingsFields {
  private static final Pattern PREFIX =
      Pattern.compile("[A-Za-z0-9]{1," + Caps.TICKET_PREFIX + "}");
  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

  /** The longest IANA zone name is 32 characters (America/Argentina/ComodRivadavia). */
  private static final int ZONE_MAX = 64;

  private TenantSettingsFields() {}

  static TenantSettingsChange read(JsonFields body) {
    String name = body.optionalText("name", 1, Caps.NAME);
    if (name != null && hasControl(name, false))
      body.error("name", "must not hold control characters or line breaks");
    String prefix = body.optionalText("ticketPrefix", 1, Caps.TICKET_PREFIX);
    if (prefix != null && !PREFIX.matcher(prefix).matches()) {
      body.error("ticketPrefix", "must be 1 to " + Caps.TICKET_PREFIX + " letters A-Z or digits");
      prefix = null;
    }
    ZoneId zone = zone(body);
    BusinessHours hours = hours(body);
    List<LocalDate> holidays = body.dates("holidays", Caps.HOLIDAYS);
    Language language = body.choice("language", List.of(Language.values()), false);
    String currency = body.currency("currency", false);
    // Empty text removes the tenant's own wording or name, so the defaults apply again.
    String ack = body.optionalText("acknowledgement", 0, Caps.ACKNOWLEDGEMENT);
    if (ack != null && hasControl(ack, true)) {
      body.error(
          "acknowledgement", "must not hold control characters other than line breaks (\\n)");
    }
    String sender = body.optionalText("senderName", 0, Caps.SENDER_NAME);
    String problem = sender == null ? null : SenderName.problem(sender);
    if (problem != null) body.error("senderName", problem);
    body.done();
    return new TenantSettingsChange(
        name,
        prefix == null ? null : prefix.toUpperCase(Locale.ROOT),
        zone,
        hours,
        holidays,
        language,
        currency,
        ack,
        sender);
  }

  /**
   * A region of the IANA time zone database ({@code Europe/Berlin}); fixed offsets and
   * abbreviations are refused.
   */
  private static ZoneId zone(JsonFields body) {
    String id = body.optionalText("timeZone", 1, ZONE_MAX);
    if (id == null) return null;
    if (!ZoneId.getAvailableZoneIds().contains(id)) {
      body.error("timeZone", "must be an IANA time zone such as Europe/Berlin");
      return null;
    }
    return ZoneId.of(id);
  }

  /**
   * {@code {"mon": {"start": "09:00", "end": "18:00"}, ...}}; a weekday left out (or null) is
   * closed.
   */
  private static BusinessHours hours(JsonFields body) {
    JsonFields days = body.object("businessHours", false);
    if (days == null) return null;
    Map<DayOfWeek, BusinessHours.Span> out = new EnumMap<>(DayOfWeek.class);
    boolean valid = true;
    for (DayOfWeek d : DayOfWeek.values()) {
      JsonFields day = days.object(BusinessHours.wire(d), false);
      if (day == null) continue;
      LocalTime start = time(day, "start");
      LocalTime end = time(day, "end");
      if (start == null || end == null) {
        valid = false;
      } else if (!start.isBefore(end)) {
        day.error("end", "must be after start");
        valid = false;
      } else {
        out.put(d, new BusinessHours.Span(start, end));
      }
    }
    if (valid && out.isEmpty()) {
      body.error("businessHours", "must open on at least one weekday");
      return null;
    }
    return valid ? new BusinessHours(out) : null;
  }

  private static LocalTime time(JsonFields day, String name) {
    String s = day.requiredTextAsIs(name, 5, 5);
    if (s == null) return null;
    if (!TIME.matcher(s).matches()) {
      day.error(name, "must be a time HH:mm");
      return null;
    }
    return LocalTime.parse(s);
  }

  private static boolean hasControl(String s, boolean newlines) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (newlines && c == '\n') continue;
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') return true;
    }
    return false;
  }
}
