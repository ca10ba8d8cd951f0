package dev.portal.shared.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a contract promises: a first reaction and a resolution within so many minutes of the
 * calendar, optionally per priority ({@code urgent} 30/240, {@code normal} 240/2400...); a priority
 * the contract does not name gets the single pair.
 */
public record SlaTerms(
    int reactionMinutes,
    int resolutionMinutes,
    SlaCalendar calendar,
    Map<Priority, Minutes> byPriority) {

  /** Reaction and resolution minutes of one priority. */
  public record Minutes(int reactionMinutes, int resolutionMinutes) {}

  public SlaTerms {
    byPriority =
        byPriority.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(byPriority));
  }

  public SlaTerms(int reactionMinutes, int resolutionMinutes, SlaCalendar calendar) {
    this(reactionMinutes, resolutionMinutes, calendar, Map.of());
  }

  /** The minutes that apply to a ticket of {@code priority}. */
  public Minutes forPriority(Priority priority) {
    Minutes m = priority == null ? null : byPriority.get(priority);
    return m != null ? m : new Minutes(reactionMinutes, resolutionMinutes);
  }
}
