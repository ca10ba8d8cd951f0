package dev.portal.shared.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: status, headers (lower-case names) and a JSON body, or no body. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
  public static final String JSON = "application/json";
  public static final String PROBLEM_JSON = "application/problem+json";

  public static ApiResponse json(int status, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", JSON);
    return new ApiResponse(status, headers, body);
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, h, body);
  }
}
