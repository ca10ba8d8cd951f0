package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A person of a client company; one contact per email per tenant.
 *
 * @param suppressed why the tenant's mail no longer goes to this address (a hard bounce or a
 *     complaint); null: it does
 * @param active false once deactivated: their membership gives no access claims any more (absent in
 *     the item = true)
 */
public record Contact(
    String email,
    String name,
    String clientId,
    Role role,
    Instant createdAt,
    Suppression suppressed,
    boolean active) {
  /** A contact whose mail was never suppressed. */
  public Contact(String email, String name, String clientId, Role role, Instant createdAt) {
    this(email, name, clientId, role, createdAt, null, true);
  }

  public Contact(
      String email,
      String name,
      String clientId,
      Role role,
      Instant createdAt,
      Suppression suppressed) {
    this(email, name, clientId, role, createdAt, suppressed, true);
  }
}
