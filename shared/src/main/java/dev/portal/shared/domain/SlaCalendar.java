package dev.portal.shared.domain;

import java.util.Optional;

/**
 * When an SLA clock runs: around the clock, or in the tenant's business hours and outside its
 * public holidays, in its time zone ({@link WorkCalendar}; Monday to Friday 09:00–18:00 until the
 * tenant sets its own).
 */
public enum SlaCalendar implements WireNames.Wired {
  ALWAYS("24x7"),
  BUSINESS("business");

  private final String wire;

  SlaCalendar(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static Optional<SlaCalendar> fromWire(String s) {
    return WireNames.find(values(), s);
  }
}
