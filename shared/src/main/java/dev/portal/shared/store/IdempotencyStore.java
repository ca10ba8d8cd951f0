package dev.portal.shared.store;

import java.time.Instant;
import java.util.Optional;

/** Idempotency records for creating requests whose effect is not a single transaction of ours. */
public interface IdempotencyStore {

  sealed interface Begin {
    /** The key is ours now; run the request and then {@link #complete} or {@link #release}. */
    record Acquired() implements Begin {}

    /** The key was used before; {@code response} is null while that request is still in flight. */
    record Existing(String requestHash, StoredResponse response) implements Begin {}
  }

  /** Claims the key for this request unless a live record holds it. */
  Begin begin(IdempotencyClaim claim, Instant now);

  void complete(IdempotencyClaim claim, StoredResponse response, Instant now);

  /** Drops an in-flight claim after a failure so that a retry is not told it is still in flight. */
  void release(IdempotencyClaim claim);

  Optional<Begin.Existing> find(IdempotencyClaim claim);
}
