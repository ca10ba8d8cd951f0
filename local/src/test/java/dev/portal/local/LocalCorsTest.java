package dev.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalCorsTest {

  /**
   * The list after {@code key:} in template.yaml's HttpApi CorsConfiguration, e.g. {@code
   * AllowMethods: [GET, POST]}.
   */
  private static List<String> templateList(String key) throws Exception {
    String template = Files.readString(Path.of("..", "template.yaml"));
    int cors = template.indexOf("CorsConfiguration:");
    assertTrue(cors > 0, "template.yaml has no CorsConfiguration");
    int at = template.indexOf(key + ":", cors);
    String line = template.substring(at, template.indexOf('\n', at));
    String inner = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
    return Arrays.stream(inner.split(",")).map(String::strip).toList();
  }

  @Test
  void answersWithTheTemplatesMethodsAndHeaders() throws Exception {
    assertEquals(templateList("AllowMethods"), LocalCors.ALLOW_METHODS);
    assertEquals(templateList("AllowHeaders"), LocalCors.ALLOW_HEADERS);
    assertEquals(templateList("ExposeHeaders"), LocalCors.EXPOSE_HEADERS);
  }

  /** The list after {@code key:} in {@code block}, quotes dropped: {@code [GET]}, {@code ['*']}. */
  private static List<String> listIn(String block, String key) {
    int at = block.indexOf(key + ":");
    assertTrue(at >= 0, key + " in " + block);
    String line = block.substring(at, block.indexOf('\n', at));
    String inner = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
    return Arrays.stream(inner.split(",")).map(x -> x.strip().replace("'", "")).toList();
  }

  @Test
  void theFilesBucketsRulesAreTheTemplates() throws Exception {
    String template = Files.readString(Path.of("..", "template.yaml"));
    int bucket = template.indexOf("\n  FilesBucket:\n");
    int rules = template.indexOf("CorsRules:", bucket);
    String block = template.substring(rules, template.indexOf("\n\n", rules));
    // Each rule starts with its methods: "- AllowedMethods: [...]".
    String[] each = block.split("- (?=AllowedMethods:)");
    assertEquals(3, each.length, block);
    List<software.amazon.awssdk.services.s3.model.CORSRule> local =
        FilesBucketCors.rules(Set.of("http://127.0.0.1:8081"));
    assertEquals(listIn(each[1], "AllowedMethods"), local.get(0).allowedMethods());
    assertEquals(listIn(each[1], "AllowedOrigins"), local.get(0).allowedOrigins());
    assertTrue(local.get(0).allowedHeaders().isEmpty());
    assertEquals(listIn(each[2], "AllowedMethods"), local.get(1).allowedMethods());
    assertEquals(listIn(each[2], "AllowedHeaders"), local.get(1).allowedHeaders());
    assertTrue(each[2].contains("MaxAge: " + local.get(1).maxAgeSeconds()), each[2]);
    assertEquals(List.of("http://127.0.0.1:8081"), local.get(1).allowedOrigins());
  }

  @Test
  void theStorageOriginIsTheS3EndpointTheSdkUses() {
    assertEquals(
        "http://127.0.0.1:4566",
        FilesBucketCors.storageOrigin(
            java.util.Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566/")));
    assertEquals(
        "http://localhost:9000",
        FilesBucketCors.storageOrigin(
            java.util.Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_S3", "http://localhost:9000")));
    assertNull(FilesBucketCors.storageOrigin(java.util.Map.of()));
  }

  @Test
  void preflightOfAnAllowedOriginIsAnsweredAndOthersGetNoHeaders() {
    LocalCors cors = LocalCors.parse(" http://127.0.0.1:8081/ , ,https://portal.example.com");
    assertEquals(Set.of("http://127.0.0.1:8081", "https://portal.example.com"), cors.origins());
    Headers ok = preflight(cors, "http://127.0.0.1:8081", "PATCH", "Authorization, Content-Type");
    assertEquals("http://127.0.0.1:8081", ok.getFirst("Access-Control-Allow-Origin"));
    assertTrue(ok.getFirst("Access-Control-Allow-Methods").contains("PATCH"));
    assertNull(
        preflight(cors, "http://evil.example", "GET", null)
            .getFirst("Access-Control-Allow-Origin"));
    assertNull(
        preflight(cors, "http://127.0.0.1:8081", "DELETE", null)
            .getFirst("Access-Control-Allow-Origin"));
    assertNull(
        preflight(cors, "http://127.0.0.1:8081", "GET", "x-secret")
            .getFirst("Access-Control-Allow-Origin"));
  }

  @Test
  void actualCallsEchoOnlyAnAllowedOriginAndExposeLocation() {
    LocalCors cors = LocalCors.parse("http://127.0.0.1:8081");
    Headers req = new Headers();
    req.set("Origin", "http://127.0.0.1:8081");
    Headers res = new Headers();
    cors.decorate(req, res);
    assertEquals("http://127.0.0.1:8081", res.getFirst("Access-Control-Allow-Origin"));
    assertEquals("location,x-request-id", res.getFirst("Access-Control-Expose-Headers"));
    req.set("Origin", "http://127.0.0.1:9999");
    Headers other = new Headers();
    cors.decorate(req, other);
    assertNull(other.getFirst("Access-Control-Allow-Origin"));
    Headers none = new Headers();
    LocalCors.none().decorate(req, none);
    assertNull(none.getFirst("Access-Control-Allow-Origin"));
  }

  private static Headers preflight(LocalCors cors, String origin, String method, String headers) {
    Headers req = new Headers();
    req.set("Origin", origin);
    req.set("Access-Control-Request-Method", method);
    if (headers != null) req.set("Access-Control-Request-Headers", headers);
    assertTrue(LocalCors.isPreflight("OPTIONS", req));
    Headers res = new Headers();
    cors.preflight(req, res);
    return res;
  }
}
