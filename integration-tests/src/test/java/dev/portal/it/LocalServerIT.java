package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.DemoTenant;
import dev.portal.local.Hs256;
import dev.portal.local.LocalMain;
import dev.portal.local.LocalServer;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Local mode end to end: a real HTTP server on 127.0.0.1, HS256 tokens, the seeded demo tenant. */
class LocalServerIT {
  private static final String SECRET = LocalMain.DEFAULT_JWT_SECRET;
  private static LocalServer server;
  private static Hs256 tokens;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Backend api = Backend.get();
    DemoTenant.seed(
        api.context.getBean(DirectoryStore.class),
        api.context.getBean(dev.portal.shared.service.MembershipService.class));
    tokens = new Hs256(SECRET, api.json);
    server = new LocalServer(LocalMain.functions(api.context), tokens, api.json, 0);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthAnswersWithoutAToken() throws Exception {
    assertEquals(200, send("GET", "/health", null, null).statusCode());
  }

  @Test
  void servesTheRepositorysOpenApiDocumentWithoutAToken() throws Exception {
    HttpResponse<String> doc = send("GET", "/openapi.yaml", null, null);
    assertEquals(200, doc.statusCode());
    assertEquals(java.nio.file.Files.readString(OpenApi.file()), doc.body());
  }

