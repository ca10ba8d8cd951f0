package dev.portal.shared.domain;

import java.util.Optional;

/** What became of an inbound message, as the mail log shows it. */
public enum MailOutcome implements WireNames.Wired {
  /**
   * Claimed and being processed, or its processing died (a timeout, a kill) and the queue will
   * deliver it again.
   */
  RECEIVED("received"),
  TICKET("ticket"),
  COMMENT("comment"),
  DUPLICATE("duplicate"),
  REJECTED("rejected"),
  QUARANTINED("quarantined");

  private final String wire;

  MailOutcome(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static Optional<MailOutcome> fromWire(String s) {
    return WireNames.find(values(), s);
  }
}
