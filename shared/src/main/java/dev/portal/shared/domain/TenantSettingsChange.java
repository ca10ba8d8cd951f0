package dev.portal.shared.domain;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A change to a tenant's settings: a null member stays as it is. An empty {@code acknowledgement}
 * or {@code senderName} removes the tenant's own, so the defaults apply again.
 */
public record TenantSettingsChange(
    String name,
    String ticketPrefix,
    ZoneId zone,
    BusinessHours businessHours,
    List<LocalDate> holidays,
    Language language,
    String currency,
    String acknowledgement,
    String senderName) {

  public boolean isEmpty() {
    return name == null
        && ticketPrefix == null
        && zone == null
        && businessHours == null
        && holidays == null
        && language == null
        && currency == null
        && acknowledgement == null
        && senderName == null;
  }
}
