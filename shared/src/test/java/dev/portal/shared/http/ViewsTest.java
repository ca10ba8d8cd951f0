package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.SampleTickets;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketSla;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.TimeEntry;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The views are the API's wire shapes: words, ISO instants, and the SLA state read at a time. */
class ViewsTest {
  private static final Instant CREATED = Instant.parse("2026-03-02T10:15:30.123456Z");
  private static final Instant REACTION_DUE = CREATED.plusSeconds(3600);
  private static final Instant RESOLUTION_DUE = CREATED.plusSeconds(8 * 3600);

  private static Ticket ticket(
      TicketStatus status, Instant firstResponseAt, Instant resolvedAt, TicketSla sla) {
    return SampleTickets.printer(CREATED, status, firstResponseAt, resolvedAt, sla);
  }

  private static TicketSla sla() {
    return new TicketSla(
        SlaCalendar.ALWAYS, ZoneId.of("Europe/Berlin"), REACTION_DUE, RESOLUTION_DUE, null, 0);
  }

  @Test
  void aTicketTravelsAsWordsAndMillisecondInstants() {
    Views.TicketView v = Views.ticket(ticket(TicketStatus.IN_PROGRESS, null, null, sla()), CREATED);
    assertEquals("tk-7-abc", v.id());
    assertEquals("ACME-7", v.number());
    assertEquals("in_progress", v.status());
    assertEquals("high", v.priority());
    assertEquals("email", v.channel());
    assertEquals("cli_globex", v.clientId());
    assertEquals("ct_1", v.contractId());
    assertEquals(new Views.PersonView("alice@globex.example", "Alice"), v.requester());
    assertEquals("2026-03-02T10:15:30.123Z", v.createdAt(), "milliseconds, UTC, a Z");
    assertEquals("2026-03-02T10:16:30.123Z", v.updatedAt());
    assertNull(v.firstResponseAt());
    assertNull(v.resolvedAt());
    assertEquals(new Views.RatingView(4, "quick"), v.rating());
    assertEquals("agent@acme.example", v.assigneeId());
    assertEquals("grp_1", v.groupId());
    assertEquals(
        new Views.SlaView("2026-03-02T11:15:30.123Z", "2026-03-02T18:15:30.123Z", "on_track"),
        v.sla());
  }

  @Test
  void theSlaStateIsReadAtTheInstantGivenNotTheSystemClock() {
    Ticket open = ticket(TicketStatus.NEW, null, null, sla());
    assertEquals("on_track", Views.ticket(open, REACTION_DUE).sla().state(), "due now: not late");
    assertEquals("breached", Views.ticket(open, REACTION_DUE.plusMillis(1)).sla().state());
    // Long ago and far ahead: the answer follows the argument, whatever the machine's time is.
    assertEquals(
        "on_track", Views.ticket(open, Instant.parse("2000-01-01T00:00:00Z")).sla().state());
    assertEquals(
        "breached", Views.ticket(open, Instant.parse("2100-01-01T00:00:00Z")).sla().state());
  }

  @Test
  void aTicketResolvedInTimeHasMetItsSlaWhenEverItIsRead() {
    Ticket resolved =
        ticket(TicketStatus.RESOLVED, CREATED.plusSeconds(600), CREATED.plusSeconds(3600), sla());
    assertEquals(
        "met", Views.ticket(resolved, Instant.parse("2100-01-01T00:00:00Z")).sla().state());
  }

  @Test
  void aTicketWithoutContractHasNoSlaAndNoRatingIsNull() {
    Ticket t = SampleTickets.stranger(CREATED);
    Views.TicketView v = Views.ticket(t, CREATED);
    assertNull(v.sla());
    assertNull(v.rating());
    assertNull(v.clientId());
    assertNull(v.assigneeId());
    assertNull(v.groupId());
    assertEquals(new Views.PersonView("bob@unknown.example", null), v.requester());
  }

  @Test
  void anEventShowsItsActorAndDataButNotHowItIsStored() {
    TicketEvent e =
        new TicketEvent(
            "ev_1",
            4,
            EventType.COMMENT,
            CREATED,
            new Actor(ActorKind.AGENT, "agent@acme.example"),
            true,
            Map.of("body", "On it"));
    assertEquals(
        new Views.EventView(
            "ev_1",
            "comment",
            "2026-03-02T10:15:30.123Z",
            new Views.ActorView("agent", "agent@acme.example"),
            true,
            Map.of("body", "On it")),
        Views.event(e));
  }

  @Test
  void aTimeEntryShowsItsMonthAsYearDashMonth() {
    TimeEntry e =
        new TimeEntry(
            "te_1",
            "tk-7-abc",
            7,
            "cli_globex",
            null,
            YearMonth.of(2026, 3),
            45,
            "call",
            false,
            CREATED,
            "agent@acme.example",
            false);
    assertEquals(
        new Views.TimeEntryView(
            "te_1",
            "tk-7-abc",
            null,
            "2026-03",
            45,
            "call",
            false,
            "2026-03-02T10:15:30.123Z",
            "agent@acme.example",
            false,
            null),
        Views.timeEntry(e));
  }

  @Test
  void anInternalEntryShowsItsNoteToStaffOnlyAndItsAgentNeverToAClient() {
    TimeEntry e =
        new TimeEntry(
            "te_2",
            "tk-7-abc",
            7,
            "cli_globex",
            "ct_1",
            YearMonth.of(2026, 3),
            30,
            "escalated to the vendor",
            true,
            CREATED,
            "agent@acme.example",
            true);
    Views.TimeEntryView staff = Views.timeEntry(e, "DEMO-7", true);
    assertEquals("escalated to the vendor", staff.note());
    assertEquals("agent@acme.example", staff.agentEmail());
    assertEquals("DEMO-7", staff.ticketNumber());
    Views.TimeEntryView client = Views.timeEntry(e, "DEMO-7", false);
    assertNull(client.note());
    assertNull(client.agentEmail());
    assertTrue(client.internal());
    assertEquals(30, client.minutes());
    TimeEntry open =
        new TimeEntry(
            "te_3",
            "tk-7-abc",
            7,
            "cli_globex",
            "ct_1",
            YearMonth.of(2026, 3),
            15,
            "reset",
            true,
            CREATED,
            "agent@acme.example",
            false);
    assertEquals("reset", Views.timeEntry(open, "DEMO-7", false).note());
  }

  @Test
  void moneyIsMinorUnitsAndACodeAndAbsentMoneyIsNull() {
    assertEquals(new Views.MoneyView(150000, "EUR"), Views.money(new Money(150000, "EUR")));
    assertNull(Views.money(null));
  }

  @Test
  void aPageKeepsItsOrderAndItsCursor() {
    Views.PageView<String> v =
        Views.page(new Page<>(List.of(3, 1, 2), "next-cursor"), n -> "n" + n);
    assertEquals(List.of("n3", "n1", "n2"), v.items());
    assertEquals("next-cursor", v.nextCursor());
    assertNull(Views.page(new Page<>(List.<Integer>of(), null), n -> n).nextCursor());
  }
}
