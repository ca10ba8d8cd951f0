package dev.portal.shared.domain;

public enum Channel {
  PORTAL("portal"),
  EMAIL("email");

  private final String wire;

  Channel(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Channel fromWire(String s) {
    for (Channel c : values()) if (c.wire.equals(s)) return c;
    throw new IllegalArgumentException("unknown channel " + s);
  }
}
