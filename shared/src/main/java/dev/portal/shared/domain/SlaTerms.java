package dev.portal.shared.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a contract promises: a first reaction and a resolution within so many minutes of the
 * calendar, optionally per priority ({@code urgent} 30/240, {@code normal} 240/2400...); a priority
 * the contract does not name gets the single pair.
 *
 * @param warningPercent how much of a clock's window may pass before its SLA warning goes out,
 *     1..99; null: {@link #DEFAULT_WARNING_PERCENT}
 */
public record SlaTerms(
    int reactionMinutes,
    int resolutionMinutes,
    SlaCalendar calendar,
    Map<Priority, Minutes> byPriority,
    Integer warningPercent) {
  public static final int DEFAULT_WARNING_PERCENT = 80;

  /** Reaction and resolution minutes of one priority. */
  public record Minutes(int reactionMinutes, int resolutionMinutes) {}

  public SlaTerms {
    byPriority =
        byPriority.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(byPriority));
  }

  public SlaTerms(int reactionMinutes, int resolutionMinutes, SlaCalendar calendar) {
    this(reactionMinutes, resolutionMinutes, calendar, Map.of(), null);
  }

  public SlaTerms(
      int reactionMinutes,
      int resolutionMinutes,
      SlaCalendar calendar,
      Map<Priority, Minutes> byPriority) {
    this(reactionMinutes, resolutionMinutes, calendar, byPriority, null);
  }

  /** The minutes that apply to a ticket of {@code priority}. */
  public Minutes forPriority(Priority priority) {
    Minutes m = priority == null ? null : byPriority.get(priority);
    return m != null ? m : new Minutes(reactionMinutes, resolutionMinutes);
  }
}
