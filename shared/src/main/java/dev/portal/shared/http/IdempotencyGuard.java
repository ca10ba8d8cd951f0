package dev.portal.shared.http;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.IdempotencyClaim;
import dev.portal.shared.store.IdempotencyCollision;
import dev.portal.shared.store.IdempotencyStore;
import dev.portal.shared.store.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code Idempotency-Key} semantics: the same key with the same request replays the first response,
 * with another request it is a 422, and while the first is still running it is a 409. Keys are
 * scoped to tenant and caller.
 *
 * <p>A guarded request claims its key in flight first; the route then writes the completed record
 * in the same transaction as what it creates (the claim's holder token makes that write conditional
 * on still holding it). So a request that dies after its write leaves the record completed, and one
 * that dies before leaves nothing but the claim, which expires after {@code
 * DynamoIdempotencyStore.LEASE}.
 */
public final class IdempotencyGuard {
  public static final String HEADER = "idempotency-key";
  public static final String REPLAYED = "idempotent-replayed";

  private final IdempotencyStore store;
  private final Clock clock;

  public IdempotencyGuard(IdempotencyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Optional<IdempotencyClaim> claim(
      Caller caller, String key, String method, String path, byte[] body) {
    if (key == null) return Optional.empty();
    if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new PortalException.Invalid(
          "Idempotency-Key", "must be 1 to 255 visible ASCII characters");
    }
    MessageDigest request = sha256();
    request.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
    request.update(body);
    return Optional.of(
        new IdempotencyClaim(
            caller.tenantId(),
            hex(
                sha256()
                    .digest((caller.subject() + "\u0000" + key).getBytes(StandardCharsets.UTF_8))),
            hex(request.digest())));
  }

  /**
   * Runs {@code action} once per key, handing it the claim it now holds. 5xx answers and failures
   * are not remembered, so a retry can succeed; an answer the action did not record in its own
   * transaction (one that wrote nothing) is completed afterwards.
   */
  public ApiResponse guarded(
      IdempotencyClaim claim, Function<IdempotencyClaim, ApiResponse> action) {
    IdempotencyClaim held = claim.heldBy(UUID.randomUUID().toString());
    return switch (store.begin(held, clock.instant())) {
      case IdempotencyStore.Begin.Acquired a -> {
        ApiResponse response;
        try {
          response = action.apply(held);
        } catch (IdempotencyCollision e) {
          // This request's lease ran out and another took the key over; nothing of this one was
          // written.
          yield afterCollision(claim);
        } catch (RuntimeException e) {
          store.release(held);
          throw e;
        }
        if (response.status() >= 500) {
          store.release(held);
        } else if (!response.recorded()) {
          store.complete(held, stored(response), clock.instant());
        }
        yield response;
      }
      case IdempotencyStore.Begin.Existing existing -> replay(claim, existing);
    };
  }

  /** For routes that wrote the record in their own transaction and found it taken. */
  public ApiResponse afterCollision(IdempotencyClaim claim) {
    return store
        .find(claim)
        .map(existing -> replay(claim, existing))
        .orElseThrow(IdempotencyGuard::inFlight);
  }

  public static StoredResponse stored(ApiResponse response) {
    return new StoredResponse(response.status(), response.headers(), response.body());
  }

  private static ApiResponse replay(
      IdempotencyClaim claim, IdempotencyStore.Begin.Existing existing) {
    if (existing.requestHash() != null && !existing.requestHash().equals(claim.requestHash())) {
      throw new PortalException.IdempotencyMismatch(
          "this Idempotency-Key was used with a different request");
    }
    if (existing.response() == null) throw inFlight();
    StoredResponse r = existing.response();
    return new ApiResponse(r.status(), r.headers(), r.body()).withHeader(REPLAYED, "true");
  }

  private static PortalException inFlight() {
    return new PortalException.Conflict("a request with this Idempotency-Key is still in progress");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
