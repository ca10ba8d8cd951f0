package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.SampleTickets;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * A ticket change written as two plain puts, when the ticket put's answer was lost: the SDK sends
 * the put again, and DynamoDB refuses the resend because the first one moved the version. The
 * refusal returns the stored item; when it is exactly what this request put, the change is this
 * request's and goes on (its events are written) instead of being decided again, which would write
 * a comment twice. moto cannot lose an answer, so a double of the SDK client plays that resend.
 */
class LostAnswerTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  /** The first put is refused as the SDK's resend is, returning {@code stored} (null: the put). */
  private static final class ResentPut implements DynamoDouble {
    final List<PutItemRequest> puts = new ArrayList<>();
    final Map<String, AttributeValue> stored;

    ResentPut(Map<String, AttributeValue> stored) {
      this.stored = stored;
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
      puts.add(request);
      if (puts.size() == 1) {
        throw ConditionalCheckFailedException.builder()
            .message("The conditional request failed")
            .item(stored == null ? request.item() : stored)
            .build();
      }
      return PutItemResponse.builder().build();
    }
  }

  private static Ticket changed() {
    return SampleTickets.stranger(AT);
  }

  /** The change's one event: a status change, no mail. */
  static List<TicketEvent> events(Ticket t) {
    return List.of(
        new TicketEvent(
            "ev-" + t.seq() + "-" + t.version(),
            t.version(),
            EventType.STATUS_CHANGED,
            AT,
            new Actor(ActorKind.AGENT, "agent@acme.example"),
            true,
            Map.of("from", "new", "to", "in_progress"),
            null));
  }

  private static DynamoTicketStore store(DynamoDbClient db) {
    return new DynamoTicketStore(
        db, "portal", new CursorCodec("0123456789abcdef0123456789abcdef"), ZoneOffset.UTC);
  }

  @Test
  void aResendRefusedOnTheVersionOurOwnPutMovedIsOursAndItsEventsAreWritten() {
    Ticket t = changed();
    ResentPut db = new ResentPut(null);
    assertTrue(store(db).update(t, events(t), t.version() - 1, List.of()));
    assertEquals(2, db.puts.size(), "the ticket, then its event");
    assertEquals(Keys.eventSk(t.version()), db.puts.get(1).item().get(Keys.SK).s());
    assertEquals("attribute_not_exists(pk)", db.puts.get(1).conditionExpression());
  }

  @Test
  void anotherWritersItemAtThatVersionIsAConflictAndNothingMoreIsWritten() {
    Ticket t = changed();
    Map<String, AttributeValue> theirs = new HashMap<>(DynamoTicketStore.ticketItem(t));
    theirs.put("updatedAt", AttributeValue.fromS(AT.plusSeconds(1).toString()));
    ResentPut db = new ResentPut(theirs);
    assertFalse(store(db).update(t, events(t), t.version() - 1, List.of()));
    assertEquals(1, db.puts.size());
  }
}
