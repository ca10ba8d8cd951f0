package dev.portal.shared.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketSla;
import dev.portal.shared.domain.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which SLA points a ticket version schedules, on a 24x7 contract of 60 / 480 minutes. */
class SlaScheduleTest {
  private static final Instant CREATED = Instant.parse("2026-03-02T09:00:30Z");
  private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");

  private static Ticket ticket(
      TicketStatus status, Instant updatedAt, Instant firstResponse, TicketSla sla) {
    return Ticket.builder()
        .tenantId("t")
        .id("tk-1-x")
        .seq(1)
        .number("T-1")
        .subject("s")
        .description("d")
        .status(status)
        .priority(Priority.NORMAL)
        .channel(Channel.PORTAL)
        .clientId("cli")
        .contractId("ct")
        .requester(new Person("a@x.example", null))
        .createdAt(CREATED)
        .updatedAt(updatedAt)
        .firstResponseAt(firstResponse)
        .version(1)
        .sla(sla)
        .build();
  }

  private static TicketSla fresh() {
    return TicketSla.start(new SlaTerms(60, 480, SlaCalendar.ALWAYS), ZONE, CREATED);
  }

  private static List<String> points(List<SlaSchedule.Entry> entries) {
    return entries.stream()
        .map(e -> e.point().wire() + " " + e.clock().wire() + " " + e.fireAt() + " " + e.minute())
        .toList();
  }

  @Test
  void aNewTicketWarnsAtEightyPercentAndBreachesAtTheDueTimeOfBothClocks() {
    assertEquals(
        List.of(
            "warning reaction 2026-03-02T09:48:30Z 2026-03-02T09:49",
            "breach reaction 2026-03-02T10:00:30Z 2026-03-02T10:01",
            "warning resolution 2026-03-02T15:24:30Z 2026-03-02T15:25",
            "breach resolution 2026-03-02T17:00:30Z 2026-03-02T17:01"),
        points(SlaSchedule.of(ticket(TicketStatus.NEW, CREATED, null, fresh()), 80)));
  }

  @Test
  void theContractsShareMovesTheWarning() {
    assertEquals(
        "warning reaction 2026-03-02T09:30:30Z 2026-03-02T09:31",
        points(SlaSchedule.of(ticket(TicketStatus.NEW, CREATED, null, fresh()), 50)).getFirst());
  }

  @Test
  void aRepliedTicketHasNoReactionPointsAndAPausedOneNoResolutionPoints() {
    Instant at = CREATED.plus(Duration.ofMinutes(5));
    assertEquals(2, SlaSchedule.of(ticket(TicketStatus.IN_PROGRESS, at, at, fresh()), 80).size());
    TicketSla paused =
        fresh().onStatusChange(TicketStatus.IN_PROGRESS, TicketStatus.WAITING_FOR_CLIENT, at);
    Ticket waiting = ticket(TicketStatus.WAITING_FOR_CLIENT, at, at, paused);
    assertEquals(List.of(), SlaSchedule.of(waiting, 80));
    assertNull(SlaSchedule.currentDue(waiting, SlaSchedule.ClockKind.RESOLUTION));
  }

  @Test
  void aResumedClockWhoseWarningWentByBeforeThePauseGetsOnlyItsNewBreach() {
    Instant pause = CREATED.plus(Duration.ofMinutes(450)); // past the 80% point (384 min)
    Instant resume = pause.plus(Duration.ofMinutes(30));
    TicketSla sla =
        fresh()
            .onStatusChange(TicketStatus.IN_PROGRESS, TicketStatus.WAITING_FOR_CLIENT, pause)
            .onStatusChange(TicketStatus.WAITING_FOR_CLIENT, TicketStatus.IN_PROGRESS, resume);
    assertEquals(
        List.of("breach resolution 2026-03-02T17:30:30Z 2026-03-02T17:31"),
        points(SlaSchedule.of(ticket(TicketStatus.IN_PROGRESS, resume, resume, sla), 80)));
  }

  @Test
  void aDueTimeOnTheMinuteIsThatMinutesBucket() {
    assertEquals(
        "2026-03-02T10:00",
        SlaSchedule.minuteOf(SlaSchedule.ceilMinute(Instant.parse("2026-03-02T10:00:00Z"))));
    assertEquals(
        "2026-03-02T10:01",
        SlaSchedule.minuteOf(SlaSchedule.ceilMinute(Instant.parse("2026-03-02T10:00:00.001Z"))));
  }
}
