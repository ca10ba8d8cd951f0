package dev.portal.shared.domain;

import java.util.Optional;

/** The language a tenant's portal and outbound mail speak. */
public enum Language implements WireNames.Wired {
  EN("en"),
  RU("ru");

  private final String wire;

  Language(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static Optional<Language> fromWire(String s) {
    return WireNames.find(values(), s);
  }
}
