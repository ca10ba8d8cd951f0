package dev.portal.shared.domain;

import java.util.Optional;
import java.util.StringJoiner;

/**
 * Lookups shared by the enums that travel as lower-case words, so an error message lists exactly
 * what parses.
 */
public final class WireNames {
  /** An enum constant with its wire word. */
  public interface Wired {
    String wire();
  }

  private WireNames() {}

  public static <E extends Wired> Optional<E> find(E[] values, String word) {
    for (E e : values) if (e.wire().equals(word)) return Optional.of(e);
    return Optional.empty();
  }

  /** "must be one of a, b, c": every value, in declaration order. */
  public static String oneOf(Wired[] values) {
    StringJoiner words = new StringJoiner(", ", "must be one of ", "");
    for (Wired w : values) words.add(w.wire());
    return words.toString();
  }
}
