package dev.portal.local;

import com.sun.net.httpserver.Headers;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Local mode's CORS, answering as the HTTP API's {@code CorsConfiguration} in template.yaml does:
 * the same allowed methods, request headers and exposed headers (LocalCorsTest reads the template
 * and fails when they drift), and the origins from {@code PORTAL_ORIGINS}, the local spelling of
 * the stack's {@code PortalOrigins} parameter.
 */
public final class LocalCors {
  static final List<String> ALLOW_METHODS = List.of("GET", "POST", "PATCH", "PUT");
  static final List<String> ALLOW_HEADERS =
      List.of("authorization", "content-type", "idempotency-key");
  static final List<String> EXPOSE_HEADERS = List.of("location", "x-request-id");

  /**
   * API Gateway's default when MaxAge is not set is no caching; a short cache spares the demo a
   * preflight per call.
   */
  static final int MAX_AGE_SECONDS = 600;

  private final Set<String> origins;

  public LocalCors(Set<String> origins) {
    this.origins = Set.copyOf(origins);
  }

  /** No origin allowed: every cross-origin browser call fails, as with an empty PortalOrigins. */
  public static LocalCors none() {
    return new LocalCors(Set.of());
  }

  /**
   * {@code PORTAL_ORIGINS}: comma-separated origins, e.g. {@code http://127.0.0.1:8081}; blanks
   * ignored.
   */
  public static LocalCors parse(String commaSeparated) {
    Set<String> set = new LinkedHashSet<>();
    if (commaSeparated != null) {
      for (String o : commaSeparated.split(",")) {
        String t = o.strip();
        // An origin never ends with a slash; a configured one that does would otherwise never
        // match.
        while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
        if (!t.isEmpty()) set.add(t);
      }
    }
    return new LocalCors(set);
  }

  /**
   * Local mode's setting: {@code PORTAL_ORIGINS}, else the portal's own origin on {@code
   * PORTAL_PORT} (8081). The API's CORS and the files bucket's (uploads) both come from here.
   */
  public static LocalCors fromEnv(java.util.Map<String, String> env) {
    return parse(
        env.getOrDefault(
            "PORTAL_ORIGINS", "http://127.0.0.1:" + env.getOrDefault("PORTAL_PORT", "8081")));
  }

  public Set<String> origins() {
    return origins;
  }

  boolean allows(String origin) {
    return origin != null && origins.contains(origin);
  }

  /** A preflight: {@code OPTIONS} with {@code Access-Control-Request-Method}. */
  static boolean isPreflight(String method, Headers request) {
    return "OPTIONS".equals(method) && request.getFirst("Access-Control-Request-Method") != null;
  }

  /**
   * The preflight's answer headers, or nothing for an origin, method or header that is not allowed
   * (the browser then refuses the call, as with API Gateway).
   */
  void preflight(Headers request, Headers response) {
    String origin = request.getFirst("Origin");
    String method = request.getFirst("Access-Control-Request-Method");
    if (!allows(origin)
        || method == null
        || !ALLOW_METHODS.contains(method.strip().toUpperCase(java.util.Locale.ROOT))) return;
    String asked = request.getFirst("Access-Control-Request-Headers");
    if (asked != null) {
      for (String h : asked.split(",")) {
        String name = h.strip().toLowerCase(java.util.Locale.ROOT);
        if (!name.isEmpty() && !ALLOW_HEADERS.contains(name)) return;
      }
    }
    response.set("Access-Control-Allow-Origin", origin);
    response.set("Access-Control-Allow-Methods", String.join(",", ALLOW_METHODS));
    response.set("Access-Control-Allow-Headers", String.join(",", ALLOW_HEADERS));
    response.set("Access-Control-Max-Age", String.valueOf(MAX_AGE_SECONDS));
    response.add("Vary", "Origin");
  }

  /**
   * An actual call's headers: the origin echoed and the exposed headers, only for an allowed
   * origin.
   */
  void decorate(Headers request, Headers response) {
    String origin = request.getFirst("Origin");
    response.add("Vary", "Origin");
    if (!allows(origin)) return;
    response.set("Access-Control-Allow-Origin", origin);
    response.set("Access-Control-Expose-Headers", String.join(",", EXPOSE_HEADERS));
  }
}
