package dev.portal.shared.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Writes our wire shapes by hand through jackson-core's generator, the one Serde writes with, so
 * the bytes are Serde's (escaping, numbers) without Serde's registry and the introspection of every
 * view in the jar, which a cold start paid on its first response (bench/README.md, "Responses and
 * bodies without Serde").
 *
 * <p>A value is a {@link JsonView}, a string, a number of a JDK type, a boolean, null, or a map
 * with string keys or a collection of those. Anything else is {@link NotWritable}, and {@link
 * Json#write} leaves the whole value to Serde.
 */
public final class JsonOut {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** A value of a type this writer does not know. */
  static final class NotWritable extends RuntimeException {
    NotWritable(String what) {
      super("no hand-written JSON for " + what, null, false, false);
    }
  }

  private final JsonGenerator g;

  private JsonOut(JsonGenerator g) {
    this.g = g;
  }

  /**
   * The value as JSON text; {@link NotWritable} when part of it is not a known type. Written as
   * UTF-8 bytes and decoded, as Serde's path did, so a lone surrogate comes out as Serde wrote it
   * (the UTF-8 generator escapes it).
   */
  static String write(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
      new JsonOut(g).value(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  public JsonOut object() {
    try {
      g.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public JsonOut end() {
    try {
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public JsonOut field(String name, String value) {
    try {
      g.writeFieldName(name);
      if (value == null) g.writeNull();
      else g.writeString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public JsonOut field(String name, long value) {
    try {
      g.writeFieldName(name);
      g.writeNumber(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public JsonOut field(String name, boolean value) {
    try {
      g.writeFieldName(name);
      g.writeBoolean(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * The field only when it has a value: not null, not empty (Serde's default inclusion, which the
   * queue messages were written with).
   */
  public JsonOut nonEmpty(String name, String value) {
    return value == null || value.isEmpty() ? this : field(name, value);
  }

  /** The list only when it has an item (Serde's default inclusion). */
  public JsonOut nonEmpty(String name, Collection<?> value) {
    return value == null || value.isEmpty() ? this : field(name, value);
  }

  /** A nested view, list, map or boxed value; null is written as null. */
  public JsonOut field(String name, Object value) {
    try {
      g.writeFieldName(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return value(value);
  }

  /** Any value this writer knows, recursively. */
  public JsonOut value(Object value) {
    try {
      switch (value) {
        case null -> g.writeNull();
        case JsonView v -> v.writeJson(this);
        case String s -> g.writeString(s);
        case Boolean b -> g.writeBoolean(b);
        case Integer i -> g.writeNumber(i);
        case Long l -> g.writeNumber(l);
        case Short s -> g.writeNumber(s);
        case Byte b -> g.writeNumber(b);
        case Double d -> g.writeNumber(d);
        case Float f -> g.writeNumber(f);
        case BigDecimal d -> g.writeNumber(d);
        case BigInteger i -> g.writeNumber(i);
        case Map<?, ?> m -> map(m);
        case Collection<?> c -> {
          g.writeStartArray();
          for (Object item : c) value(item);
          g.writeEndArray();
        }
        default -> throw new NotWritable(value.getClass().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private void map(Map<?, ?> m) throws IOException {
    g.writeStartObject();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key))
        throw new NotWritable("a map key that is not a string");
      g.writeFieldName(key);
      value(e.getValue());
    }
    g.writeEndObject();
  }
}
