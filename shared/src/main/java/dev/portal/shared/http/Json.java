package dev.portal.shared.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.portal.shared.error.PortalException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * JSON in and out. Request bodies are read into a tree by jackson-core's streaming parser, held to
 * strict JSON: one value, each key once per object, at most {@link #MAX_DEPTH} levels deep. Our
 * views, webhook bodies and queue messages are written by {@link JsonOut}; Micronaut Serde
 * (compile-time serializers, no reflection) writes any other type (local mode's records).
 */
public final class Json {
  /** Deeper bodies are refused: no request needs more, and readers of the tree recurse. */
  public static final int MAX_DEPTH = 32;

  /**
   * jackson-core, the parser under Serde, for one streaming pass over the bytes that refuses a key
   * given twice in one object (Serde would keep the last, so what we check and what a later reader
   * sees could differ) and, with the check after the value, anything that follows it.
   */
  private static final JsonFactory STRICT =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Supplier<JsonMapper> mappers;

  public Json(JsonMapper mapper) {
    this(() -> mapper);
  }

  /**
   * Serde's mapper asked for on first use: a function that writes only what {@link JsonOut} knows
   * never builds Serde's registry (most of its classes at a cold start).
   */
  public Json(Supplier<JsonMapper> mappers) {
    this.mappers = mappers;
  }

  /**
   * The request body as a tree; malformed JSON is a 400 naming the body. One pass of jackson-core's
   * parser, linear in the body, nothing recursive: the tree is built as the strict checks run, so
   * reading a body needs no Serde (its registry was most of a writer's first-call classes).
   */
  public JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) throw required();
    try (JsonParser p = STRICT.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) throw required();
      JsonNode node = tree(p, t);
      boolean more;
      try {
        more = p.nextToken() != null;
      } catch (JsonProcessingException e) {
        more = true; // not even a token: garbage after the value
      }
      if (more) throw new PortalException.Invalid("body", "has more after the JSON value");
      if (node.isNull()) throw required();
      return node;
    } catch (IOException e) {
      throw malformed();
    }
  }

  /** An object or array being filled, and for an object the name of the value that comes next. */
  private static final class Open {
    final Map<String, JsonNode> fields;
    final List<JsonNode> items;
    String name;

    Open(boolean object) {
      fields = object ? new LinkedHashMap<>() : null;
      items = object ? null : new ArrayList<>();
    }
  }

  /**
   * The value starting at {@code t}, as Serde's decoder builds it (numbers as jackson-core reads
   * them: int, long, BigInteger or double), with at most {@link #MAX_DEPTH} containers open.
   */
  private static JsonNode tree(JsonParser p, JsonToken t) throws IOException {
    ArrayDeque<Open> open = new ArrayDeque<>();
    while (true) {
      JsonNode done =
          switch (t) {
            case START_OBJECT, START_ARRAY -> {
              if (open.size() == MAX_DEPTH) {
                throw new PortalException.Invalid(
                    "body", "nests deeper than " + MAX_DEPTH + " levels");
              }
              open.push(new Open(t == JsonToken.START_OBJECT));
              yield null;
            }
            case FIELD_NAME -> {
              open.peek().name = p.currentName();
              yield null;
            }
            case END_OBJECT -> JsonNode.createObjectNode(open.pop().fields);
            case END_ARRAY -> JsonNode.createArrayNode(open.pop().items);
            case VALUE_STRING -> JsonNode.createStringNode(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p.getNumberValue());
            case VALUE_TRUE -> JsonNode.createBooleanNode(true);
            case VALUE_FALSE -> JsonNode.createBooleanNode(false);
            case VALUE_NULL -> JsonNode.nullNode();
            default -> throw malformed();
          };
      if (done != null) {
        Open into = open.peek();
        if (into == null) return done;
        if (into.fields != null) into.fields.put(into.name, done);
        else into.items.add(done);
      }
      t = p.nextToken();
      if (t == null) throw malformed();
    }
  }

  private static JsonNode number(Number n) {
    return switch (n) {
      case Integer i -> JsonNode.createNumberNode(i.intValue());
      case Long l -> JsonNode.createNumberNode(l.longValue());
      case Double d -> JsonNode.createNumberNode(d.doubleValue());
      case Float f -> JsonNode.createNumberNode(f.floatValue());
      case BigInteger i -> JsonNode.createNumberNode(i);
      case BigDecimal d -> JsonNode.createNumberNode(d);
      default -> JsonNode.createNumberNode(new BigDecimal(n.toString())); // none jackson-core gives
    };
  }

  private static PortalException required() {
    return new PortalException.Invalid("body", "is required: a JSON object");
  }

  private static PortalException malformed() {
    // jackson-core reports a repeated key like any other syntax error, so the message names both.
    return new PortalException.Invalid(
        "body", "is not valid JSON, or gives a key twice in one object");
  }

  /**
   * Views, strings, numbers, booleans and maps and lists of them are written by {@link JsonOut};
   * any other type by Serde.
   */
  public String write(Object value) {
    try {
      return JsonOut.write(value);
    } catch (JsonOut.NotWritable e) {
      // A type Serde knows and JsonOut does not (local mode's records).
    }
    try {
      return new String(mappers.get().writeValueAsBytes(value), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
