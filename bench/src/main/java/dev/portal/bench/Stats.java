package dev.portal.bench;

import java.util.Arrays;

/** Order statistics of a sample (nearest-rank percentiles), in the sample's unit. */
record Stats(int n, double min, double p50, double p99, double max, double mean) {
  static Stats of(double[] sample) {
    if (sample.length == 0)
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    double[] s = sample.clone();
    Arrays.sort(s);
    return new Stats(
        s.length,
        s[0],
        rank(s, 0.50),
        rank(s, 0.99),
        s[s.length - 1],
        Arrays.stream(s).average().orElse(0));
  }

  /**
   * The median of an odd sample is its middle value; of an even one, the mean of the two middle
   * values.
   */
  static double median(double[] sample) {
    double[] s = sample.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  private static double rank(double[] sorted, double q) {
    if (q == 0.5) return median(sorted);
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
