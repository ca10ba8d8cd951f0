package dev.portal.shared.domain;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The ticket life cycle; {@link #canBecome} is the contract's transition table and the only copy of
 * it.
 */
public enum TicketStatus implements WireNames.Wired {
  NEW("new"),
  IN_PROGRESS("in_progress"),
  WAITING_FOR_CLIENT("waiting_for_client"),
  RESOLVED("resolved"),
  CLOSED("closed");

  private final String wire;

  TicketStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean canBecome(TicketStatus next) {
    return successors().contains(next);
  }

  public Set<TicketStatus> successors() {
    return switch (this) {
      case NEW -> EnumSet.of(IN_PROGRESS, WAITING_FOR_CLIENT, RESOLVED);
      case IN_PROGRESS -> EnumSet.of(WAITING_FOR_CLIENT, RESOLVED);
      case WAITING_FOR_CLIENT -> EnumSet.of(IN_PROGRESS, RESOLVED);
      case RESOLVED -> EnumSet.of(IN_PROGRESS, CLOSED);
      case CLOSED -> EnumSet.noneOf(TicketStatus.class);
    };
  }

  public static Optional<TicketStatus> fromWire(String s) {
    return WireNames.find(values(), s);
  }
}
