package dev.portal.shared.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Hand mapping between items and values: no reflection, no bean schemas. */
final class Attrs {
  private Attrs() {}

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  static AttributeValue bool(boolean v) {
    return AttributeValue.fromBool(v);
  }

  static AttributeValue ss(List<String> v) {
    return AttributeValue.fromL(v.stream().map(AttributeValue::fromS).toList());
  }

  /**
   * Puts the value unless it is null: DynamoDB items have no nulls, a missing attribute is the
   * null.
   */
  static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) item.put(name, s(value));
  }

  static void put(Map<String, AttributeValue> item, String name, Instant value) {
    if (value != null) item.put(name, s(dev.portal.shared.domain.Times.iso(value)));
  }

  static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  static long num(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  static boolean flag(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  static Instant instant(Map<String, AttributeValue> item, String name) {
    String s = str(item, name);
    return s == null ? null : Instant.parse(s);
  }

  static List<String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || !v.hasL()) return List.of();
    return v.l().stream().map(AttributeValue::s).toList();
  }

  /** Event data: strings, whole numbers and booleans, nested maps and lists of those. */
  static AttributeValue fromPlain(Object value) {
    return switch (value) {
      case null -> AttributeValue.fromNul(true);
      case String s -> s(s);
      case Boolean b -> bool(b);
      case Integer i -> n(i);
      case Long l -> n(l);
      case Map<?, ?> m -> {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), fromPlain(v)));
        yield AttributeValue.fromM(out);
      }
      case List<?> l -> AttributeValue.fromL(l.stream().map(Attrs::fromPlain).toList());
      default ->
          throw new IllegalArgumentException("unsupported event data value " + value.getClass());
    };
  }

  static Object toPlain(AttributeValue v) {
    if (v.s() != null) return v.s();
    if (v.n() != null) return Long.parseLong(v.n());
    if (v.bool() != null) return v.bool();
    if (v.hasM()) {
      Map<String, Object> out = new LinkedHashMap<>();
      v.m().forEach((k, x) -> out.put(k, toPlain(x)));
      return out;
    }
    if (v.hasL()) {
      List<Object> out = new ArrayList<>();
      v.l().forEach(x -> out.add(toPlain(x)));
      return out;
    }
    return null;
  }
}
