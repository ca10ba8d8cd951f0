package dev.portal.shared.http;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.IdempotencyClaim;
import dev.portal.shared.store.IdempotencyStore;
import dev.portal.shared.store.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} semantics: the same key with the same request replays the first response, with another
 * request it is a 422, and while the first is still running it is a 409. Keys are scoped to tenant and caller.
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

  public Optional<IdempotencyClaim> claim(Caller caller, String key, String method, String path, byte[] body) {
    if (key == null) return Optional.empty();
    if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new PortalException.Invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
    }
    MessageDigest request = sha256();
    request.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
    request.update(body);
    return Optional.of(new IdempotencyClaim(caller.tenantId(),
        hex(sha256().digest((caller.subject() + "\u0000" + key).getBytes(StandardCharsets.UTF_8))),
        hex(request.digest())));
  }

  /** Runs {@code action} once per key; 5xx answers are not remembered, so a retry can succeed. */
  public ApiResponse guarded(IdempotencyClaim claim, Supplier<ApiResponse> action) {
    return switch (store.begin(claim, clock.instant())) {
      case IdempotencyStore.Begin.Acquired a -> {
        ApiResponse response;
        try {
          response = action.get();
        } catch (RuntimeException e) {
          store.release(claim);
          throw e;
        }
        if (response.status() >= 500) {
          store.release(claim);
        } else {
          store.complete(claim, stored(response), clock.instant());
        }
        yield response;
      }
      case IdempotencyStore.Begin.Existing existing -> replay(claim, existing);
    };
  }

  /** For routes that wrote the record in their own transaction and found it taken. */
  public ApiResponse afterCollision(IdempotencyClaim claim) {
    return store.find(claim).map(existing -> replay(claim, existing))
        .orElseThrow(IdempotencyGuard::inFlight);
  }

  public static StoredResponse stored(ApiResponse response) {
    return new StoredResponse(response.status(), response.headers(), response.body());
  }

  private static ApiResponse replay(IdempotencyClaim claim, IdempotencyStore.Begin.Existing existing) {
    if (existing.requestHash() != null && !existing.requestHash().equals(claim.requestHash())) {
      throw new PortalException.IdempotencyMismatch("this Idempotency-Key was used with a different request");
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
