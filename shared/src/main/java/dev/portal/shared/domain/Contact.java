package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A person of a client company; one contact per email per tenant.
 *
 * @param suppressed why the tenant's mail no longer goes to this address (a hard bounce or a complaint); null: it does
 */
public record Contact(String email, String name, String clientId, Role role, Instant createdAt, Suppression suppressed) {
  /** A contact whose mail was never suppressed. */
  public Contact(String email, String name, String clientId, Role role, Instant createdAt) {
    this(email, name, clientId, role, createdAt, null);
  }
}
