package dev.portal.it;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The repository's {@code openapi.yaml} as the tests read it: its operations, and any response
 * checked against the schema the document gives for that operation, status and media type
 * (json-schema-validator, OpenAPI 3.1 dialect). Test scope only: production code never reads the
 * document.
 */
final class OpenApi {
  /** Where the document is registered for {@code $ref} resolution; never fetched. */
  private static final String DOC_URI = "https://portal.invalid/openapi.json";

  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static OpenApi instance;

  final JsonNode doc;
  final List<Operation> operations;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /** "METHOD /path status" of every response checked in this JVM, for the coverage note. */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /**
   * One operation: its method (upper case), path template, node, and the extensions the checks
   * read.
   */
  record Operation(String method, String path, JsonNode node) {
    String key() {
      return method + " " + path;
    }

    boolean localOnly() {
      return node.path("x-local-only").asBoolean(false);
    }

    Set<String> roles() {
      Set<String> roles = new TreeSet<>();
      node.path("x-roles").values().forEach(r -> roles.add(r.asString()));
      return roles;
    }

    /**
     * Whether {@code rawPath} fits the template; a {@code {name}} segment matches one non-empty
     * segment.
     */
    boolean matches(String method, String rawPath) {
      if (!this.method.equalsIgnoreCase(method)) return false;
      String[] want = path.split("/", -1);
      String[] got = rawPath.split("/", -1);
      if (want.length != got.length) return false;
      for (int i = 0; i < want.length; i++) {
        boolean param = want[i].startsWith("{") && want[i].endsWith("}");
        if (param ? got[i].isEmpty() : !want[i].equals(got[i])) return false;
      }
      return true;
    }
  }

