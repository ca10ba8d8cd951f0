package dev.portal.shared.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A client's support contract. It runs from {@code startsOn} to {@code endsOn} inclusive, in the
 * tenant's time zone; {@code endsOn} null means open-ended. A client has at most one current
 * contract: a new one is accepted only when the previous one ends before the new one starts (see
 * ContractService).
 */
public record Contract(
    String tenantId,
    String id,
    String clientId,
    String name,
    LocalDate startsOn,
    LocalDate endsOn,
    SlaTerms sla,
    int prepaidMinutesPerMonth,
    Money overageRate,
    Instant createdAt) {

  public boolean runsOn(LocalDate day) {
    return !day.isBefore(startsOn) && (endsOn == null || !day.isAfter(endsOn));
  }
}
