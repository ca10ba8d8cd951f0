package dev.portal.shared.store;

/**
 * An idempotency record in its final state, written by a store in the same transaction as the
 * item(s) it protects: after any failure a retry either finds it (and replays {@code response}) or
 * finds nothing of the request written.
 */
public record CompletedIdempotency(IdempotencyClaim claim, StoredResponse response) {}
