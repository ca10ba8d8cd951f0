package dev.portal.shared.http;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.service.Ids;
import dev.portal.shared.store.IdempotencyClaim;
import dev.portal.shared.store.IdempotentResponse;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request after the adapter has done its part: route matched, caller authenticated and allowed,
 * body decoded and within limits. Header names are lower-case.
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, String> query,
    Map<String, String> headers,
    byte[] body,
    Caller caller,
    String requestId,
    Optional<IdempotencyClaim> idempotency) {

  public static final int DEFAULT_LIMIT = 25;

  /** The same request, holding {@code claim} (the in-flight claim the guard took on its key). */
  ApiRequest holding(IdempotencyClaim claim) {
    return new ApiRequest(
        method, path, pathParams, query, headers, body, caller, requestId, Optional.of(claim));
  }

  public static final int MAX_LIMIT = 100;

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public String query(String name) {
    String v = query.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /**
   * A list's optional filter: null when absent. Sent empty ({@code ?status=}) it is a mistake in
   * the caller's code, which answering as "no filter" would hide: a 400 naming it.
   */
  public String filter(String name) {
    String v = query.get(name);
    if (v != null && v.isEmpty()) {
      throw new PortalException.Invalid(name, "must not be empty (leave it out for no filter)");
    }
    return v;
  }

  /** {@code ?limit=} of a list: 1..100, 25 when absent. */
  public int limit() {
    String v = query("limit");
    if (v == null) return DEFAULT_LIMIT;
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_LIMIT) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new PortalException.Invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
  }

  public String cursor() {
    return query("cursor");
  }

  /**
   * {@code ?clientId=} of a list, null when absent or empty (as every query value). One that cannot
   * be an id is a 400 (the document's pattern): it would otherwise go into a key unchecked, key
   * separator and all, and answer an empty page.
   */
  public String clientIdFilter() {
    String v = query("clientId");
    if (v != null && !Ids.isPlausibleId(v)) {
      throw new PortalException.Invalid(
          "clientId", "must be a client id: 1 to 64 letters, digits, '_' or '-'");
    }
    return v;
  }

  /**
   * The answer a creating use case records under this request's {@code Idempotency-Key}, in the
   * transaction of what it creates: {@code answer} applied to the use case's result. The endpoint
   * then returns that same answer marked {@link ApiResponse#recordedInTransaction()}.
   */
  public <T> IdempotentResponse<T> recording(Function<T, ApiResponse> answer) {
    return new IdempotentResponse<>(
        idempotency, result -> IdempotencyGuard.stored(answer.apply(result)));
  }
}
