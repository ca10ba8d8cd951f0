package dev.portal.shared.store;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a creating use case stores under the request's {@code Idempotency-Key}: the answer its
 * result maps to. The use case hands {@link #completedBy} to its store, which writes the record in
 * the transaction of what it creates.
 *
 * @param claim empty when the request carries no key: nothing is recorded
 */
public record IdempotentResponse<T>(
    Optional<IdempotencyClaim> claim, Function<T, StoredResponse> response) {

  public static <T> IdempotentResponse<T> none() {
    return new IdempotentResponse<>(Optional.empty(), t -> null);
  }

  /** The completed record for {@code result}, or empty without a key. */
  public Optional<CompletedIdempotency> completedBy(T result) {
    return claim.map(c -> new CompletedIdempotency(c, response.apply(result)));
  }
}
