package dev.portal.shared.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * Writes our wire shapes by hand into a string, with the bytes jackson-core's UTF-8 generator (the
 * one Serde writes with) gives them: its escaping (the short escapes, {@code \\u00XX} for the other
 * control characters, every surrogate as {@code \\uXXXX}, upper-case hex) and its numbers
 * (non-finite ones quoted). Neither Serde's registry and introspection, which a cold start paid on
 * its first response (bench/README.md, "Responses and bodies without Serde"), nor a generator, its
 * buffers and a UTF-8 round trip per response, which were a sixth of a warm read's own work. {@code
 * JsonViewsTest} holds every view to Serde's bytes, {@code JsonOutProperties} any value to the
 * generator's.
 *
 * <p>A value is a {@link JsonView}, a string, a number of a JDK type, a boolean, null, or a map
 * with string keys or a collection of those. Anything else is {@link NotWritable}, and {@link
 * Json#write} leaves the whole value to Serde.
 */
public final class JsonOut {
  /** jackson-core's default nesting limit ({@code StreamWriteConstraints}), kept. */
  static final int MAX_DEPTH = 1000;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** A value of a type this writer does not know. */
  static final class NotWritable extends RuntimeException {
    NotWritable(String what) {
      super("no hand-written JSON for " + what, null, false, false);
    }
  }

  private final StringBuilder b = new StringBuilder(512);

  /**
   * Per open container (index 0: the root): whether it is an object, and whether it has a value.
   */
  private boolean[] object = new boolean[16];

  private boolean[] filled = new boolean[16];
  private int depth;

  /** A field name was written, its value is next. */
  private boolean named;

  private JsonOut() {}

  /** The value as JSON text; {@link NotWritable} when part of it is not a known type. */
  static String write(Object value) {
    JsonOut out = new JsonOut();
    out.value(value);
    if (out.depth != 0) throw new IllegalStateException("a view left an object open");
    return out.b.toString();
  }

  public JsonOut object() {
    beforeValue();
    b.append('{');
    open(true);
    return this;
  }

  public JsonOut end() {
    if (depth == 0 || !object[depth] || named)
      throw new IllegalStateException("no object to end here");
    b.append('}');
    depth--;
    return this;
  }

  public JsonOut field(String name, String value) {
    name(name);
    if (value == null) scalar("null");
    else {
      beforeValue();
      string(value);
    }
    return this;
  }

  public JsonOut field(String name, long value) {
    name(name);
    beforeValue();
    b.append(value);
    return this;
  }

  public JsonOut field(String name, boolean value) {
    name(name);
    scalar(value ? "true" : "false");
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
    name(name);
    return value(value);
  }

  /** Any value this writer knows, recursively. */
  public JsonOut value(Object value) {
    switch (value) {
      case null -> scalar("null");
      case JsonView v -> v.writeJson(this);
      case String s -> {
        beforeValue();
        string(s);
      }
      case Boolean bool -> scalar(bool ? "true" : "false");
      case Integer i -> number(Integer.toString(i));
      case Long l -> number(Long.toString(l));
      case Short s -> number(Short.toString(s));
      case Byte by -> number(Byte.toString(by));
      case Double d -> {
        if (d.isNaN() || d.isInfinite()) value(d.toString());
        else number(d.toString());
      }
      case Float f -> {
        if (f.isNaN() || f.isInfinite()) value(f.toString());
        else number(f.toString());
      }
      case BigDecimal d -> number(d.toString());
      case BigInteger i -> number(i.toString());
      case Map<?, ?> m -> map(m);
      case Collection<?> c -> {
        beforeValue();
        b.append('[');
        open(false);
        for (Object item : c) value(item);
        b.append(']');
        depth--;
      }
      default -> throw new NotWritable(value.getClass().getName());
    }
    return this;
  }

  private void map(Map<?, ?> m) {
    object();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key))
        throw new NotWritable("a map key that is not a string");
      name(key);
      value(e.getValue());
    }
    end();
  }

  private void open(boolean isObject) {
    if (++depth > MAX_DEPTH)
      throw new UncheckedIOException(
          new IOException("nesting deeper than " + MAX_DEPTH + " levels"));
    if (depth == object.length) {
      object = Arrays.copyOf(object, depth * 2);
      filled = Arrays.copyOf(filled, depth * 2);
    }
    object[depth] = isObject;
    filled[depth] = false;
  }

  private void name(String name) {
    if (named) throw new IllegalStateException("a field name where a value was due: " + name);
    if (depth == 0 || !object[depth])
      throw new IllegalStateException("a field name outside an object: " + name);
    if (filled[depth]) b.append(',');
    filled[depth] = true;
    string(name);
    b.append(':');
    named = true;
  }

  /** The comma before a value in an array; in an object the name placed it. */
  private void beforeValue() {
    if (named) {
      named = false;
      return;
    }
    if (depth == 0) {
      if (!b.isEmpty()) throw new IllegalStateException("a second value at the root");
      return;
    }
    if (object[depth]) throw new IllegalStateException("a value without a field name");
    if (filled[depth]) b.append(',');
    filled[depth] = true;
  }

  private void scalar(String literal) {
    beforeValue();
    b.append(literal);
  }

  private void number(String digits) {
    beforeValue();
    b.append(digits);
  }

  private void string(String s) {
    b.append('"');
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) continue;
      b.append(s, from, i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\f' -> b.append("\\f");
        case '\r' -> b.append("\\r");
        default ->
            b.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
      }
      from = i + 1;
    }
    b.append(s, from, s.length()).append('"');
  }
}
