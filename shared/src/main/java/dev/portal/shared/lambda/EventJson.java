package dev.portal.shared.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jackson-core's streaming parser over the events Lambda hands our functions, one token at a time
 * into the aws-lambda-java-events types by hand: no databind, no reflection, none of the runtime's
 * own Jackson (about 700 classes at a cold start). Linear in the event's bytes.
 *
 * <p>The rules a reader follows, as the runtime's mapping did them: fields it does not know are
 * skipped whatever they hold; a string field takes a JSON string, number or boolean as its text
 * (API Gateway sends JWT claims as strings, but a number read as text loses nothing); {@code null}
 * is an absent field. Stricter than it: an event larger than Lambda's invocation payload, nested
 * deeper than its source ever sends, a key twice in one object, or anything after the value is
 * {@link MalformedEvent}.
 */
public final class EventJson {
  /**
   * Lambda's quota for a synchronous invocation's payload (API Gateway's and an SQS batch's): the
   * runtime never hands over more, so more is not an event.
   */
  public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;

  private static final JsonFactory OUT = new JsonFactory();

  private EventJson() {}

  /** A factory for one kind of event: its nesting limit, the size limit, strict keys. */
  static JsonFactory factory(int maxDepth) {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxDocumentLength(MAX_EVENT_BYTES)
                .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /** Reads one value of what a reader knows; the parser is on the value's first token. */
  @FunctionalInterface
  interface ValueReader<T> {
    T read(JsonParser p) throws IOException, MalformedEvent;
  }

  /** Reads one field's value into the object being filled; on the value's first token. */
  @FunctionalInterface
  interface FieldReader<T> {
    void read(JsonParser p, String name, T into) throws IOException, MalformedEvent;
  }

  /** Writes one response. */
  @FunctionalInterface
  public interface Writer<T> {
    void write(T value, JsonGenerator g) throws IOException;
  }

  /**
   * The whole input as one value: nothing but whitespace may follow it. Input the parser refuses
   * (not JSON, over a limit) and values of the wrong shape are {@link MalformedEvent}; an {@link
   * IOException} of the stream itself is passed on.
   */
  static <T> T read(JsonFactory factory, InputStream in, ValueReader<T> reader)
      throws IOException, MalformedEvent {
    try (JsonParser p = factory.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new MalformedEvent("not a JSON object");
      T value = reader.read(p);
      if (p.nextToken() != null) throw new MalformedEvent("content after the event's object");
      return value;
    } catch (JsonProcessingException e) {
      throw new MalformedEvent("not a valid event: " + e.getOriginalMessage());
    }
  }

  /** Writes a response as the runtime's serializer did, fields that are null left out. */
  public static <T> void write(T value, OutputStream out, Writer<T> writer) throws IOException {
    try (JsonGenerator g = OUT.createGenerator(out)) {
      if (value == null) g.writeNull();
      else writer.write(value, g);
    }
  }

  /**
   * A partial-batch response ({@code {"batchItemFailures": [{"itemIdentifier": …}]}}), the shape
   * SQS and DynamoDB stream event source mappings both read; {@code ids} null: no array.
   */
  static void batchFailures(JsonGenerator g, java.util.List<String> ids) throws IOException {
    g.writeStartObject();
    if (ids != null) {
      g.writeArrayFieldStart("batchItemFailures");
      for (String id : ids) {
        g.writeStartObject();
        stringField(g, "itemIdentifier", id);
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** The fields of an object into {@code into}; null for JSON null. */
  static <T> T object(JsonParser p, T into, FieldReader<T> fields)
      throws IOException, MalformedEvent {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) return null;
    if (t != JsonToken.START_OBJECT) throw shape(p, "an object");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      fields.read(p, name, into);
    }
    return into;
  }

  /** Skips the value the parser is on, however large: a field nobody reads. */
  static void skip(JsonParser p) throws IOException {
    p.skipChildren();
  }

  static String string(JsonParser p) throws IOException, MalformedEvent {
    return switch (p.currentToken()) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
          p.getText();
      case VALUE_NULL -> null;
      default -> throw shape(p, "a string");
    };
  }

  static boolean bool(JsonParser p) throws IOException, MalformedEvent {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      case VALUE_STRING -> {
        String s = p.getText();
        if (s.equals("true")) yield true;
        if (s.equals("false")) yield false;
        throw shape(p, "a boolean");
      }
      default -> throw shape(p, "a boolean");
    };
  }

  /** A whole number; the fraction of a decimal one is dropped. */
  static long number(JsonParser p) throws IOException, MalformedEvent {
    return switch (p.currentToken()) {
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> (long) p.getDoubleValue();
      case VALUE_NULL -> 0;
      case VALUE_STRING -> {
        try {
          yield Long.parseLong(p.getText().strip());
        } catch (NumberFormatException e) {
          throw shape(p, "a number");
        }
      }
      default -> throw shape(p, "a number");
    };
  }

  static Map<String, String> stringMap(JsonParser p) throws IOException, MalformedEvent {
    return map(p, EventJson::string);
  }

  static <V> Map<String, V> map(JsonParser p, ValueReader<V> values)
      throws IOException, MalformedEvent {
    return object(
        p, new LinkedHashMap<String, V>(), (q, name, into) -> into.put(name, values.read(q)));
  }

  static List<String> stringList(JsonParser p) throws IOException, MalformedEvent {
    return list(p, EventJson::string);
  }

  static <V> List<V> list(JsonParser p, ValueReader<V> values) throws IOException, MalformedEvent {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) return null;
    if (t != JsonToken.START_ARRAY) throw shape(p, "an array");
    List<V> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) out.add(values.read(p));
    return out;
  }

  /** Base64 as the runtime's mapping read a {@code ByteBuffer}. */
  static ByteBuffer bytes(JsonParser p) throws IOException, MalformedEvent {
    String s = string(p);
    if (s == null) return null;
    try {
      return ByteBuffer.wrap(Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      throw shape(p, "base64");
    }
  }

  /**
   * Any JSON value as maps, lists, strings, numbers, booleans (an authorizer's context, a
   * schedule's detail). Recursive, but no deeper than the factory's nesting limit.
   */
  static Object any(JsonParser p) throws IOException, MalformedEvent {
    return switch (p.currentToken()) {
      case START_OBJECT -> map(p, EventJson::any);
      case START_ARRAY -> list(p, EventJson::any);
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw shape(p, "a value");
    };
  }

  static void stringField(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) g.writeStringField(name, value);
  }

  static void stringMapField(JsonGenerator g, String name, Map<String, String> map)
      throws IOException {
    if (map == null) return;
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getValue() == null) g.writeNullField(e.getKey());
      else g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  static void stringListField(JsonGenerator g, String name, List<String> list) throws IOException {
    if (list == null) return;
    g.writeArrayFieldStart(name);
    for (String s : list) g.writeString(s);
    g.writeEndArray();
  }

  private static MalformedEvent shape(JsonParser p, String expected) throws IOException {
    return new MalformedEvent(
        "expected "
            + expected
            + " at "
            + p.currentTokenLocation().offsetDescription()
            + (p.currentName() == null ? "" : " (" + p.currentName() + ")"));
  }
}
