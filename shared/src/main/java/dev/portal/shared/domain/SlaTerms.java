package dev.portal.shared.domain;

/** What a contract promises: a first reaction and a resolution within so many minutes of the calendar. */
public record SlaTerms(int reactionMinutes, int resolutionMinutes, SlaCalendar calendar) {}
