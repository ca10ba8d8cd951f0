package dev.portal.shared.domain;

import java.util.List;
import java.util.function.Function;

/** One page of a list; {@code nextCursor} is opaque and null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), nextCursor);
  }
}
