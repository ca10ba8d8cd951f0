package dev.portal.shared.domain;

import java.util.Optional;

/** The language a tenant's portal and outbound mail speak. */
public enum Language {
  EN("en"),
  RU("ru");

  private final String wire;

  Language(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Language> fromWire(String s) {
    for (Language l : values()) if (l.wire.equals(s)) return Optional.of(l);
    return Optional.empty();
  }
}
