package dev.portal.shared.store;

import java.util.Map;

/** A response remembered under an {@code Idempotency-Key}, replayed byte for byte. */
public record StoredResponse(int status, Map<String, String> headers, String body) {}
