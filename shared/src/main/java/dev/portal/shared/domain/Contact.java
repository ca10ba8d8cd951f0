package dev.portal.shared.domain;

import java.time.Instant;

/** A person of a client company; one contact per email per tenant. */
public record Contact(String email, String name, String clientId, Role role, Instant createdAt) {}
