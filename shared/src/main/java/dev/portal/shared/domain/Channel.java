package dev.portal.shared.domain;

public enum Channel implements WireNames.Wired {
  PORTAL("portal"),
  EMAIL("email");

  private final String wire;

  Channel(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static Channel fromWire(String s) {
    return WireNames.require(values(), s, "channel");
  }
}