  private OpenApi(String yaml) {
    doc = new YAMLMapper().readTree(yaml);
    List<Operation> ops = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (METHODS.contains(op.getKey())) {
          ops.add(
              new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
        }
      }
    }
    operations = List.copyOf(ops);
    String json = new JsonMapper().writeValueAsString(doc);
    registry =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(),
            b ->
                b.schemas(Map.of(DOC_URI, json))
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  }

  static Path file() {
    String root = System.getProperty("portal.repo.root");
    Path file = Path.of(root == null ? ".." : root).resolve("openapi.yaml");
    if (!Files.isRegularFile(file)) file = Path.of("..", "openapi.yaml");
    return file.toAbsolutePath();
  }

  static synchronized OpenApi get() {
    if (instance == null) {
      try {
        instance = new OpenApi(Files.readString(file()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance::writeCoverage));
    }
    return instance;
  }

  Optional<Operation> find(String method, String rawPath) {
    // A literal segment wins over a template one, as a router would choose.
    return operations.stream()
        .filter(o -> o.matches(method, rawPath))
        .min(
            (a, b) ->
                Long.compare(
                    a.path.chars().filter(c -> c == '{').count(),
                    b.path.chars().filter(c -> c == '{').count()));
  }

  /** Fails the calling test when the response does not conform to the document. */
  void check(String method, String rawPath, int status, Map<String, String> headers, String body) {
    check(method, rawPath, null, null, status, headers, body);
  }

  /**
   * As above, and a 2xx must answer a JSON request body the document allows: the API accepting what
   * the document forbids is a disagreement too (the document would be stricter than the code).
   */
  void check(
      String method,
      String rawPath,
      String requestType,
      String requestBody,
      int status,
      Map<String, String> headers,
      String body) {
    List<String> problems = new ArrayList<>(problems(method, rawPath, status, headers, body));
    if (status / 100 == 2)
      problems.addAll(requestProblems(method, rawPath, requestType, requestBody));
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "the response to "
              + method
              + " "
              + rawPath
              + " ("
              + status
              + ") does not conform to"
              + " openapi.yaml:\n  "
              + String.join("\n  ", problems)
              + "\nbody: "
              + abbreviate(body));
    }
  }

  /**
   * What is wrong with one response by the document; empty when it conforms. Header names in any
   * case.
   */
  List<String> problems(
      String method, String rawPath, int status, Map<String, String> headers, String body) {
    Map<String, String> lower = new ConcurrentHashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    Optional<Operation> op = find(method, rawPath);
    if (op.isEmpty()) {
      // Unknown routes answer a problem document, whatever they are.
      if (status != 404)
        return List.of("no operation of openapi.yaml is " + method + " " + rawPath);
      return validate(DOC_URI + "#/components/schemas/Problem", body, "unknown route");
    }
    seen.add(op.get().key() + " " + status);
    String pointer =
        "/paths/"
            + escape(op.get().path)
            + "/"
            + op.get().method.toLowerCase(Locale.ROOT)
            + "/responses/"
            + status;
    JsonNode response = doc.at(pointer);
    if (response.isMissingNode())
      return List.of("status " + status + " is not documented for " + op.get().key());
    if (response.has("$ref")) {
      pointer = response.get("$ref").asString().substring(1);
      response = doc.at(pointer);
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> h : response.path("headers").properties()) {
      if (h.getValue().path("required").asBoolean(false)
          && !lower.containsKey(h.getKey().toLowerCase(Locale.ROOT))) {
        problems.add("the required header " + h.getKey() + " is missing");
      }
    }
    JsonNode content = response.path("content");
    boolean hasBody = body != null && !body.isEmpty();
    if (content.isMissingNode() || content.isEmpty()) {
      if (hasBody) problems.add("a body is sent where the document says none");
      return problems;
    }
    if (!hasBody) {
      problems.add("no body is sent where the document gives " + content.propertyNames());
      return problems;
    }
    String type =
        lower.getOrDefault("content-type", "").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    JsonNode media = content.path(type);
    if (media.isMissingNode()) {
      problems.add(
          "content-type '"
              + type
              + "' is not documented; the document gives "
              + content.propertyNames());
      return problems;
    }
    if (!type.endsWith("json")) return problems;
    JsonNode schema = media.path("schema");
    String ref = schema.path("$ref").asString(null);
    String inline =
        (pointer + "/content/" + escape(type) + "/schema").replace("{", "%7B").replace("}", "%7D");
    String location = DOC_URI + (ref != null ? ref : "#" + inline);
    problems.addAll(validate(location, body, op.get().key() + " " + status));
    return problems;
  }

  /**
   * What the document forbids in a JSON request body; empty for other bodies and undocumented
   * routes.
   */
  List<String> requestProblems(String method, String rawPath, String contentType, String body) {
    Optional<Operation> op = find(method, rawPath);
    if (op.isEmpty() || body == null || body.isEmpty() || contentType == null) return List.of();
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.endsWith("json")) return List.of();
    String ref =
        op.get()
            .node
            .path("requestBody")
            .path("content")
            .path("application/json")
            .path("schema")
            .path("$ref")
            .asString(null);
    if (ref == null) return List.of("no JSON request schema for " + op.get().key());
    List<String> problems = new ArrayList<>();
    for (String p : validate(DOC_URI + ref, body, op.get().key() + " request")) {
      problems.add("accepted, though the document forbids it: " + p);
    }
    return problems;
  }

  private List<String> validate(String location, String body, String what) {
    JsonNode instance;
    try {
      instance = new JsonMapper().readTree(body);
    } catch (RuntimeException e) {
      return List.of(what + ": the body is not JSON: " + e.getMessage());
    }
    Schema schema =
        schemas.computeIfAbsent(location, l -> registry.getSchema(SchemaLocation.of(l)));
    List<String> problems = new ArrayList<>();
    for (Error e : schema.validate(instance)) problems.add(what + ": " + e);
    return problems;
  }

  /** One JSON pointer token. */
  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
  }

  /**
   * Which documented (operation, status) pairs the tests saw, in target/; a note for people, not a
   * check.
   */
  private void writeCoverage() {
    Set<String> lines = new LinkedHashSet<>();
    for (Operation op : operations) {
      for (String status : op.node.path("responses").propertyNames()) {
        String key = op.key() + " " + status;
        lines.add((seen.contains(key) ? "seen     " : "not seen ") + key);
      }
    }
    try {
      Path out = Path.of("target", "openapi-responses-seen.txt");
      if (Files.isDirectory(out.getParent())) Files.write(out, lines);
    } catch (IOException e) {
      // a note only
    }
  }
}
