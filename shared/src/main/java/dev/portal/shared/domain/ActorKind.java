package dev.portal.shared.domain;

public enum ActorKind implements WireNames.Wired {
  CLIENT("client"),
  AGENT("agent"),
  SYSTEM("system");

  private final String wire;

  ActorKind(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static ActorKind fromWire(String s) {
    return WireNames.require(values(), s, "actor kind");
  }
}
