package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * SLA clocks of a ticket created Friday 2026-11-27 17:30 Moscow time under a 60/480-minute business
 * contract.
 */
class TicketSlaTest {
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final SlaTerms TERMS = new SlaTerms(60, 480, SlaCalendar.BUSINESS);
  private static final Instant CREATED = at("2026-11-27T17:30");

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(MOSCOW).toInstant();
  }

  private final TicketSla sla = TicketSla.start(TERMS, MOSCOW, CREATED);

  @Test
  void dueTimesAreCountedInBusinessMinutesFromCreation() {
    assertEquals(at("2026-11-30T09:30"), sla.reactionDueAt());
    assertEquals(
        at("2026-11-30T16:30"), sla.resolutionDueAt(), "30 minutes on Friday, 450 on Monday");
  }

  @Test
  void stateIsOnTrackUntilTheDueMinuteAndBreachedAfterIt() {
    assertEquals(
        TicketSla.State.ON_TRACK, sla.state(TicketStatus.NEW, null, null, at("2026-11-29T23:00")));
    assertEquals(
        TicketSla.State.ON_TRACK,
        sla.state(TicketStatus.NEW, null, null, at("2026-11-30T09:30")),
        "due exactly now is not yet breached");
    assertEquals(
        TicketSla.State.BREACHED,
        sla.state(TicketStatus.NEW, null, null, at("2026-11-30T09:30").plusMillis(1)),
        "no reaction in time");
    Instant replied = at("2026-11-30T09:10");
    assertEquals(
        TicketSla.State.ON_TRACK,
        sla.state(TicketStatus.IN_PROGRESS, replied, null, at("2026-11-30T12:00")));
    assertEquals(
        TicketSla.State.BREACHED,
        sla.state(TicketStatus.IN_PROGRESS, replied, null, at("2026-11-30T16:31")),
        "not resolved in time");
  }

  @Test
  void resolvedWithinBothIsMetAndLateIsBreachedForever() {
    Instant replied = at("2026-11-30T09:10");
    assertEquals(
        TicketSla.State.MET,
        sla.state(TicketStatus.RESOLVED, replied, at("2026-11-30T16:30"), at("2027-01-01T00:00")));
    assertEquals(
        TicketSla.State.MET,
        sla.state(TicketStatus.CLOSED, replied, at("2026-11-30T16:00"), at("2027-01-01T00:00")));
    assertEquals(
        TicketSla.State.BREACHED,
        sla.state(TicketStatus.RESOLVED, replied, at("2026-11-30T16:31"), at("2026-11-30T16:32")));
    assertEquals(
        TicketSla.State.BREACHED,
        sla.state(
            TicketStatus.RESOLVED,
            at("2026-11-30T09:31"),
            at("2026-11-30T10:00"),
            at("2026-11-30T10:00")),
        "a late reaction stays a breach");
    assertEquals(
        TicketSla.State.MET,
        sla.state(TicketStatus.RESOLVED, null, at("2026-11-30T09:20"), at("2026-11-30T10:00")),
        "a resolution before any reply is the reaction");
  }

  @Test
  void waitingForTheClientPausesResolutionInBusinessMinutes() {
    TicketSla waiting =
        sla.onStatusChange(
            TicketStatus.IN_PROGRESS, TicketStatus.WAITING_FOR_CLIENT, at("2026-11-30T10:00"));
    assertEquals(at("2026-11-30T10:00"), waiting.pausedSince());
    assertEquals(
        TicketSla.State.ON_TRACK,
        waiting.state(
            TicketStatus.WAITING_FOR_CLIENT, at("2026-11-30T09:10"), null, at("2026-12-10T12:00")),
        "a paused clock does not breach however long the client takes");

    // Back a day later: Monday 10:00-18:00 and Tuesday 09:00-10:00 do not count (540 business
    // minutes).
    TicketSla resumed =
        waiting.onStatusChange(
            TicketStatus.WAITING_FOR_CLIENT, TicketStatus.IN_PROGRESS, at("2026-12-01T10:00"));
    assertNull(resumed.pausedSince());
    assertEquals(Duration.ofMinutes(540).toMillis(), resumed.pausedMillis());
    assertEquals(at("2026-12-01T16:30"), resumed.resolutionDueAt());
    assertEquals(
        at("2026-11-30T09:30"), resumed.reactionDueAt(), "the reaction clock never pauses");
  }

  @Test
  void waitingOverTheWeekendCostsNothingExtra() {
    TicketSla waiting =
        sla.onStatusChange(
            TicketStatus.NEW, TicketStatus.WAITING_FOR_CLIENT, at("2026-11-27T17:45"));
    TicketSla resumed =
        waiting.onStatusChange(
            TicketStatus.WAITING_FOR_CLIENT, TicketStatus.IN_PROGRESS, at("2026-11-30T09:00"));
    assertEquals(
        Duration.ofMinutes(15).toMillis(),
        resumed.pausedMillis(),
        "only Friday 17:45-18:00 was open");
    assertEquals(at("2026-11-30T16:45"), resumed.resolutionDueAt());
  }

  @Test
  void reopeningResumesTheClockWhereItStopped() {
    TicketSla resolved =
        sla.onStatusChange(TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, at("2026-11-30T12:00"));
    TicketSla reopened =
        resolved.onStatusChange(
            TicketStatus.RESOLVED, TicketStatus.IN_PROGRESS, at("2026-11-30T13:00"));
    assertEquals(
        at("2026-11-30T17:30"),
        reopened.resolutionDueAt(),
        "the hour spent resolved is not counted");
    assertEquals(
        TicketSla.State.ON_TRACK,
        reopened.state(
            TicketStatus.IN_PROGRESS, at("2026-11-30T09:10"), null, at("2026-11-30T17:00")));
    assertEquals(
        TicketSla.State.BREACHED,
        reopened.state(
            TicketStatus.IN_PROGRESS, at("2026-11-30T09:10"), null, at("2026-11-30T17:31")));
  }

  @Test
  void aPauseThatEndsInTheSameMinuteMovesNothing() {
    TicketSla waiting =
        sla.onStatusChange(
            TicketStatus.IN_PROGRESS, TicketStatus.WAITING_FOR_CLIENT, at("2026-11-28T10:00"));
    TicketSla resumed =
        waiting.onStatusChange(
            TicketStatus.WAITING_FOR_CLIENT, TicketStatus.IN_PROGRESS, at("2026-11-29T10:00"));
    assertEquals(
        sla.resolutionDueAt(),
        resumed.resolutionDueAt(),
        "a pause on a Saturday and Sunday costs no time");
    assertEquals(0, resumed.pausedMillis());
  }

  @Test
  void aroundTheClockContractsPauseInPlainTime() {
    TicketSla always = TicketSla.start(new SlaTerms(60, 480, SlaCalendar.ALWAYS), MOSCOW, CREATED);
    assertEquals(at("2026-11-27T18:30"), always.reactionDueAt());
    TicketSla resumed =
        always
            .onStatusChange(
                TicketStatus.IN_PROGRESS, TicketStatus.WAITING_FOR_CLIENT, at("2026-11-27T20:00"))
            .onStatusChange(
                TicketStatus.WAITING_FOR_CLIENT, TicketStatus.IN_PROGRESS, at("2026-11-28T20:00"));
    assertEquals(at("2026-11-29T01:30"), resumed.resolutionDueAt());
  }
}
