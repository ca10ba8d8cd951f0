package dev.portal.local;

import dev.portal.shared.http.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The API reference at {@code GET /docs}: Swagger UI from its WebJar on our class path, reading
 * {@code /openapi.yaml} from the same origin, so a newcomer can browse the contract and try calls
 * against {@code make dev} offline. Only the files named here are served: a path never becomes a
 * resource name, so nothing else on the class path leaks.
 */
final class DocsPage {
  static final String PREFIX = "/docs";

  /**
   * Our own page and start script; no inline script, so the page runs under a CSP without
   * 'unsafe-inline' scripts.
   */
  private static final Map<String, String> OWN =
      Map.of("", "docs/index.html", "/init.js", "docs/init.js");

  /** Swagger UI's files we use, by the name the page asks for. */
  private static final Map<String, String> WEBJAR =
      Map.of(
          "/swagger-ui.css", "swagger-ui.css",
          "/swagger-ui-bundle.js", "swagger-ui-bundle.js",
          "/swagger-ui-standalone-preset.js", "swagger-ui-standalone-preset.js",
          "/favicon-32x32.png", "favicon-32x32.png");

  /**
   * Swagger UI draws with inline styles and data: images; scripts and everything else stay
   * same-origin.
   */
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private final String webjarRoot;

  DocsPage() {
    this.webjarRoot = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
  }

  /**
   * @return the response for a path under /docs, or null when the path is not one of the page's
   *     files
   */
  ApiResponse serve(String path) {
    String rest = path.substring(PREFIX.length());
    String own = OWN.get(rest.equals("/") ? "" : rest);
    String file =
        own != null ? own : WEBJAR.containsKey(rest) ? webjarRoot + WEBJAR.get(rest) : null;
    if (file == null) return null;
    byte[] bytes = read(file);
    if (bytes == null) return null;
    String type = contentType(file);
    Map<String, String> headers =
        Map.of(
            "content-type",
            type,
            "content-security-policy",
            CSP,
            "x-content-type-options",
            "nosniff",
            "cache-control",
            "no-cache");
    // The one binary file (the icon) goes as a binary response, the way a function answers with a
    // PDF.
    return type.startsWith("image/")
        ? ApiResponse.binary(200, headers, bytes)
        : new ApiResponse(200, headers, new String(bytes, StandardCharsets.UTF_8));
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) return "text/html; charset=utf-8";
    if (file.endsWith(".css")) return "text/css; charset=utf-8";
    if (file.endsWith(".js")) return "text/javascript; charset=utf-8";
    return "image/png";
  }

  private static byte[] read(String resource) {
    try (InputStream in = DocsPage.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The WebJar's version from its own Maven metadata, so the pom is the one place it is written.
   */
  private static String webjarVersion() {
    try (InputStream in =
        DocsPage.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) return "missing";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "missing");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
