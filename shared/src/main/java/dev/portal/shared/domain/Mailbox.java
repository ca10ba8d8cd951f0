package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A support address of a tenant: inbound mail whose envelope recipient it is belongs to that
 * tenant.
 */
public record Mailbox(String address, String tenantId, Instant createdAt) {}
