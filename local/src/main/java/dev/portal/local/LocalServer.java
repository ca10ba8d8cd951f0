package dev.portal.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.Json;
import dev.portal.shared.http.Problems;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.Views;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Local mode's stand-in for API Gateway: one HTTP server on 127.0.0.1 that verifies HS256 tokens,
 * builds the same payload-2.0 event API Gateway would, and invokes the Lambda function that owns
 * the route with it ({@code handle}: what Lambda's entry point, {@code handleRequest}, runs once it
 * has read the event's bytes).
 */
public final class LocalServer implements AutoCloseable {
  /** API Gateway's own payload limit; the functions enforce the smaller API limit themselves. */
  static final int GATEWAY_MAX_BODY = 10 * 1024 * 1024;

  /**
   * The repository's openapi.yaml, packed into this module's jar; null when the build left it out.
   */
  private static final byte[] OPENAPI = readOpenApi();

  /**
   * The routes only local mode serves; openapi.yaml marks exactly these {@code x-local-only}
   * (OpenApiRoutesIT).
   */
  public static final List<String> LOCAL_ROUTES =
      List.of(
          "GET /health",
          "GET /openapi.yaml",
          "GET /docs",
          "GET /local/outbox",
          "GET /local/demo-users");

  private final List<ApiFunction> functions;
  private final Hs256 tokens;
  private final Json json;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final LocalOutbox outbox;
  private final DocsPage docs = new DocsPage();
  private final LocalCors cors;
  private final boolean demoUsers;

  public LocalServer(List<ApiFunction> functions, Hs256 tokens, Json json, int port)
      throws IOException {
    this(functions, tokens, json, port, null);
  }

  /**
   * @param outbox what {@code GET /local/outbox} reads (the SES emulator); null: that route answers
   *     404
   */
  public LocalServer(
      List<ApiFunction> functions, Hs256 tokens, Json json, int port, LocalOutbox outbox)
      throws IOException {
    this(functions, tokens, json, port, outbox, LocalCors.none(), false);
  }

  /**
   * @param cors the browser origins allowed to call (the portal's, from PORTAL_ORIGINS)
   * @param demoUsers whether {@code GET /local/demo-users} hands out the seeded people's tokens
   *     (the portal's sign-in buttons); local mode only, as the tokens printed at start
   */
  public LocalServer(
      List<ApiFunction> functions,
      Hs256 tokens,
      Json json,
      int port,
      LocalOutbox outbox,
      LocalCors cors,
      boolean demoUsers)
      throws IOException {
    this.outbox = outbox;
    this.cors = cors;
    this.demoUsers = demoUsers;
    this.functions = functions;
    this.tokens = tokens;
    this.json = json;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      if (LocalCors.isPreflight(method, exchange.getRequestHeaders())) {
        // API Gateway answers preflights itself, for every path, before any route or authorizer.
        cors.preflight(exchange.getRequestHeaders(), exchange.getResponseHeaders());
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      cors.decorate(exchange.getRequestHeaders(), exchange.getResponseHeaders());
      if (path.equals("/local/demo-users") && method.equals("GET") && demoUsers) {
        send(exchange, ApiResponse.json(200, json.write(demoUsers())));
        return;
      }
      if (path.equals("/health") && method.equals("GET")) {
        send(exchange, ApiResponse.json(200, json.write(new Views.HealthView("ok"))));
        return;
      }
      if (path.equals("/openapi.yaml") && method.equals("GET") && OPENAPI != null) {
        send(
            exchange,
            new ApiResponse(
                200,
                Map.of("content-type", "application/yaml; charset=utf-8"),
                new String(OPENAPI, StandardCharsets.UTF_8)));
        return;
      }
      if ((path.equals(DocsPage.PREFIX) || path.startsWith(DocsPage.PREFIX + "/"))
          && method.equals("GET")) {
        ApiResponse page = docs.serve(path);
        if (page != null) {
          send(exchange, page);
          return;
        }
      }
      if (path.equals("/local/outbox") && method.equals("GET") && outbox != null) {
        send(exchange, ApiResponse.json(200, json.write(new LocalOutbox.Outbox(outbox.read()))));
        return;
      }
      ApiFunction owner = owner(method, path);
      if (owner == null) {
        // Same answer as the functions give for a route they lack, without needing a token first.
        send(
            exchange,
            problem(
                new PortalException.NotFound("no route " + method + " " + path),
                UUID.randomUUID().toString()));
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      String requestId = UUID.randomUUID().toString();
      if (body == null) {
        send(
            exchange,
            problem(
                new PortalException.PayloadTooLarge("the body is larger than 10 MiB"), requestId));
        return;
      }
      Map<String, String> claims;
      try {
        claims = claims(exchange.getRequestHeaders().getFirst("Authorization"));
      } catch (PortalException.Unauthorized e) {
        send(exchange, problem(e, requestId));
        return;
      }
      APIGatewayV2HTTPEvent event = event(exchange, method, path, body, claims, requestId);
      APIGatewayV2HTTPResponse response = owner.handle(event, new LocalLambdaContext(requestId));
      send(
          exchange,
          new ApiResponse(
              response.getStatusCode(),
              response.getHeaders() == null ? Map.of() : response.getHeaders(),
              response.getBody(),
              false,
              response.getIsBase64Encoded()));
    } catch (RuntimeException e) {
      dev.portal.shared.log.JsonLog.error("local server failed", e);
      send(
          exchange,
          new ApiResponse(
              500,
              Map.of("content-type", ApiResponse.PROBLEM_JSON),
              json.write(Problems.internal("local"))));
    }
  }

  /** The seeded people with a fresh 12-hour token each, in the order make dev prints them. */
  private DemoUsers demoUsers() {
    List<DemoUser> users = new java.util.ArrayList<>();
    for (DemoTenant.Person p : DemoTenant.PEOPLE) {
      users.add(
          new DemoUser(
              p.email(),
              p.name(),
              p.roles(),
              p.clientId(),
              tokens.token(
                  DemoTenant.TENANT, p.sub(), p.email(), p.name(), p.clientId(), p.roles(), 12)));
    }
    return new DemoUsers(users);
  }

  @io.micronaut.serde.annotation.Serdeable
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
  public record DemoUser(
      String email, String name, List<String> roles, String clientId, String token) {}

  @io.micronaut.serde.annotation.Serdeable
  public record DemoUsers(List<DemoUser> items) {}

  private ApiFunction owner(String method, String path) {
    for (ApiFunction f : functions) {
      for (Route r : f.dispatcher().routes()) {
        if (r.method().equalsIgnoreCase(method) && r.match(path) != null) return f;
      }
    }
    return null;
  }

  /**
   * No header: no claims (the function answers 401). A header that does not verify: 401 here, as
   * the authorizer would.
   */
  private Map<String, String> claims(String authorization) {
    if (authorization == null || authorization.isBlank()) return Map.of();
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new PortalException.Unauthorized("use Authorization: Bearer <token>");
    }
    return tokens.verify(authorization.substring(7).trim(), Instant.now());
  }

  private static APIGatewayV2HTTPEvent event(
      HttpExchange exchange,
      String method,
      String path,
      byte[] body,
      Map<String, String> claims,
      String requestId) {
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.merge(
            k, v, (a, b) -> a + "," + b); // API Gateway joins repeated parameters with commas
      }
    }
    APIGatewayV2HTTPEvent.RequestContext.Http http =
        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(method)
            .withPath(path)
            .withProtocol("HTTP/1.1")
            .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
            .withUserAgent(headers.getOrDefault("user-agent", ""))
            .build();
    var ctx =
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId(requestId)
            .withStage("$default")
            .withHttp(http)
            .withTimeEpoch(System.currentTimeMillis());
    if (!claims.isEmpty()) {
      ctx.withAuthorizer(
          APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
              .withJwt(
                  APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                      .builder()
                      .withClaims(claims)
                      .build())
              .build());
    }
    String contentType = headers.getOrDefault("content-type", "");
    boolean text =
        body.length == 0 || contentType.contains("json") || contentType.startsWith("text/");
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRawPath(path)
        .withRawQueryString(rawQuery == null ? "" : rawQuery)
        .withHeaders(headers)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withRequestContext(ctx.build())
        .withBody(
            body.length == 0
                ? null
                : text
                    ? new String(body, StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(!text)
        .build();
  }

  private static byte[] readOpenApi() {
    try (InputStream in = LocalServer.class.getResourceAsStream("/openapi.yaml")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(GATEWAY_MAX_BODY + 1);
    return bytes.length > GATEWAY_MAX_BODY ? null : bytes;
  }

  private ApiResponse problem(PortalException e, String requestId) {
    return new ApiResponse(
        Problems.status(e),
        Map.of("content-type", ApiResponse.PROBLEM_JSON),
        json.write(Problems.view(e, requestId)));
  }

  private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    // A binary answer (a statement PDF, the docs page's icon) carries base64, as API Gateway
    // expects; decoded here.
    byte[] bytes =
        response.body() == null
            ? new byte[0]
            : response.base64()
                ? Base64.getDecoder().decode(response.body())
                : response.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
