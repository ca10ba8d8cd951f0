package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A staff member of the tenant (agent or admin). Their id is their email, trimmed and lower-cased,
 * so a ticket's {@code assigneeId} and a group's members name them directly.
 *
 * @param active false once deactivated: the pre-token trigger then issues no access claims for them
 */
public record Staff(String email, String name, Role role, boolean active, Instant createdAt) {}
