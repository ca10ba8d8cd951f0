package dev.portal.shared.domain;

import java.util.Optional;

/** The roles a token can carry. {@code admin} implies everything {@code agent} may do. */
public enum Role {
  CLIENT("client"), CLIENT_ADMIN("client_admin"), AGENT("agent"), ADMIN("admin");

  private final String wire;

  Role(String wire) { this.wire = wire; }

  public String wire() { return wire; }

  public static Optional<Role> fromWire(String s) {
    for (Role r : values()) {
      if (r.wire.equals(s)) return Optional.of(r);
    }
    return Optional.empty();
  }
}
