package dev.portal.shared.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: status, headers (lower-case names) and a JSON body, or no body.
 *
 * @param recorded true when the route wrote this answer as the completed idempotency record in the transaction of
 *     what it created, so {@link IdempotencyGuard} must not write it again
 */
public record ApiResponse(int status, Map<String, String> headers, String body, boolean recorded) {
  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  public ApiResponse(int status, Map<String, String> headers, String body) {
    this(status, headers, body, false);
  }

  public static ApiResponse json(int status, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", JSON);
    return new ApiResponse(status, headers, body);
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, h, body, recorded);
  }

  /** This answer, marked as written under the request's {@code Idempotency-Key} by the route's own transaction. */
  public ApiResponse recordedInTransaction() {
    return new ApiResponse(status, headers, body, true);
  }
}
