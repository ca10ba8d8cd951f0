package dev.portal.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.IdempotencyClaim;
import dev.portal.shared.store.IdempotencyCollision;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The API Gateway adapter every HTTP function shares: match the route, authenticate and authorize
 * the caller, check body size and type, apply {@code Idempotency-Key}, run the endpoint, and map
 * any failure to problem+json. Functions only supply their routes.
 */
public final class ApiDispatcher {
  /**
   * JSON bodies above this are refused before parsing (API Gateway itself allows 10 MB); a route
   * may set its own.
   */
  public static final int MAX_BODY_BYTES = Route.Body.JSON_MAX_BYTES;

  private final List<Route> routes;

  /** Each route's key, made once: every request names its route in the log line. */
  private final String[] routeKeys;

  private final Json json;
  private final IdempotencyGuard idempotency;

  public ApiDispatcher(List<Route> routes, Json json, IdempotencyGuard idempotency) {
    this.routes = List.copyOf(routes);
    this.routeKeys = this.routes.stream().map(Route::routeKey).toArray(String[]::new);
    this.json = json;
    this.idempotency = idempotency;
  }

  public List<Route> routes() {
    return routes;
  }

  public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    long started = System.nanoTime();
    APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
    String requestId =
        ctx != null && ctx.getRequestId() != null
            ? ctx.getRequestId()
            : UUID.randomUUID().toString();
    String method = ctx != null && ctx.getHttp() != null ? ctx.getHttp().getMethod() : "GET";
    String path = event.getRawPath() == null ? "/" : event.getRawPath();
    Caller caller = null;
    String routeKey = null;
    ApiResponse response;
    try {
      Route route = null;
      Map<String, String> params = null;
      for (int i = 0; i < routeKeys.length; i++) {
        Route r = routes.get(i);
        if (!r.method().equalsIgnoreCase(method)) continue;
        params = r.match(path);
        if (params != null) {
          route = r;
          routeKey = routeKeys[i];
          break;
        }
      }
      if (route == null) throw new PortalException.NotFound("no route " + method + " " + path);
      caller = Claims.caller(claims(event));
      if (!caller.hasAny(route.roles()))
        throw new PortalException.Forbidden("this role may not call " + routeKey);
      Map<String, String> headers = lowerCase(event.getHeaders());
      byte[] body = body(event, route.body().maxBytes());
      if (route.hasBody() && body.length > 0)
        requireType(route.body(), headers.get("content-type"));
      Optional<IdempotencyClaim> claim =
          route.idempotency() == Route.Idempotency.NONE
              ? Optional.empty()
              : idempotency.claim(caller, headers.get(IdempotencyGuard.HEADER), method, path, body);
      ApiRequest request =
          new ApiRequest(
              method, path, params, query(event), headers, body, caller, requestId, claim);
      response = run(route, request);
    } catch (PortalException e) {
      response = problem(Problems.status(e), json.write(Problems.view(e, requestId)));
    } catch (RuntimeException e) {
      JsonLog.error(
          "request failed",
          e,
          "requestId",
          requestId,
          "tenant",
          caller == null ? null : caller.tenantId(),
          "route",
          routeKey);
      response = problem(500, json.write(Problems.internal(requestId)));
    }
    JsonLog.info(
        "request",
        "requestId",
        requestId,
        "tenant",
        caller == null ? null : caller.tenantId(),
        "route",
        routeKey == null ? method + " " + path : routeKey,
        "status",
        response.status(),
        "ms",
        (System.nanoTime() - started) / 1_000_000);
    Map<String, String> headers = new HashMap<>(response.headers());
    headers.put("x-request-id", requestId);
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(headers)
        .withBody(response.body())
        .withIsBase64Encoded(response.base64())
        .build();
  }

  /**
   * The answer to an event that is not API Gateway's (see {@link
   * dev.portal.shared.lambda.HttpApiEvents}): a 400 problem, logged with the parser's reason.
   */
  public APIGatewayV2HTTPResponse malformedEvent(dev.portal.shared.lambda.MalformedEvent e) {
    String requestId = UUID.randomUUID().toString();
    JsonLog.warn("malformed event", "requestId", requestId, "error", e.getMessage());
    PortalException invalid = new PortalException.Invalid("event", "is not an API Gateway event");
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", ApiResponse.PROBLEM_JSON);
    headers.put("x-request-id", requestId);
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(Problems.status(invalid))
        .withHeaders(headers)
        .withBody(json.write(Problems.view(invalid, requestId)))
        .withIsBase64Encoded(false)
        .build();
  }

  private ApiResponse run(Route route, ApiRequest request) {
    return switch (route.idempotency()) {
      case NONE -> route.endpoint().handle(request);
      case GUARDED ->
          request.idempotency().isEmpty()
              ? route.endpoint().handle(request)
              : idempotency.guarded(
                  request.idempotency().get(),
                  held -> route.endpoint().handle(request.holding(held)));
      case IN_TRANSACTION -> {
        try {
          yield route.endpoint().handle(request);
        } catch (IdempotencyCollision e) {
          yield route
              .replay()
              .complete(request, idempotency.afterCollision(request.idempotency().orElseThrow()));
        }
      }
    };
  }

  private static ApiResponse problem(int status, String body) {
    return new ApiResponse(status, Map.of("content-type", ApiResponse.PROBLEM_JSON), body);
  }

  private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext ctx = event.getRequestContext();
    if (ctx == null || ctx.getAuthorizer() == null || ctx.getAuthorizer().getJwt() == null)
      return Map.of();
    Map<String, String> claims = ctx.getAuthorizer().getJwt().getClaims();
    return claims == null ? Map.of() : claims;
  }

  private static byte[] body(APIGatewayV2HTTPEvent event, int maxBytes) {
    String body = event.getBody();
    if (body == null) return new byte[0];
    // A base64 body is at most 4/3 of its bytes: refuse the absurd before decoding.
    if (body.length() > (long) maxBytes * 4 / 3 + 4) throw tooLarge(maxBytes);
    byte[] bytes;
    if (event.getIsBase64Encoded()) {
      try {
        bytes = Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw new PortalException.Invalid("body", "is not valid base64");
      }
    } else {
      bytes = body.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }

  private static PortalException tooLarge(int maxBytes) {
    return new PortalException.PayloadTooLarge(
        "the body is larger than " + maxBytes / 1024 + " KiB");
  }

  private static void requireType(Route.Body rule, String contentType) {
    if (!rule.accepts(contentType)) {
      throw new PortalException.UnsupportedMediaType(
          "send the body as " + String.join(" or ", rule.mediaTypes()));
    }
  }

  private static Map<String, String> lowerCase(Map<String, String> headers) {
    Map<String, String> out = new HashMap<>();
    if (headers != null) headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }

  private static Map<String, String> query(APIGatewayV2HTTPEvent event) {
    Map<String, String> q = event.getQueryStringParameters();
    return q == null ? Map.of() : q;
  }
}
