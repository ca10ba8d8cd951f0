package dev.portal.shared.http;

import dev.portal.shared.error.PortalException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON in and out through Micronaut Serde (compile-time serializers, no reflection). */
public final class Json {
  private static final Argument<JsonNode> TREE = Argument.of(JsonNode.class);
  private final JsonMapper mapper;

  public Json(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /** The request body as a tree; malformed JSON is a 400 naming the body. */
  public JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) throw new PortalException.Invalid("body", "is required: a JSON object");
    try {
      JsonNode node = mapper.readValue(body, TREE);
      if (node == null) throw new PortalException.Invalid("body", "is required: a JSON object");
      return node;
    } catch (IOException | RuntimeException e) {
      if (e instanceof PortalException p) throw p;
      throw new PortalException.Invalid("body", "is not valid JSON");
    }
  }

  public String write(Object value) {
    try {
      return new String(mapper.writeValueAsBytes(value), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json.getBytes(StandardCharsets.UTF_8), Argument.of(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
