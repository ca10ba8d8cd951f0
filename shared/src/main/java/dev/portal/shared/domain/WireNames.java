package dev.portal.shared.domain;

import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Lookups shared by the enums that travel as lower-case words (each enum's {@code fromWire} is one
 * of these), so an error message lists exactly what parses.
 */
public final class WireNames {
  /** An enum constant with its wire word. */
  public interface Wired {
    String wire();
  }

  private WireNames() {}

  public static <E extends Wired> Optional<E> find(E[] values, String word) {
    // Every read maps a few of these words; no copy of the array into a list for each.
    for (E e : values) if (e.wire().equals(word)) return Optional.of(e);
    return Optional.empty();
  }

  /** The value among {@code values} (all of an enum's, or the few a request may name) or empty. */
  public static <E extends Wired> Optional<E> find(List<E> values, String word) {
    for (E e : values) if (e.wire().equals(word)) return Optional.of(e);
    return Optional.empty();
  }

  /**
   * For words our own code wrote (stored items, queue messages): one that does not parse is a bug,
   * not a bad request.
   */
  public static <E extends Wired> E require(E[] values, String word, String what) {
    return find(values, word)
        .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " " + word));
  }

  /** The wire words of {@code values}, in their order: the one list a message or a schema shows. */
  public static List<String> words(List<? extends Wired> values) {
    return values.stream().map(Wired::wire).toList();
  }

  /** "must be one of a, b, c": every value, in declaration order. */
  public static String oneOf(Wired[] values) {
    StringJoiner words = new StringJoiner(", ", "must be one of ", "");
    for (Wired w : values) words.add(w.wire());
    return words.toString();
  }
}
