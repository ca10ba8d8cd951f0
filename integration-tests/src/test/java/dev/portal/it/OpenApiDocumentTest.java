package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BooleanNode;

/**
 * openapi.yaml on its own and against template.yaml: no emulator needed. The comparison with the
 * functions' own routes needs their context and runs in {@link OpenApiRoutesIT}.
 */
class OpenApiDocumentTest {
  private final OpenApi api = OpenApi.get();

  @Test
  void documentIsValidOpenApi31() throws Exception {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser().readContents(Files.readString(OpenApi.file()), null, options);
    assertEquals(List.of(), result.getMessages(), "swagger-parser's messages about openapi.yaml");
    assertEquals(SpecVersion.V31, result.getOpenAPI().getSpecVersion());
    assertTrue(
        result.getOpenAPI().getOpenapi().startsWith("3.1."), result.getOpenAPI().getOpenapi());
  }

  @Test
  void templateDeclaresEveryDeployedOperationOfTheDocumentAndNoOther() {
    Set<String> deployed = new TreeSet<>();
    for (OpenApi.Operation op : api.operations) if (!op.localOnly()) deployed.add(op.key());
    Set<String> template = new TreeSet<>();
    RouteAgreement.templateRoutes().values().forEach(template::addAll);
    assertEquals(
        List.of(), RouteAgreement.differences("openapi.yaml", deployed, "template.yaml", template));
  }

  @Test
  void aRouteAddedInCodeOnlyIsNamed() {
    Set<String> documented = Set.of("GET /v1/tickets", "POST /v1/tickets");
    Set<String> code = Set.of("GET /v1/tickets", "POST /v1/tickets", "DELETE /v1/tickets/{id}");
    assertEquals(
        List.of("DELETE /v1/tickets/{id}: in the functions, not in openapi.yaml"),
        RouteAgreement.differences("the functions", code, "openapi.yaml", documented));
  }

  /** The harness's check is not vacuous: each kind of departure from the document is named. */
  @Test
  void responseCheckNamesWhatTheDocumentForbids() {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    String mailbox =
        "{\"address\":\"support@demo.example\",\"createdAt\":\"2026-03-02T09:15:00.000Z\"}";
    assertEquals(List.of(), api.problems("POST", "/v1/mailboxes", 201, json, mailbox));
    assertFalse(
        api.problems("POST", "/v1/mailboxes", 201, json, mailbox.replace("}", ",\"extra\":1}"))
            .isEmpty(),
        "an undocumented member");
    assertFalse(
        api.problems(
                "POST",
                "/v1/mailboxes",
                201,
                json,
                mailbox.replace("2026-03-02T09:15:00.000Z", "yesterday"))
            .isEmpty(),
        "a date-time that is none");
    assertFalse(
        api.problems("POST", "/v1/mailboxes", 201, json, "{\"address\":\"a@b.example\"}").isEmpty(),
        "a missing member");
    assertFalse(
        api.problems("POST", "/v1/mailboxes", 202, json, mailbox).isEmpty(),
        "an undocumented status");
    assertFalse(
        api.problems("POST", "/v1/mailboxes", 201, Map.of("content-type", "text/plain"), mailbox)
            .isEmpty(),
        "an undocumented media type");
    assertFalse(
        api.problems("DELETE", "/v1/mailboxes", 200, json, mailbox).isEmpty(),
        "an undocumented operation");
    assertFalse(
        api.problems("GET", "/v1/tickets/tk-1-abcdefghij/attachments/a1", 302, Map.of(), null)
            .isEmpty(),
        "a redirect without its Location");
    String problem =
        "{\"type\":\"urn:portal:problem:not-found\",\"title\":\"Not found\",\"status\":404,"
            + "\"detail\":\"no route\",\"errors\":[],\"requestId\":\"r1\"}";
    Map<String, String> problemJson = Map.of("content-type", "application/problem+json");
    assertEquals(List.of(), api.problems("GET", "/v2/anything", 404, problemJson, problem));
    assertFalse(
        api.problems("GET", "/v2/anything", 404, problemJson, "{}").isEmpty(),
        "an unknown route's body");
    String request = "{\"address\":\"a@b.example\"}";
    assertEquals(
        List.of(), api.requestProblems("POST", "/v1/mailboxes", "application/json", request));
    assertFalse(
        api.requestProblems(
                "POST", "/v1/mailboxes", "application/json", request.replace("}", ",\"x\":1}"))
            .isEmpty(),
        "a request member the document does not know");
  }

