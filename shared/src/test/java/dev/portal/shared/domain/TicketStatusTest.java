package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketStatusTest {
  /**
   * The contract's transition table, written out independently of the main code: "from->to" in wire
   * names.
   */
  private static final Set<String> ALLOWED =
      Set.of(
          "new->in_progress",
          "new->waiting_for_client",
          "new->resolved",
          "in_progress->waiting_for_client",
          "waiting_for_client->in_progress",
          "in_progress->resolved",
          "waiting_for_client->resolved",
          "resolved->in_progress",
          "resolved->closed");

  @Test
  void everyPairOfStatusesFollowsTheContractTransitionTable() {
    List<String> wrong = new ArrayList<>();
    int pairs = 0;
    for (TicketStatus from : TicketStatus.values()) {
      for (TicketStatus to : TicketStatus.values()) {
        pairs++;
        String pair = from.wire() + "->" + to.wire();
        boolean expected = ALLOWED.contains(pair);
        if (from.canBecome(to) != expected)
          wrong.add(pair + " expected " + (expected ? "allowed" : "forbidden"));
      }
    }
    assertEquals(25, pairs);
    assertEquals(List.of(), wrong);
  }

  @Test
  void noStatusMayBecomeItself() {
    for (TicketStatus s : TicketStatus.values()) assertEquals(false, s.canBecome(s), s.wire());
  }

  @Test
  void closedIsTerminal() {
    assertEquals(Set.of(), TicketStatus.CLOSED.successors());
    for (TicketStatus to : TicketStatus.values())
      assertEquals(false, TicketStatus.CLOSED.canBecome(to), to.wire());
  }

  @Test
  void newTicketCannotBeClosedDirectly() {
    assertEquals(false, TicketStatus.NEW.canBecome(TicketStatus.CLOSED));
  }

  @Test
  void resolvedTicketMayBeReopenedOrClosedOnly() {
    assertEquals(
        EnumSet.of(TicketStatus.IN_PROGRESS, TicketStatus.CLOSED),
        TicketStatus.RESOLVED.successors());
  }

  @Test
  void successorsAgreeWithCanBecome() {
    for (TicketStatus from : TicketStatus.values()) {
      for (TicketStatus to : TicketStatus.values()) {
        assertEquals(
            from.canBecome(to), from.successors().contains(to), from.wire() + "->" + to.wire());
      }
    }
  }

  @Test
  void wireNamesRoundTripAndUnknownNamesAreEmpty() {
    for (TicketStatus s : TicketStatus.values())
      assertEquals(s, TicketStatus.fromWire(s.wire()).orElseThrow());
    assertEquals("waiting_for_client", TicketStatus.WAITING_FOR_CLIENT.wire());
    assertTrue(TicketStatus.fromWire("IN_PROGRESS").isEmpty());
    assertTrue(TicketStatus.fromWire("reopened").isEmpty());
    assertTrue(TicketStatus.fromWire(null).isEmpty());
  }
}
