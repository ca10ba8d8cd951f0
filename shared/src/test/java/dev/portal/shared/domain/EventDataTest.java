package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API shows event data as written, keys in this order; a null optional value is left out. */
class EventDataTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123Z");

  @Test
  void aCreatedEventNamesSubjectPriorityAndChannel() {
    Ticket t = SampleTickets.printer(AT, TicketStatus.NEW, null, null, null);
    assertEquals(
        Map.of("subject", "Printer", "priority", "high", "channel", "email"), EventData.created(t));
    assertEquals(List.of("subject", "priority", "channel"), keys(EventData.created(t)));
  }

  @Test
  void changesAreFromAndToInWireWords() {
    assertEquals(
        Map.of("from", "new", "to", "in_progress"),
        EventData.statusChanged(TicketStatus.NEW, TicketStatus.IN_PROGRESS));
    assertEquals(
        Map.of("from", "low", "to", "urgent"),
        EventData.priorityChanged(Priority.LOW, Priority.URGENT));
  }

  @Test
  void optionalPartsThatAreNullAreLeftOut() {
    assertEquals(Map.of("groupId", "grp_1"), EventData.assigned(null, "grp_1", null, null, null));
    assertEquals(
        List.of("assigneeId", "groupId", "previousAssigneeId", "previousGroupId", "note"),
        keys(EventData.assigned("a@x.example", "g", "b@x.example", "h", "why")));
    assertEquals(Map.of("score", 5), EventData.rated(5, null));
    assertEquals(Map.of("body", "hi", "channel", "email"), EventData.mailComment("hi", null));
    assertEquals(
        Map.of("attachmentId", "att-1", "filename", "a.bin", "size", 3L, "inline", false),
        EventData.attachmentAdded("att-1", "a.bin", null, 3, false));
  }

  @Test
  void timeLoggedCarriesTheMonthAsYearDashMonth() {
    assertEquals(
        Map.of(
            "entryId", "te_1", "minutes", 30, "billable", true, "month", "2026-03", "groupId", "g"),
        EventData.timeLogged("te_1", 30, true, null, null, YearMonth.of(2026, 3), "g"));
  }

  @Test
  void mailEventsNameTheMailAndASuppressionSaysSince() {
    assertEquals(
        List.of("kind", "messageId", "from", "to", "subject"),
        keys(EventData.emailSent("agent_reply", "<m@x>", null, "f@x", "t@x", "S")));
    assertEquals(
        Map.of(
            "kind", "agent_reply",
            "to", "t@x",
            "reason", "suppressed",
            "suppression", "bounce",
            "since", "2026-03-02T10:15:30.123Z"),
        EventData.emailSuppressed(
            "agent_reply", "t@x", new Suppression(Suppression.Reason.BOUNCE, null, AT, null)));
    assertEquals(
        Map.of("clock", "reaction", "dueAt", "2026-03-02T10:15:30.123Z"),
        EventData.slaPoint("reaction", AT));
  }

  private static List<String> keys(Map<String, Object> data) {
    return List.copyOf(data.keySet());
  }
}
