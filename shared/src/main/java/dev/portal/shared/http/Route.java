package dev.portal.shared.http;

import dev.portal.shared.domain.Role;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A method and path template, the roles that may call it, and how {@code Idempotency-Key} applies.
 *
 * @param template e.g. {@code /v1/tickets/{id}/comments}; a {@code {name}} segment matches one path
 *     segment
 */
public record Route(
    String method,
    String template,
    Set<Role> roles,
    Idempotency idempotency,
    Endpoint endpoint,
    Body body,
    Replay replay) {

  /**
   * What a replayed answer of an {@link Idempotency#IN_TRANSACTION} route gets before it is sent:
   * the route may have stored less than it answered (create-ticket leaves out the description,
   * which never changes, so its record stays under 1 KB) and puts it back here.
   */
  @FunctionalInterface
  public interface Replay {
    Replay AS_STORED = (request, stored) -> stored;

    ApiResponse complete(ApiRequest request, ApiResponse stored);
  }

  /** A route whose answers are replayed as stored. */
  public Route(
      String method,
      String template,
      Set<Role> roles,
      Idempotency idempotency,
      Endpoint endpoint,
      Body body) {
    this(method, template, roles, idempotency, endpoint, body, Replay.AS_STORED);
  }

  /** A route whose body, if any, is JSON of at most 256 KiB. */
  public Route(
      String method, String template, Set<Role> roles, Idempotency idempotency, Endpoint endpoint) {
    this(method, template, roles, idempotency, endpoint, Body.JSON);
  }

  /**
   * What a route accepts as its body: the largest size in bytes and the media types. JSON routes
   * take {@code application/json} and any {@code application/*+json}; others name their types
   * exactly.
   */
  public record Body(int maxBytes, Set<String> mediaTypes) {
    public static final int JSON_MAX_BYTES = 256 * 1024;
    public static final Body JSON = new Body(JSON_MAX_BYTES, Set.of("application/json"));

    public static Body of(String mediaType, int maxBytes) {
      return new Body(maxBytes, Set.of(mediaType));
    }

    public boolean isJson() {
      return mediaTypes.contains("application/json");
    }

    /**
     * Whether a Content-Type header value names an accepted type (parameters such as charset are
     * ignored).
     */
    public boolean accepts(String contentType) {
      String type =
          contentType == null
              ? ""
              : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (mediaTypes.contains(type)) return true;
      return isJson() && type.startsWith("application/") && type.endsWith("+json");
    }
  }

  public enum Idempotency {
    /** Not a creating request: the header is ignored. */
    NONE,
    /**
     * A record is claimed in flight before the endpoint runs (a concurrent duplicate gets a 409);
     * the endpoint writes it completed in the transaction of what it creates ({@link
     * ApiRequest#recording}) and marks its answer {@link ApiResponse#recordedInTransaction()}. An
     * answer that created nothing is completed after it.
     */
    GUARDED,
    /**
     * Nothing is claimed first: the endpoint creates the completed record in its own transaction
     * (the request's hash and key are handed to it), and a duplicate finds it there.
     */
    IN_TRANSACTION
  }

  /** Every role of a tenant; the platform operator is no member of any tenant. */
  public static final Set<Role> EVERYONE =
      EnumSet.of(Role.CLIENT, Role.CLIENT_ADMIN, Role.AGENT, Role.ADMIN);

  public static final Set<Role> CLIENTS_AND_STAFF = EVERYONE;
  public static final Set<Role> STAFF = EnumSet.of(Role.AGENT, Role.ADMIN);
  public static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);

  /**
   * An admin of the tenant, or a client_admin for their own company (the use case checks which
   * company).
   */
  public static final Set<Role> ADMINS_AND_CLIENT_ADMINS =
      EnumSet.of(Role.ADMIN, Role.CLIENT_ADMIN);

  public static final Set<Role> PLATFORM = EnumSet.of(Role.PLATFORM_ADMIN);

  /** Staff and a client's administrator: reports and logged work of the administrator's company. */
  public static final Set<Role> STAFF_AND_CLIENT_ADMINS =
      EnumSet.of(Role.AGENT, Role.ADMIN, Role.CLIENT_ADMIN);

  public static Route get(String template, Set<Role> roles, Endpoint endpoint) {
    return new Route("GET", template, roles, Idempotency.NONE, endpoint);
  }

  public static Route post(String template, Set<Role> roles, Endpoint endpoint) {
    return new Route("POST", template, roles, Idempotency.GUARDED, endpoint);
  }

  public static Route patch(String template, Set<Role> roles, Endpoint endpoint) {
    return new Route("PATCH", template, roles, Idempotency.NONE, endpoint);
  }

  /** A PUT replaces a resource, so a repeat is harmless: no Idempotency-Key handling. */
  public static Route put(String template, Set<Role> roles, Endpoint endpoint) {
    return new Route("PUT", template, roles, Idempotency.NONE, endpoint);
  }

  /**
   * Deleting twice leaves the same state (the second answers 404), so no Idempotency-Key handling.
   */
  public static Route delete(String template, Set<Role> roles, Endpoint endpoint) {
    return new Route("DELETE", template, roles, Idempotency.NONE, endpoint);
  }

  /** {@link Idempotency#IN_TRANSACTION}, with what a replayed answer gets before it is sent. */
  public Route idempotentInTransaction(Replay replay) {
    return new Route(method, template, roles, Idempotency.IN_TRANSACTION, endpoint, body, replay);
  }

  /** This route takes a body of {@code mediaType}, up to {@code maxBytes}, instead of JSON. */
  public Route accepting(String mediaType, int maxBytes) {
    return new Route(
        method, template, roles, idempotency, endpoint, Body.of(mediaType, maxBytes), replay);
  }

  /** API Gateway's route key for this route, e.g. {@code POST /v1/tickets}. */
  public String routeKey() {
    return method + " " + template;
  }

  /**
   * @return the path parameters when {@code path} fits the template, otherwise null
   */
  public Map<String, String> match(String path) {
    // Segment by segment along both strings: every request tries its function's routes in turn,
    // and splitting the template and the path for each one cost more than the rest of the routing.
    Map<String, String> params = new HashMap<>(4);
    int t = 0;
    int p = 0;
    int tn = template.length();
    int pn = path.length();
    while (true) {
      int te = template.indexOf('/', t);
      if (te < 0) te = tn;
      int pe = path.indexOf('/', p);
      if (pe < 0) pe = pn;
      if (te - t >= 2 && template.charAt(t) == '{' && template.charAt(te - 1) == '}') {
        if (pe == p) return null;
        String value = decodeSegment(path.substring(p, pe));
        if (value == null) return null;
        params.put(template.substring(t + 1, te - 1), value);
      } else if (te - t != pe - p || !template.regionMatches(t, path, p, te - t)) {
        return null;
      }
      if (te == tn || pe == pn) return te == tn && pe == pn ? params : null;
      t = te + 1;
      p = pe + 1;
    }
  }

  /**
   * Percent-decoding of a path segment, where '+' is a literal; a malformed escape matches nothing
   * (404, not 500).
   */
  private static String decodeSegment(String raw) {
    // Without an escape, decoding ('+' kept) gives the segment back as it is.
    if (raw.indexOf('%') < 0) return raw;
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  public boolean hasBody() {
    return !method.equals("GET") && !method.equals("DELETE");
  }
}
