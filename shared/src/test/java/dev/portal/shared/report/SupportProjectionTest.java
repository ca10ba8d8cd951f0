package dev.portal.shared.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.BusinessHours;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Rating;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketSla;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.WorkCalendar;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What each change of a ticket adds to the figures, and the figures read back as a report table.
 */
class SupportProjectionTest {
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  private static final TicketSla SLA =
      new TicketSla(
          SlaCalendar.values()[0],
          ZoneId.of("UTC"),
          T0.plusSeconds(3600),
          T0.plusSeconds(8 * 3600),
          null,
          0);

  private static Ticket ticket(
      TicketStatus status,
      Instant firstResponse,
      Instant resolved,
      Rating rating,
      long version,
      TicketSla sla) {
    return Ticket.builder()
        .tenantId("acme")
        .id("tk-1-x")
        .seq(1)
        .number("ACME-1")
        .subject("s")
        .description("d")
        .status(status)
        .priority(Priority.NORMAL)
        .channel(Channel.PORTAL)
        .clientId("cli_a")
        .requester(new Person("a@a.example", "A"))
        .createdAt(T0)
        .updatedAt(T0)
        .firstResponseAt(firstResponse)
        .resolvedAt(resolved)
        .rating(rating)
        .version(version)
        .sla(sla)
        .build();
  }

  @Test
  void aTicketsLifeAddsOpenedFirstResponseResolutionReopenAndRatingOnceEach() {
    Ticket created = ticket(TicketStatus.NEW, null, null, null, 1, SLA);
    SupportFigures opened = SupportProjection.change(null, created);
    assertEquals(Map.of(SupportFigures.OPENED, 1L), opened.counters());

    Ticket replied = ticket(TicketStatus.IN_PROGRESS, T0.plusSeconds(40 * 60), null, null, 2, SLA);
    SupportFigures reply = SupportProjection.change(created, replied);
    assertEquals(1, reply.count(SupportFigures.FIRST_RESPONSE));
    assertEquals(40, reply.get("firstResponseMinutes"));
    assertEquals(1, reply.get("firstResponseLe60"));
    assertEquals(
        1, reply.get(SupportFigures.REACTION_MET), "40 minutes against a 60-minute reaction");

    Ticket late =
        ticket(
            TicketStatus.RESOLVED, T0.plusSeconds(40 * 60), T0.plusSeconds(9 * 3600), null, 3, SLA);
    SupportFigures resolved = SupportProjection.change(replied, late);
    assertEquals(1, resolved.get(SupportFigures.RESOLVED));
    assertEquals(540, resolved.get("resolutionMinutes"));
    assertEquals(1, resolved.get(SupportFigures.RESOLUTION_BREACHED), "9 hours against 8");
    assertEquals(
        0, resolved.count(SupportFigures.FIRST_RESPONSE), "the first response counted once");

    Ticket reopened = ticket(TicketStatus.IN_PROGRESS, T0.plusSeconds(40 * 60), null, null, 4, SLA);
    assertEquals(
        Map.of(SupportFigures.REOPENED, 1L), SupportProjection.change(late, reopened).counters());

    Ticket rated =
        ticket(
            TicketStatus.RESOLVED,
            T0.plusSeconds(40 * 60),
            T0.plusSeconds(10 * 3600),
            new Rating(4, null),
            6,
            SLA);
    Ticket resolvedAgain =
        ticket(
            TicketStatus.RESOLVED,
            T0.plusSeconds(40 * 60),
            T0.plusSeconds(10 * 3600),
            null,
            5,
            SLA);
    SupportFigures rating = SupportProjection.change(resolvedAgain, rated);
    assertEquals(Map.of("csatCount", 1L, "csatSum", 4L, "csat4", 1L), rating.counters());
  }

