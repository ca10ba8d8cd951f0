package dev.portal.shared.domain;

public enum ActorKind {
  CLIENT("client"),
  AGENT("agent"),
  SYSTEM("system");

  private final String wire;

  ActorKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static ActorKind fromWire(String s) {
    for (ActorKind k : values()) if (k.wire.equals(s)) return k;
    throw new IllegalArgumentException("unknown actor kind " + s);
  }
}
