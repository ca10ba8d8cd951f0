package dev.portal.shared.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The support metrics of one scope and period, as counters that only ever grow by addition: a
 * projection adds one change's {@code SupportFigures} to the stored ones, and a report adds periods
 * together. Times are calendar minutes, and business minutes under their own names.
 *
 * <p>Durations are kept as count, sum and a histogram over {@link #BUCKET_UPPER_MINUTES}, enough
 * for p50 and p90 (the upper bound of the bucket the percentile falls in) without keeping every
 * value.
 */
public record SupportFigures(Map<String, Long> counters) {
  /** Upper bounds in minutes; the last bucket takes everything above the previous bound. */
  public static final List<Long> BUCKET_UPPER_MINUTES =
      List.of(15L, 30L, 60L, 120L, 240L, 480L, 1440L, 4320L, 10080L, Long.MAX_VALUE);

  public static final String OPENED = "opened";
  public static final String RESOLVED = "resolved";
  public static final String REOPENED = "reopened";
  public static final String FIRST_RESPONSE = "firstResponse";
  public static final String RESOLUTION = "resolution";

  /** The same durations in the tenant's business minutes (its opening hours and holidays). */
  public static final String FIRST_RESPONSE_BUSINESS = "firstResponseBusiness";

  public static final String RESOLUTION_BUSINESS = "resolutionBusiness";
  public static final String REACTION_MET = "slaReactionMet";
  public static final String REACTION_BREACHED = "slaReactionBreached";
  public static final String RESOLUTION_MET = "slaResolutionMet";
  public static final String RESOLUTION_BREACHED = "slaResolutionBreached";
  public static final String CSAT = "csat";
  public static final String MINUTES_BILLABLE = "minutesBillable";
  public static final String MINUTES_NOT_BILLABLE = "minutesNotBillable";

  public SupportFigures {
    counters = Map.copyOf(counters);
  }

  public static SupportFigures none() {
    return new SupportFigures(Map.of());
  }

  public long get(String name) {
    return counters.getOrDefault(name, 0L);
  }

  public boolean isEmpty() {
    return counters.isEmpty();
  }

  public SupportFigures plus(SupportFigures other) {
    Map<String, Long> sum = new LinkedHashMap<>(counters);
    other.counters.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return new SupportFigures(sum);
  }

  /** Builds the counters one change adds. */
  public static final class Builder {
    private final Map<String, Long> c = new LinkedHashMap<>();

    public Builder add(String name, long n) {
      if (n != 0) c.merge(name, n, Long::sum);
      return this;
    }

    /**
     * A duration: its count, its sum and its histogram bucket ({@code <name>Count}, {@code
     * <name>Minutes}, ...).
     */
    public Builder duration(String name, long minutes) {
      long m = Math.max(0, minutes);
      add(name + "Count", 1);
      add(name + "Minutes", m);
      add(name + "Le" + bucketOf(m), 1);
      return this;
    }

    /** A rating 1..5: its count, its sum and its distribution. */
    public Builder rating(int score) {
      add(CSAT + "Count", 1);
      add(CSAT + "Sum", score);
      add(CSAT + score, 1);
      return this;
    }

    public SupportFigures build() {
      return new SupportFigures(c);
    }
  }

  /** The bucket's name: its upper bound in minutes, or {@code Inf}. */
  static String bucketOf(long minutes) {
    for (long upper : BUCKET_UPPER_MINUTES) {
      if (minutes <= upper) return upper == Long.MAX_VALUE ? "Inf" : Long.toString(upper);
    }
    return "Inf";
  }

  public long count(String duration) {
    return get(duration + "Count");
  }

  /** The mean in minutes, or null with no values. */
  public Double mean(String duration) {
    long n = count(duration);
    return n == 0 ? null : (double) get(duration + "Minutes") / n;
  }

  /**
   * The {@code q} quantile (0..1) as the upper bound of the bucket it falls in, in minutes; null
   * with no values, and null for the open last bucket (more than a week).
   */
  public Long quantile(String duration, double q) {
    long n = count(duration);
    if (n == 0) return null;
    long rank = (long) Math.ceil(q * n);
    long seen = 0;
    for (long upper : BUCKET_UPPER_MINUTES) {
      String name = upper == Long.MAX_VALUE ? "Inf" : Long.toString(upper);
      seen += get(duration + "Le" + name);
      if (seen >= rank) return upper == Long.MAX_VALUE ? null : upper;
    }
    return null;
  }

  /** Met out of met + breached, in percent with one decimal; null when nothing was due. */
  public Double compliance(String met, String breached) {
    long m = get(met);
    long total = m + get(breached);
    return total == 0 ? null : Math.round(1000.0 * m / total) / 10.0;
  }

  public Double csatAverage() {
    long n = get(CSAT + "Count");
    return n == 0 ? null : Math.round(100.0 * get(CSAT + "Sum") / n) / 100.0;
  }
}
