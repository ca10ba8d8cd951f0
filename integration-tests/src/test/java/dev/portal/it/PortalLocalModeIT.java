package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.DemoTenant;
import dev.portal.local.FilesBucketCors;
import dev.portal.local.Hs256;
import dev.portal.local.LocalCors;
import dev.portal.local.LocalMain;
import dev.portal.local.LocalServer;
import dev.portal.local.PortalSite;
import dev.portal.shared.store.DirectoryStore;
import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What local mode does for the browser portal, over HTTP: CORS for the portal's origin only
 * (preflights answered before any token, as API Gateway does), the demo users' tokens, and the app
 * served on its own origin with its CSP.
 */
class PortalLocalModeIT {
  private static final String PORTAL = "http://127.0.0.1:18081";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static LocalServer server;
  private static PortalSite site;
  @TempDir static Path temp;
  private static Path dist;

  @BeforeAll
  static void start() throws Exception {
    Backend api = Backend.get();
    DemoTenant.seed(api.context.getBean(DirectoryStore.class));
    server =
        new LocalServer(
            LocalMain.functions(api.context),
            new Hs256(LocalMain.DEFAULT_JWT_SECRET, api.json),
            api.json,
            0,
            null,
            new LocalCors(Set.of(PORTAL)),
            true);
    server.start();
    dist = Files.createDirectories(temp.resolve("dist"));
    Files.writeString(dist.resolve("index.html"), "<!doctype html><title>p</title>");
    Files.writeString(dist.resolve("app.js"), "console.log(1)");
    Files.writeString(temp.resolve("secret.txt"), "outside");
    site =
        new PortalSite(
                dist, api(""), FilesBucketCors.storageOrigin(System.getenv()), "Europe/Moscow", 0)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    site.close();
  }