  @Test
  void everyOperationSaysWhoMayCallItOrThatItIsLocalOnly() {
    Set<String> roles = Set.of("client", "client_admin", "agent", "admin", "platform_admin");
    for (OpenApi.Operation op : api.operations) {
      if (op.localOnly()) {
        assertEquals(
            0, op.node().path("security").size(), op.key() + ": local-only routes take no token");
        assertFalse(op.path().startsWith("/v1/"), op.key() + ": /v1 is the deployed API");
      } else {
        assertFalse(op.roles().isEmpty(), op.key() + ": x-roles");
        assertTrue(roles.containsAll(op.roles()), op.key() + ": x-roles " + op.roles());
      }
    }
  }

  /** The API refuses unknown members, so every object a request body may hold says so. */
  @Test
  void requestSchemasRefuseUnknownMembers() {
    List<String> open = new ArrayList<>();
    for (OpenApi.Operation op : api.operations) {
      for (Map.Entry<String, JsonNode> media :
          op.node().path("requestBody").path("content").properties()) {
        if (media.getKey().endsWith("json")) {
          collectOpenObjects(media.getValue().path("schema"), op.key(), open, new HashSet<>());
        }
      }
    }
    assertEquals(
        List.of(), open, "request schemas of type object without additionalProperties: false");
  }

  private void collectOpenObjects(
      JsonNode schema, String where, List<String> open, Set<String> visited) {
    if (!schema.isObject()) return;
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asString();
      if (visited.add(ref)) collectOpenObjects(api.doc.at(ref.substring(1)), ref, open, visited);
      return;
    }
    boolean object =
        schema.path("type").asString("").equals("object")
            || schema.path("type").values().stream().anyMatch(t -> t.asString().equals("object"));
    if (object && !schema.path("additionalProperties").equals(BooleanNode.FALSE)) open.add(where);
    for (JsonNode p : schema.path("properties").values())
      collectOpenObjects(p, where, open, visited);
    collectOpenObjects(schema.path("items"), where + "[]", open, visited);
    for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
      for (JsonNode s : schema.path(combinator).values())
        collectOpenObjects(s, where, open, visited);
    }
  }

  /**
   * Every example in the document conforms to the schema beside it: examples are the first thing
   * people copy.
   */
  @Test
  void everyExampleConformsToItsSchema() {
    SchemaRegistry registry =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(),
            b ->
                b.schemas(
                    Map.of(
                        "https://portal.invalid/openapi.json",
                        new JsonMapper().writeValueAsString(api.doc))));
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (OpenApi.Operation op : api.operations) {
      List<JsonNode> media = new ArrayList<>();
      op.node().path("requestBody").path("content").values().forEach(media::add);
      for (JsonNode response : op.node().path("responses").values()) {
        JsonNode r =
            response.has("$ref")
                ? api.doc.at(response.get("$ref").asString().substring(1))
                : response;
        r.path("content").values().forEach(media::add);
      }
      for (JsonNode m : media) {
        String ref = m.path("schema").path("$ref").asString(null);
        if (ref == null) continue;
        List<JsonNode> examples = new ArrayList<>();
        if (m.has("example")) examples.add(m.get("example"));
        for (JsonNode e : m.path("examples").values()) {
          JsonNode ex = e.has("$ref") ? api.doc.at(e.get("$ref").asString().substring(1)) : e;
          examples.add(ex.get("value"));
        }
        for (JsonNode example : examples) {
          checked++;
          for (Error e :
              registry
                  .getSchema(SchemaLocation.of("https://portal.invalid/openapi.json" + ref))
                  .validate(example)) {
            problems.add(op.key() + " " + ref + ": " + e);
          }
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(checked >= 10, "examples checked: " + checked);
  }
}
