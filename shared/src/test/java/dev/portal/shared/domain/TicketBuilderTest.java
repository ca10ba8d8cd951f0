package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TicketBuilderTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123Z");

  @Test
  void toBuilderCopiesEveryField() throws Exception {
    Ticket t =
        SampleTickets.printer(
            AT,
            TicketStatus.RESOLVED,
            AT,
            AT.plusSeconds(5),
            new TicketSla(
                SlaCalendar.BUSINESS,
                java.time.ZoneId.of("Europe/Berlin"),
                AT.plusSeconds(3600),
                AT.plusSeconds(7200),
                AT.plusSeconds(60),
                1500,
                50));
    // Every component set, so a toBuilder() that dropped one could not pass by copying a null.
    for (var c : Ticket.class.getRecordComponents()) {
      Object v = c.getAccessor().invoke(t);
      assertNotNull(v, c.getName() + " is unset in the fixture");
      if (v instanceof Number n) assertNotEquals(0L, n.longValue(), c.getName() + " is zero");
    }
    assertEquals(t, t.toBuilder().build());
  }

  @Test
  void whatIsNotSetIsNullOrZero() {
    Ticket t = Ticket.builder().tenantId("acme").subject("S").build();
    assertEquals("acme", t.tenantId());
    assertEquals("S", t.subject());
    assertEquals(0, t.seq());
    assertEquals(0, t.version());
    assertNull(t.sla());
    assertNull(t.assigneeId());
  }

  @Test
  void eachWithMethodChangesOnlyWhatItNames() {
    Ticket t = SampleTickets.printer(AT, TicketStatus.NEW, null, null, null);
    Ticket routed = t.routedTo(null, "grp_2");
    assertNull(routed.assigneeId());
    assertEquals("grp_2", routed.groupId());
    assertEquals(t, routed.routedTo(t.assigneeId(), t.groupId()));
    Ticket changed =
        t.withChange(TicketStatus.RESOLVED, Priority.URGENT, AT.plusSeconds(9), AT, AT, null);
    assertEquals(
        t.toBuilder()
            .status(TicketStatus.RESOLVED)
            .priority(Priority.URGENT)
            .updatedAt(AT.plusSeconds(9))
            .firstResponseAt(AT)
            .resolvedAt(AT)
            .rating(null)
            .build(),
        changed);
    assertEquals(8, t.withVersion(8).version());
    assertEquals(t.toBuilder().version(8).build(), t.withVersion(8));
    assertEquals(t.toBuilder().contractId("ct_9").build(), t.underContract("ct_9", null));
  }
}
