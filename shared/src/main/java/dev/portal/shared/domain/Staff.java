package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A staff member of the tenant: an agent or an admin; the id is the email, trimmed and lower-cased.
 *
 * @param active false once deactivated: the pre-token trigger then issues no access claims for them
 */
public record Staff(String email, String name, Role role, boolean active, Instant createdAt) {}
