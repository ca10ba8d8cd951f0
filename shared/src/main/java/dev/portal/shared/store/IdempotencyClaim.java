package dev.portal.shared.store;

/**
 * A caller's {@code Idempotency-Key} reduced to what the store needs: a hash of tenant-scoped caller and key (the
 * partition), and a hash of the request it was first used with.
 */
public record IdempotencyClaim(String tenantId, String scopeHash, String requestHash) {}
