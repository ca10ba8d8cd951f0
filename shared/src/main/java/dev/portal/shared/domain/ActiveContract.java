package dev.portal.shared.domain;

import java.time.LocalDate;

/**
 * A contract as summarised on the client's active-contract item, with what ticket creation needs
 * from it: its id, dates and SLA terms. It is "active" on a day only when the contract runs on that
 * day.
 */
public record ActiveContract(
    String contractId, LocalDate startsOn, LocalDate endsOn, SlaTerms sla) {

  public boolean runsOn(LocalDate day) {
    return !day.isBefore(startsOn) && (endsOn == null || !day.isAfter(endsOn));
  }
}
