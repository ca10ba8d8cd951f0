package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.sla.SlaSchedule;
import dev.portal.shared.webhook.WebhookDelivery;
import dev.portal.shared.webhook.WebhookEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireNamesTest {
  @Test
  void findsEachValueByItsWordAndNothingElse() {
    for (MailOutcome o : MailOutcome.values())
      assertEquals(Optional.of(o), MailOutcome.fromWire(o.wire()));
    assertEquals(Optional.empty(), MailOutcome.fromWire("RECEIVED"));
    assertEquals(Optional.empty(), TicketStatus.fromWire(null));
    assertEquals(Optional.empty(), TicketStatus.fromWire(""));
  }

  @Test
  void theMessageListsEveryWordInOrder() {
    assertEquals(
        "must be one of received, ticket, comment, duplicate, rejected, quarantined",
        WireNames.oneOf(MailOutcome.values()));
    assertEquals(
        "must be one of new, in_progress, waiting_for_client, resolved, closed",
        WireNames.oneOf(TicketStatus.values()));
  }

  @Test
  void everyWireEnumRoundTripsThroughItsFromWire() {
    for (Priority v : Priority.values()) assertEquals(Optional.of(v), Priority.fromWire(v.wire()));
    for (Role v : Role.values()) assertEquals(Optional.of(v), Role.fromWire(v.wire()));
    for (Language v : Language.values()) assertEquals(Optional.of(v), Language.fromWire(v.wire()));
    for (SlaCalendar v : SlaCalendar.values())
      assertEquals(Optional.of(v), SlaCalendar.fromWire(v.wire()));
    for (InvoiceStatus v : InvoiceStatus.values())
      assertEquals(Optional.of(v), InvoiceStatus.fromWire(v.wire()));
    for (Suppression.Reason v : Suppression.Reason.values())
      assertEquals(Optional.of(v), Suppression.Reason.fromWire(v.wire()));
    for (WebhookEvent v : WebhookEvent.values())
      assertEquals(Optional.of(v), WebhookEvent.fromWire(v.wire()));
    for (ActorKind v : ActorKind.values()) assertEquals(v, ActorKind.fromWire(v.wire()));
    for (Channel v : Channel.values()) assertEquals(v, Channel.fromWire(v.wire()));
    for (EventType v : EventType.values()) assertEquals(v, EventType.fromWire(v.wire()));
    for (SlaSchedule.Point v : SlaSchedule.Point.values())
      assertEquals(v, SlaSchedule.Point.fromWire(v.wire()));
    for (SlaSchedule.ClockKind v : SlaSchedule.ClockKind.values())
      assertEquals(v, SlaSchedule.ClockKind.fromWire(v.wire()));
    for (WebhookDelivery.Status v : WebhookDelivery.Status.values())
      assertEquals(v, WebhookDelivery.Status.fromWire(v.wire()));
  }

  @Test
  void aWordOurCodeWroteThatDoesNotParseIsABugNamedInTheMessage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Channel.fromWire("fax"));
    assertEquals("unknown channel fax", e.getMessage());
    assertEquals(
        "unknown SLA clock nope",
        assertThrows(IllegalArgumentException.class, () -> SlaSchedule.ClockKind.fromWire("nope"))
            .getMessage());
  }

  @Test
  void anUnknownDeliveryStatusReadsAsPending() {
    assertEquals(WebhookDelivery.Status.PENDING, WebhookDelivery.Status.fromWire("bogus"));
  }

  @Test
  void aSubsetFindsOnlyItsOwnValuesAndListsOnlyItsOwnWords() {
    List<Role> staff = List.of(Role.AGENT, Role.ADMIN);
    assertEquals(Optional.of(Role.ADMIN), WireNames.find(staff, "admin"));
    assertEquals(Optional.empty(), WireNames.find(staff, "client"));
    assertEquals(List.of("agent", "admin"), WireNames.words(staff));
    assertEquals(
        List.of("low", "normal", "high", "urgent"), WireNames.words(List.of(Priority.values())));
  }
}
