package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The zero-padded numbers in sort keys, written without the formatter, are the formatter's. */
class KeysPadTest {
  @Test
  void padsAsTheFormatterDoes() {
    long[] edges = {
      0,
      1,
      9,
      10,
      99_999_999_999L,
      100_000_000_000L,
      999_999_999_999L,
      1_000_000_000_000L,
      Long.MAX_VALUE,
      -1,
      -10,
      -9_999_999_999L,
      -99_999_999_999L,
      -100_000_000_000L,
      Long.MIN_VALUE
    };
    for (long n : edges) assertEquals(String.format(Locale.ROOT, "%012d", n), Keys.pad(n), "" + n);
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < 10_000; i++) {
      long n = random.nextLong() >> random.nextInt(64);
      assertEquals(String.format(Locale.ROOT, "%012d", n), Keys.pad(n), "" + n);
    }
  }
}