  @Test
  void servesTheApiReferencePageWithItsScriptsFromTheJarAndNothingElse() throws Exception {
    HttpResponse<String> page = send("GET", "/docs", null, null);
    assertEquals(200, page.statusCode());
    String csp = page.headers().firstValue("content-security-policy").orElse("");
    assertTrue(csp.contains("script-src 'self';"), csp);
    java.util.regex.Matcher src =
        java.util.regex.Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page.body());
    List<String> assets = new java.util.ArrayList<>();
    while (src.find()) assets.add(src.group(1));
    assertEquals(
        List.of(
            "/docs/favicon-32x32.png",
            "/docs/swagger-ui.css",
            "/docs/swagger-ui-bundle.js",
            "/docs/swagger-ui-standalone-preset.js",
            "/docs/init.js"),
        assets);
    assertTrue(!page.body().contains("<script>"), "no inline script: " + page.body());
    for (String asset : assets) {
      HttpResponse<byte[]> file = raw(asset);
      assertEquals(200, file.statusCode(), asset);
      assertTrue(file.body().length > 0, asset);
    }
    assertTrue(
        new String(raw("/docs/init.js").body(), java.nio.charset.StandardCharsets.UTF_8)
            .contains("\"/openapi.yaml\""));
    byte[] png = raw("/docs/favicon-32x32.png").body();
    assertEquals(0x89, png[0] & 0xff, "the icon arrives as PNG bytes, not base64");
    for (String other :
        List.of(
            "/docs/swagger-ui.js",
            "/docs/../META-INF/MANIFEST.MF",
            "/docs/%2e%2e/openapi.yaml",
            "/docs/index.html",
            "/docsx")) {
      assertEquals(404, raw(other).statusCode(), other);
    }
  }

  private static HttpResponse<byte[]> raw(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void demoClientCreatesAndListsTicketsWithAPrintedStyleToken() throws Exception {
    DemoTenant.Person alice = DemoTenant.PEOPLE.getFirst();
    String token =
        tokens.token(
            DemoTenant.TENANT,
            alice.sub(),
            alice.email(),
            alice.name(),
            alice.clientId(),
            alice.roles(),
            1);
    HttpResponse<String> created =
        send("POST", "/v1/tickets", token, "{\"subject\":\"Local\",\"description\":\"via HTTP\"}");
    assertEquals(201, created.statusCode(), created.body());
    assertTrue(created.body().contains("\"number\":\"DEMO-"), created.body());
    assertTrue(created.headers().firstValue("location").orElse("").startsWith("/v1/tickets/tk-"));
    HttpResponse<String> list = send("GET", "/v1/tickets?limit=100", token, null);
    assertEquals(200, list.statusCode(), list.body());
    // The list shows the new ticket (by its id; a list item has no description: TicketSummary).
    String location = created.headers().firstValue("location").orElseThrow();
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertTrue(list.body().contains("\"id\":\"" + id + "\""), list.body());
  }

  @Test
  void badTokensAre401AndUnknownRoutes404() throws Exception {
    assertEquals(401, send("GET", "/v1/tickets", null, null).statusCode());
    assertEquals(401, send("GET", "/v1/tickets", "not.a.token", null).statusCode());
    Hs256 forged = new Hs256("another-secret-that-is-long-enough-0123456789", Backend.get().json);
    assertEquals(
        401,
        send(
                "GET",
                "/v1/tickets",
                forged.token("demo", "u", "a@b.example", "A", "cli_globex", List.of("client"), 1),
                null)
            .statusCode());
    Map<String, Object> expired = new LinkedHashMap<>();
    expired.put("sub", "u-agent");
    expired.put("tenant_id", "demo");
    expired.put("roles", List.of("agent"));
    expired.put("exp", Instant.now().getEpochSecond() - 10);
    assertEquals(401, send("GET", "/v1/tickets", tokens.sign(expired), null).statusCode());
    HttpResponse<String> unknown = send("GET", "/v2/anything", null, null);
    assertEquals(404, unknown.statusCode());
    assertEquals(
        "application/problem+json", unknown.headers().firstValue("content-type").orElse(""));
  }

  @Test
  void demoContractGivesTicketsSlaClocksAndAPdfTravelsThroughTheLocalServer() throws Exception {
    DemoTenant.seedContract(Backend.get().context.getBean(ContractStore.class));
    DemoTenant.seedContract(
        Backend.get().context.getBean(ContractStore.class)); // a second run changes nothing
    String alice = token(DemoTenant.PEOPLE.get(0));
    String bob = token(DemoTenant.PEOPLE.get(1));
    String agent = token(DemoTenant.PEOPLE.get(2));
    HttpResponse<String> ticket =
        send("POST", "/v1/tickets", alice, "{\"subject\":\"SLA\",\"description\":\"clock\"}");
    assertEquals(201, ticket.statusCode(), ticket.body());
    assertTrue(ticket.body().contains("\"contractId\":\"ct_demo_globex\""), ticket.body());
    assertTrue(ticket.body().contains("\"state\":\"on_track\""), ticket.body());

    HttpResponse<String> invoice =
        send(
            "POST",
            "/v1/invoices",
            agent,
            "{\"clientId\":\"cli_globex\","
                + "\"issuedOn\":\"2026-01-01\",\"dueOn\":\"2026-01-31\",\"currency\":\"EUR\","
                + "\"lines\":[{\"description\":\"Visit\",\"quantity\":1,\"unitPriceMinor\":100}]}");
    assertEquals(201, invoice.statusCode(), invoice.body());
    String location = invoice.headers().firstValue("location").orElseThrow();
    byte[] pdf =
        "%PDF-1.4\n\u00e4\u00ff binary \u0000 bytes\n%%EOF"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + location + "/pdf"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf))
                .header("Authorization", "Bearer " + agent)
                .header("Content-Type", "application/pdf")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, put.statusCode(), put.body());
    OpenApi.get()
        .check(
            "PUT",
            location + "/pdf",
            put.statusCode(),
            Map.of("content-type", put.headers().firstValue("content-type").orElse("")),
            put.body());
    HttpResponse<String> read = send("GET", location, bob, null);
    assertEquals(200, read.statusCode(), read.body());
    Matcher url = Pattern.compile("\"pdfUrl\":\"([^\"]+)\"").matcher(read.body());
    assertTrue(url.find(), read.body());
    HttpResponse<byte[]> file =
        http.send(
            HttpRequest.newBuilder(URI.create(url.group(1).replace("\\u0026", "&"))).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, file.statusCode());
    assertArrayEquals(pdf, file.body(), "binary bytes survive the local server's base64 event");
    assertEquals(
        403,
        send("GET", location, alice, null).statusCode(),
        "a plain client may not read invoices");
  }

  private static String token(DemoTenant.Person p) {
    return tokens.token(
        DemoTenant.TENANT, p.sub(), p.email(), p.name(), p.clientId(), p.roles(), 1);
  }

  private static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  private static HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (body != null) b.header("Content-Type", "application/json");
    HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
    OpenApi.get()
        .check(
            method,
            URI.create(path).getRawPath(),
            body == null ? null : "application/json",
            body,
            response.statusCode(),
            headers,
            response.body());
    return response;
  }
}
