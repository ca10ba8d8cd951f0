package dev.portal.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
 * is exercised. {@code /config.json} tells the app where the API is and that the demo sign-in is
 * on. The same security headers as the stack's CloudFront response headers policy, CSP included, so
 * an inline script that would break there breaks here first.
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
  static String contentSecurityPolicy(String apiBase, String storageOrigin) {
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' "
        + apiBase
        + (storageOrigin == null ? "" : " " + storageOrigin)
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
            "{\"apiBase\":\""
                + apiBase
                + "\",\"localMode\":true,\"timeZone\":\""
                + timeZone
                + "\"}";
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

  private void send(HttpExchange exchange, int status, String type, byte[] body, String cache)
      throws IOException {
    var h = exchange.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("Cache-Control", cache);
    h.set("Content-Security-Policy", contentSecurityPolicy(apiBase, storageOrigin));
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
