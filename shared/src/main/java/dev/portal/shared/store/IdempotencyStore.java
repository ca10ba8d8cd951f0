package dev.portal.shared.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency records of creating requests: the in-flight claim a request takes before it runs, and
 * what happens to it when the request's own transaction did not complete it (an answer that wrote
 * nothing, a failure).
 */
public interface IdempotencyStore {

  sealed interface Begin {
    /** The key is ours now; run the request and then {@link #complete} or {@link #release}. */
    record Acquired() implements Begin {}

    /** The key was used before; {@code response} is null while that request is still in flight. */
    record Existing(String requestHash, StoredResponse response) implements Begin {}
  }

  /**
   * Claims the key for this request ({@code claim.holder()} names it) unless a live record holds
   * it.
   */
  Begin begin(IdempotencyClaim claim, Instant now);

  /**
   * Completes the record with an answer whose request wrote nothing, if this request still holds
   * the claim (a request that created something completed the record in that transaction already).
   */
  void complete(IdempotencyClaim claim, StoredResponse response, Instant now);

  /**
   * Drops this request's in-flight claim after a failure so that a retry is not told it is still in
   * flight; does nothing when the claim is no longer in flight under this holder (its own
   * transaction completed it, or another request took it over).
   */
  void release(IdempotencyClaim claim);

  Optional<Begin.Existing> find(IdempotencyClaim claim);
}
