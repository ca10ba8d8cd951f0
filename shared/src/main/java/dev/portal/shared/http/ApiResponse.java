package dev.portal.shared.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: status, headers (lower-case names) and a JSON body, or no body.
 *
 * @param recorded true when the route wrote this answer as the completed idempotency record in the
 *     transaction of what it created, so {@link IdempotencyGuard} must not write it again
 * @param base64 true when {@code body} is binary content in base64, as API Gateway expects it (a
 *     PDF)
 */
public record ApiResponse(
    int status, Map<String, String> headers, String body, boolean recorded, boolean base64) {
  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  public ApiResponse(int status, Map<String, String> headers, String body) {
    this(status, headers, body, false, false);
  }

  public ApiResponse(int status, Map<String, String> headers, String body, boolean recorded) {
    this(status, headers, body, recorded, false);
  }

  /** Binary content; API Gateway decodes the base64 body before it reaches the client. */
  public static ApiResponse binary(int status, Map<String, String> headers, byte[] content) {
    return new ApiResponse(
        status, headers, java.util.Base64.getEncoder().encodeToString(content), false, true);
  }

  public static ApiResponse json(int status, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", JSON);
    return new ApiResponse(status, headers, body);
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, h, body, recorded, base64);
  }

  /**
   * This answer, marked as written under the request's {@code Idempotency-Key} by the route's own
   * transaction.
   */
  public ApiResponse recordedInTransaction() {
    return new ApiResponse(status, headers, body, true, base64);
  }
}
