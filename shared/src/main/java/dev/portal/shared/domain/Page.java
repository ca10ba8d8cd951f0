package dev.portal.shared.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** One page of a list; {@code nextCursor} is opaque and null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(mapped(items, f), nextCursor);
  }

  /**
   * Each of {@code items} mapped, in order, unmodifiable (nulls kept, as {@code Stream.toList}
   * keeps them). A loop: every list route maps its page once or twice per request, and a stream's
   * pipeline was a measurable part of a warm list's own work.
   */
  public static <A, R> List<R> mapped(List<A> items, Function<? super A, ? extends R> f) {
    List<R> out = new ArrayList<>(items.size());
    for (A item : items) out.add(f.apply(item));
    return Collections.unmodifiableList(out);
  }
}
