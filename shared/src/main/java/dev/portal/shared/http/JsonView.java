package dev.portal.shared.http;

/**
 * A wire shape that writes itself: its fields in declaration order, nulls written out or left out
 * as its Serde annotations say. {@code JsonViewsTest} holds every view's output to Serde's, byte
 * for byte.
 */
public interface JsonView {
  void writeJson(JsonOut out);
}
