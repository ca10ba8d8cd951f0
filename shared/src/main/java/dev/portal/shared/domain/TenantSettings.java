package dev.portal.shared.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * What a tenant configures: the prefix of its ticket numbers, its time zone (business calendar,
 * month ends), display name, opening hours and public holidays (SLA clocks), language, default
 * currency, and the wording and sender name of its outbound mail. A tenant that set nothing gets
 * {@link #defaults}: what every tenant had before it could.
 *
 * @param name display name, or null (portals then show the tenant id)
 * @param holidays sorted, without duplicates, at most {@link Caps#HOLIDAYS}
 * @param currency ISO 4217 code, or null when the tenant named none
 * @param acknowledgement the tenant's wording of the acknowledgement mail, or null for ours in its
 *     language
 * @param senderName the display name of outbound mail's From, header-safe ({@link SenderName}), or
 *     null for none
 */
public record TenantSettings(
    String tenantId,
    String ticketPrefix,
    ZoneId zone,
    String name,
    BusinessHours businessHours,
    List<LocalDate> holidays,
    Language language,
    String currency,
    String acknowledgement,
    String senderName) {

  public TenantSettings {
    holidays = List.copyOf(new java.util.TreeSet<>(holidays));
  }

  /** The settings a tenant that only named its prefix and zone has. */
  public TenantSettings(String tenantId, String ticketPrefix, ZoneId zone) {
    this(
        tenantId,
        ticketPrefix,
        zone,
        null,
        BusinessHours.STANDARD,
        List.of(),
        Language.EN,
        null,
        null,
        null);
  }

  /**
   * A tenant named by a valid token that was never onboarded: its id as prefix, the deployment's
   * default zone.
   */
  public static TenantSettings defaults(String tenantId, ZoneId defaultZone) {
    return new TenantSettings(tenantId, defaultPrefix(tenantId), defaultZone);
  }

  /**
   * The tenant id upper-cased, letters and digits only, at most {@link Caps#TICKET_PREFIX}; {@code
   * T} if none is left.
   */
  public static String defaultPrefix(String tenantId) {
    String p = tenantId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    if (p.length() > Caps.TICKET_PREFIX) p = p.substring(0, Caps.TICKET_PREFIX);
    return p.isEmpty() ? "T" : p;
  }

  /** The calendar that business-hours SLA clocks run on. */
  public WorkCalendar workCalendar() {
    return new WorkCalendar(zone, businessHours, java.util.Set.copyOf(holidays));
  }
}
