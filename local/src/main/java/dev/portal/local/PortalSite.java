package dev.portal.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the built browser portal (portal/dist) on its own origin, apart from the API, as
 * CloudFront serves it in AWS: so the browser really makes cross-origin calls and local mode's CORS
 * is exercised. {@code /config.json} tells the app where the API is, that the demo sign-in is on
 * and, when an OpenID Connect issuer is configured, the issuer and client id for the company
 * sign-in (as make deploy writes it in AWS). The same security headers as the stack's CloudFront
 * response headers policy, CSP included, so an inline script that would break there breaks here
 * first.
 */
public final class PortalSite implements AutoCloseable {
  private static final Map<String, String> TYPES =
      Map.of(
          "html",
          "text/html; charset=utf-8",
          "js",
          "text/javascript; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "json",
          "application/json",
          "svg",
          "image/svg+xml",
          "png",
          "image/png",
          "ico",
          "image/x-icon",
          "txt",
          "text/plain; charset=utf-8",
          "map",
          "application/json");

  private final Path root;
  private final String apiBase;
  private final String storageOrigin;
  private final String timeZone;
  private final Oidc oidc;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  /**
   * @param root the built app (index.html and its files)
   * @param apiBase the API's origin, e.g. {@code http://127.0.0.1:8080}
   * @param storageOrigin where the API's presigned upload and download links point (the emulator's
   *     S3, e.g. {@code http://127.0.0.1:4566}), or null for none
   * @param timeZone the tenant's zone until the API tells it (GET /v1/tenant, where present)
   */
  public PortalSite(Path root, String apiBase, String storageOrigin, String timeZone, int port)
      throws IOException {
    this(root, apiBase, storageOrigin, timeZone, null, port);
  }

  /**
   * An issuer for the portal's "company account" sign-in (authorization code + PKCE in the
   * browser).
   *
   * @param issuer the issuer URL (its discovery document is {@code
   *     <issuer>/.well-known/openid-configuration}); its origin is added to the CSP's connect-src,
   *     as the stack's policy allows the region's Cognito hosts
   * @param clientId the public client registered there with this site's origin + {@code /} as
   *     redirect URI
   */
  public record Oidc(String issuer, String clientId) {
    public Oidc {
      URI u = URI.create(issuer);
      if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
        throw new IllegalArgumentException("the OIDC issuer must be an http(s) URL: " + issuer);
      }
      if (clientId == null || clientId.isBlank()) {
        throw new IllegalArgumentException("the OIDC client id is empty");
      }
    }

    String origin() {
      URI u = URI.create(issuer);
      return u.getScheme() + "://" + u.getRawAuthority();
    }
  }

  /**
   * @param oidc the issuer of the company sign-in, or null for the demo sign-in only
   */
  public PortalSite(
      Path root, String apiBase, String storageOrigin, String timeZone, Oidc oidc, int port)
      throws IOException {
    this.oidc = oidc;
    this.root = root.toAbsolutePath().normalize();
    this.apiBase = apiBase;
    this.storageOrigin = storageOrigin;
    this.timeZone = timeZone;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public PortalSite start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String origin() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * The CSP: scripts, styles and everything else from this origin only; calls to this origin, the
   * API and the S3 the API's presigned links point at (uploads PUT there, downloads follow the
   * API's redirect there), as the stack's policy allows the region's S3 hosts.
   */
  static String contentSecurityPolicy(String apiBase, String storageOrigin, Oidc oidc) {
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' "
        + apiBase
        + (storageOrigin == null ? "" : " " + storageOrigin)
        + (oidc == null ? "" : " " + oidc.origin())
        + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path =
          URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
      if (path.equals("/config.json")) {
        String body =
            "{\"apiBase\":"
                + jsonString(apiBase)
                + ",\"localMode\":true,\"timeZone\":"
                + jsonString(timeZone)
                + (oidc == null
                    ? ""
                    : ",\"oidc\":{\"issuer\":"
                        + jsonString(oidc.issuer())
                        + ",\"clientId\":"
                        + jsonString(oidc.clientId())
                        + "}")
                + "}";
        send(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8), "no-store");
        return;
      }
      Path file = resolve(path);
      if (file == null) {
        send(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "not found".getBytes(StandardCharsets.UTF_8),
            "no-store");
        return;
      }
      String name = file.getFileName().toString();
      String ext =
          name.contains(".")
              ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
              : "";
      send(
          exchange,
          200,
          TYPES.getOrDefault(ext, "application/octet-stream"),
          Files.readAllBytes(file),
          name.equals("index.html") ? "no-cache" : "public, max-age=300");
    }
  }

  /**
   * A file under the root, index.html for {@code /}; null for anything outside the root or missing.
   */
  private Path resolve(String path) {
    String rel = path.equals("/") || path.isEmpty() ? "index.html" : path.substring(1);
    if (rel.contains("\0")) return null;
    Path file = root.resolve(rel).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) return null;
    return file;
  }

  /** A JSON string literal: the values come from the operator's settings, quoted all the same. */
  static String jsonString(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&')
            b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }

  private void send(HttpExchange exchange, int status, String type, byte[] body, String cache)
      throws IOException {
    var h = exchange.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("Cache-Control", cache);
    h.set("Content-Security-Policy", contentSecurityPolicy(apiBase, storageOrigin, oidc));
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
