package dev.portal.shared.domain;

import java.util.Optional;

public enum Priority implements WireNames.Wired {
  LOW("low"),
  NORMAL("normal"),
  HIGH("high"),
  URGENT("urgent");

  private final String wire;

  Priority(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static Optional<Priority> fromWire(String s) {
    return WireNames.find(values(), s);
  }
}
