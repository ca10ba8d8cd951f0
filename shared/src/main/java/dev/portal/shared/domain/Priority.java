package dev.portal.shared.domain;

import java.util.Optional;

public enum Priority {
  LOW("low"),
  NORMAL("normal"),
  HIGH("high"),
  URGENT("urgent");

  private final String wire;

  Priority(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Priority> fromWire(String s) {
    for (Priority p : values()) if (p.wire.equals(s)) return Optional.of(p);
    return Optional.empty();
  }
}
