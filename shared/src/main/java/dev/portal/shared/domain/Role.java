package dev.portal.shared.domain;

import java.util.Optional;

/**
 * The roles a token can carry. {@code admin} implies everything {@code agent} may do. {@code
 * platform_admin} is the operator of the whole platform: it may onboard tenants (POST /v1/tenants)
 * and nothing else; it implies no role of a tenant.
 */
public enum Role implements WireNames.Wired {
  CLIENT("client"),
  CLIENT_ADMIN("client_admin"),
  AGENT("agent"),
  ADMIN("admin"),
  PLATFORM_ADMIN("platform_admin");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static Optional<Role> fromWire(String s) {
    return WireNames.find(values(), s);
  }
}