  @Test
  void businessMinutesCountOnlyTheTenantsOpeningHours() {
    // Friday 17:00 to Monday 10:00 UTC: 3,900 calendar minutes, of which Friday 17-18 and Monday
    // 9-10 are open (Monday to Friday 09:00-18:00).
    Instant friday = Instant.parse("2026-11-06T17:00:00Z");
    Instant monday = Instant.parse("2026-11-09T10:00:00Z");
    WorkCalendar standard = WorkCalendar.standard(ZoneId.of("UTC"));
    assertEquals(120, standard.openMinutesBetween(friday, monday));
    WorkCalendar holiday =
        new WorkCalendar(
            ZoneId.of("UTC"), BusinessHours.STANDARD, Set.of(LocalDate.parse("2026-11-09")));
    assertEquals(60, holiday.openMinutesBetween(friday, monday), "Monday is a holiday");
    assertEquals(0, standard.openMinutesBetween(monday, friday));
    assertEquals(
        540 * 5,
        standard.openMinutesBetween(
            Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-09T00:00:00Z")),
        "a whole week: five days of nine hours");
    // In Moscow (UTC+3) Friday 17:00 UTC is 20:00, after closing; Monday 10:00 UTC is 13:00, four
    // hours after opening.
    assertEquals(
        240, WorkCalendar.standard(ZoneId.of("Europe/Moscow")).openMinutesBetween(friday, monday));

    Ticket created =
        Ticket.builder()
            .tenantId("acme")
            .id("tk-1-x")
            .seq(1)
            .number("ACME-1")
            .subject("s")
            .description("d")
            .status(TicketStatus.NEW)
            .priority(Priority.NORMAL)
            .channel(Channel.PORTAL)
            .clientId("cli_a")
            .requester(new Person("a@a.example", "A"))
            .createdAt(friday)
            .updatedAt(friday)
            .version(1)
            .build();
    Ticket answered =
        created.withChange(TicketStatus.IN_PROGRESS, Priority.NORMAL, monday, monday, null, null);
    SupportFigures f = SupportProjection.change(created, answered, standard);
    assertEquals(3900, f.get("firstResponseMinutes"));
    assertEquals(1, f.count(SupportFigures.FIRST_RESPONSE_BUSINESS));
    assertEquals(120, f.get("firstResponseBusinessMinutes"));
    assertEquals(1, f.get("firstResponseBusinessLe120"));
    Map<String, Object> row = SupportTable.row(SupportReport.By.MONTH, "2026-11", f);
    assertEquals(120.0, row.get("firstResponseBusinessMeanMinutes"));
    assertEquals(120L, row.get("firstResponseBusinessP50Minutes"));
    assertEquals(4320L, row.get("firstResponseP50Minutes"));
    assertEquals(SupportTable.columns(SupportReport.By.MONTH), List.copyOf(row.keySet()));
  }

  @Test
  void withoutSlaClocksNoComplianceFigureIsCounted() {
    Ticket before = ticket(TicketStatus.NEW, null, null, null, 1, null);
    Ticket after =
        ticket(TicketStatus.RESOLVED, T0.plusSeconds(60), T0.plusSeconds(120), null, 2, null);
    SupportFigures f = SupportProjection.change(before, after);
    assertEquals(0, f.get(SupportFigures.REACTION_MET) + f.get(SupportFigures.REACTION_BREACHED));
    assertEquals(
        0, f.get(SupportFigures.RESOLUTION_MET) + f.get(SupportFigures.RESOLUTION_BREACHED));
    assertNull(f.compliance(SupportFigures.RESOLUTION_MET, SupportFigures.RESOLUTION_BREACHED));
  }

  @Test
  void quantilesAreTheUpperBoundOfTheirBucket() {
    SupportFigures.Builder b = new SupportFigures.Builder();
    for (long m : List.of(5L, 10L, 20L, 50L, 100L, 200L, 300L, 1000L, 2000L, 20000L))
      b.duration("x", m);
    SupportFigures f = b.build();
    assertEquals(
        120L, f.quantile("x", 0.5), "the 5th of 10 values (100) is in the bucket up to 120");
    assertEquals(4320L, f.quantile("x", 0.9), "the 9th (2000) is in the bucket up to 4320");
    assertNull(f.quantile("x", 1.0), "the 10th is over a week: no upper bound");
    assertNull(SupportFigures.none().quantile("x", 0.5));
  }

  @Test
  void csvIsRfc4180WithAByteOrderMarkAndNoFormulaeFromClientText() {
    SupportReport.Result r =
        new SupportReport.Result(
            SupportReport.By.CLIENT,
            "2026-11",
            "2026-11",
            List.of(
                new SupportReport.Row(
                    "=HYPERLINK(\"x\"),Ромашка",
                    new SupportFigures.Builder().add("opened", 2).build())),
            new SupportFigures.Builder().add("opened", 2).build());
    byte[] csv = SupportTable.csv(r);
    assertEquals((byte) 0xEF, csv[0]);
    String text = new String(csv, StandardCharsets.UTF_8).substring(1);
    String[] lines = text.split("\r\n", -1);
    assertEquals(4, lines.length, "header, row, total, and the final CRLF");
    assertTrue(lines[0].startsWith("clientId,opened,resolved,reopened,"), lines[0]);
    assertTrue(lines[1].startsWith("\"'=HYPERLINK(\"\"x\"\"),Ромашка\",2,0,0,"), lines[1]);
    assertTrue(lines[2].startsWith("total,2,"), lines[2]);
    assertEquals("", lines[3]);
    assertFalse(text.contains("\n\r"));
  }
}