  private static String api(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void preflightFromThePortalIsAnsweredWithoutATokenAndFromAnotherOriginGetsNoGrant()
      throws Exception {
    HttpResponse<String> ok =
        send(
            HttpRequest.newBuilder(URI.create(api("/v1/tickets/tk-1/comments")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization,content-type,idempotency-key"));
    assertEquals(204, ok.statusCode());
    assertEquals(PORTAL, ok.headers().firstValue("access-control-allow-origin").orElse(""));
    assertTrue(
        ok.headers()
            .firstValue("access-control-allow-headers")
            .orElse("")
            .contains("idempotency-key"));
    HttpResponse<String> other =
        send(
            HttpRequest.newBuilder(URI.create(api("/v1/tickets")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "GET"));
    assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
  }

  @Test
  void answersEvenProblemsCarryTheGrantSoTheBrowserCanReadThem() throws Exception {
    HttpResponse<String> unauthorized =
        send(HttpRequest.newBuilder(URI.create(api("/v1/tickets"))).header("Origin", PORTAL));
    assertEquals(401, unauthorized.statusCode());
    assertEquals(
        PORTAL, unauthorized.headers().firstValue("access-control-allow-origin").orElse(""));
    assertEquals(
        "location,x-request-id",
        unauthorized.headers().firstValue("access-control-expose-headers").orElse(""));
    HttpResponse<String> foreign =
        send(
            HttpRequest.newBuilder(URI.create(api("/v1/tickets")))
                .header("Origin", "http://evil.example"));
    assertTrue(foreign.headers().firstValue("access-control-allow-origin").isEmpty());
  }

  @Test
  void demoUsersComeWithTokensTheApiAccepts() throws Exception {
    HttpResponse<String> users =
        send(HttpRequest.newBuilder(URI.create(api("/local/demo-users"))).header("Origin", PORTAL));
    assertEquals(200, users.statusCode(), users.body());
    Map<String, String> headers = new LinkedHashMap<>();
    users.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
    OpenApi.get()
        .check("GET", "/local/demo-users", null, null, users.statusCode(), headers, users.body());
    JsonNode items =
        Backend.get().json.parse(users.body().getBytes(StandardCharsets.UTF_8)).get("items");
    assertEquals(DemoTenant.PEOPLE.size(), items.size());
    assertEquals("alice@globex.example", items.get(0).get("email").getStringValue());
    String agentToken = items.get(2).get("token").getStringValue();
    HttpResponse<String> list =
        send(
            HttpRequest.newBuilder(URI.create(api("/v1/tickets?limit=1")))
                .header("Authorization", "Bearer " + agentToken));
    assertEquals(200, list.statusCode(), list.body());
  }

  @Test
  void theDemoUsersRouteExistsOnlyWhereLocalModeTurnsItOn() throws Exception {
    Backend b = Backend.get();
    try (LocalServer plain =
        new LocalServer(
            LocalMain.functions(b.context),
            new Hs256(LocalMain.DEFAULT_JWT_SECRET, b.json),
            b.json,
            0)) {
      plain.start();
      HttpResponse<String> r =
          send(
              HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + plain.port() + "/local/demo-users")));
      assertEquals(404, r.statusCode());
    }
  }

  @Test
  void theAppIsServedWithItsCspAndConfigAndNothingOutsideItsFolder() throws Exception {
    String origin = site.origin();
    HttpResponse<String> index = send(HttpRequest.newBuilder(URI.create(origin + "/")));
    assertEquals(200, index.statusCode());
    String csp = index.headers().firstValue("content-security-policy").orElse("");
    assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
    // The API, and the emulator's S3 where presigned uploads go and downloads are redirected.
    assertTrue(
        csp.contains(
            "connect-src 'self' "
                + api("")
                + " "
                + FilesBucketCors.storageOrigin(System.getenv())
                + ";"),
        csp);
    assertEquals("nosniff", index.headers().firstValue("x-content-type-options").orElse(""));
    HttpResponse<String> config = send(HttpRequest.newBuilder(URI.create(origin + "/config.json")));
    JsonNode c = Backend.get().json.parse(config.body().getBytes(StandardCharsets.UTF_8));
    assertEquals(api(""), c.get("apiBase").getStringValue());
    assertTrue(c.get("localMode").getBooleanValue());
    assertEquals(
        "text/javascript; charset=utf-8",
        send(HttpRequest.newBuilder(URI.create(origin + "/app.js")))
            .headers()
            .firstValue("content-type")
            .orElse(""));
    HttpResponse<byte[]> escape =
        http.send(
            HttpRequest.newBuilder(URI.create(origin + "/%2e%2e/secret.txt")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(404, escape.statusCode());
    assertFalse(new String(escape.body(), StandardCharsets.UTF_8).contains("outside"));
    assertEquals(
        405,
        send(HttpRequest.newBuilder(URI.create(origin + "/"))
                .POST(HttpRequest.BodyPublishers.noBody()))
            .statusCode());
  }

  /**
   * Local mode's files bucket takes uploads from the portal: the browser's preflight for a
   * presigned PUT (to a key that does not exist yet, as every upload's is) is answered by moto
   * itself from the CORS rules local mode applied with PutBucketCors, for PORTAL_ORIGINS only.
   */
  @Test
  void theFilesBucketAnswersTheUploadPreflightOfThePortalOnly() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PORTAL_ORIGINS", PORTAL);
    env.put("FILES_BUCKET", "portal-files-cors-it");
    env.put("MAIL_BUCKET", "portal-mail-cors-it");
    LocalMain.createMailResources(env);
    String key =
        FilesBucketCors.storageOrigin(env)
            + "/portal-files-cors-it/uploads/demo/1/up_"
            + UUID.randomUUID();
    HttpResponse<String> ok =
        send(
            HttpRequest.newBuilder(URI.create(key))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type"));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(PORTAL, ok.headers().firstValue("access-control-allow-origin").orElse(""));
    assertEquals("PUT", ok.headers().firstValue("access-control-allow-methods").orElse(""));
    assertEquals(
        "content-type", ok.headers().firstValue("access-control-allow-headers").orElse(""));
    HttpResponse<String> other =
        send(
            HttpRequest.newBuilder(URI.create(key))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type"));
    assertEquals(403, other.statusCode(), "a preflight from another origin is refused");
  }

  /**
   * Where moto and AWS differ (docs/aws-behaviour.md): a bucket without any CORS configuration
   * grants moto's preflight to every origin, method and header, where S3 refuses it, and every
   * other answer carries moto's grant whatever the rules; so the browser tests would pass without
   * the rules, and the test above is what checks them. And moto refuses the preflight for a key
   * that exists (it judges the OPTIONS as an anonymous request on the object), where S3 answers
   * from the rules; every upload's key is new.
   */
  @Test
  void motoGrantsCorsWithoutRulesAndRefusesThePreflightOfAnExistingKey() throws Exception {
    String storage = FilesBucketCors.storageOrigin(System.getenv());
    try (S3Client s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .forcePathStyle(true)
            .build()) {
      if (s3.listBuckets().buckets().stream()
          .noneMatch(b -> b.name().equals("portal-files-nocors-it"))) {
        s3.createBucket(r -> r.bucket("portal-files-nocors-it"));
      }
      s3.putObject(
          r -> r.bucket("portal-files-nocors-it").key("existing"), RequestBody.fromString("x"));
    }
    HttpResponse<String> bare =
        send(
            HttpRequest.newBuilder(URI.create(storage + "/portal-files-nocors-it/new-key"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type"));
    assertEquals(200, bare.statusCode(), "moto grants a preflight on a bucket without CORS");
    assertEquals(
        "http://evil.example", bare.headers().firstValue("access-control-allow-origin").orElse(""));
    HttpResponse<String> get =
        send(
            HttpRequest.newBuilder(URI.create(storage + "/portal-files-nocors-it/new-key"))
                .header("Origin", "http://evil.example"));
    assertEquals(
        "http://evil.example", get.headers().firstValue("access-control-allow-origin").orElse(""));
    HttpResponse<String> existing =
        send(
            HttpRequest.newBuilder(URI.create(storage + "/portal-files-nocors-it/existing"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PORTAL)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type"));
    assertEquals(403, existing.statusCode(), "moto refuses the preflight of an existing key");
  }
}
