package dev.portal.shared.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.portal.shared.error.PortalException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * JSON in and out through Micronaut Serde (compile-time serializers, no reflection). Bodies from
 * outside are held to strict JSON first: one value, each key once per object, at most {@link
 * #MAX_DEPTH} levels deep.
 */
public final class Json {
  /**
   * Deeper bodies are refused before any tree is built: no request needs more, and tree building
   * recurses.
   */
  public static final int MAX_DEPTH = 32;

  private static final Argument<JsonNode> TREE = Argument.of(JsonNode.class);

  /**
   * jackson-core, the parser under Serde, for one streaming pass over the bytes. Serde reads the
   * first value and ignores what follows, and keeps the last of two equal keys (so what we check
   * and what a later reader sees could differ); it can be configured for duplicate keys but not for
   * trailing content, so the pass does both.
   */
  private static final JsonFactory STRICT =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Supplier<JsonMapper> mappers;
  private volatile JsonMapper mapper;

  public Json(JsonMapper mapper) {
    this(() -> mapper);
  }

  /**
   * Serde's mapper asked for on first use: a function that only answers with {@link JsonView}s and
   * reads no body never builds Serde's registry (most of its classes at a cold start).
   */
  public Json(Supplier<JsonMapper> mappers) {
    this.mappers = mappers;
  }

  private JsonMapper mapper() {
    JsonMapper m = mapper;
    if (m == null) mapper = m = mappers.get();
    return m;
  }

  /** The request body as a tree; malformed JSON is a 400 naming the body. */
  public JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) throw required();
    requireOneStrictValue(body);
    try {
      JsonNode node = mapper().readValue(body, TREE);
      if (node == null) throw required();
      return node;
    } catch (IOException | RuntimeException e) {
      if (e instanceof PortalException p) throw p;
      throw new PortalException.Invalid("body", "is not valid JSON");
    }
  }

  /**
   * Linear in the body: one token at a time, a hash set of keys per open object, nothing recursive.
   */
  private static void requireOneStrictValue(byte[] body) {
    try (JsonParser p = STRICT.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) throw required();
      int depth = 0;
      while (true) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          if (++depth > MAX_DEPTH) {
            throw new PortalException.Invalid("body", "nests deeper than " + MAX_DEPTH + " levels");
          }
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
        if (depth == 0) break;
        t = p.nextToken();
        if (t == null) throw malformed();
      }
      boolean more;
      try {
        more = p.nextToken() != null;
      } catch (JsonProcessingException e) {
        more = true; // not even a token: garbage after the value
      }
      if (more) throw new PortalException.Invalid("body", "has more after the JSON value");
    } catch (IOException e) {
      throw malformed();
    }
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
      // Webhook payloads and queued mail: records Serde knows and JsonOut does not.
    }
    try {
      return new String(mapper().writeValueAsBytes(value), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public <T> T read(String json, Class<T> type) {
    try {
      return mapper().readValue(json.getBytes(StandardCharsets.UTF_8), Argument.of(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
