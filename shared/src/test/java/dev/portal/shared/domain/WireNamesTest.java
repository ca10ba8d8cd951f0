package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
