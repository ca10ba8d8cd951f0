package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * Which way a ticket change is written, at the byte where the choice turns: its events listed on
 * the ticket item ride in the ticket's last started KB (two plain puts, no transaction) only while
 * the ticket with its list bills no more write units than without it; one byte more and the change
 * is a transaction, so a pending list never makes a ticket's write dearer.
 */
class ChangeWriteChoiceTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  /** Records every write and accepts it. */
  private static final class Recording implements DynamoDbClient {
    final List<PutItemRequest> puts = new ArrayList<>();
    final List<TransactWriteItemsRequest> transactions = new ArrayList<>();

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
      puts.add(request);
      return PutItemResponse.builder().build();
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
      transactions.add(request);
      return TransactWriteItemsResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  private static List<TicketEvent> events(Ticket t) {
    return LostAnswerTest.events(t);
  }

  /** The sample ticket with a description of {@code length} ASCII letters. */
  private static Ticket withDescription(int length) {
    return SampleTickets.stranger(AT).toBuilder().description("d".repeat(length)).build();
  }

  /**
   * The description length at which the ticket item with its pending list is exactly {@code kb} KB:
   * each letter of the description is one byte of the item.
   */
  private static int lengthFillingWithPending(int kb) {
    Ticket probe = withDescription(0);
    Map<String, AttributeValue> item = new HashMap<>(DynamoTicketStore.ticketItem(probe));
    item.put(DynamoTicketStore.PENDING_EVENTS, DynamoTicketStore.pendingItem(events(probe)));
    return kb * 1024 - DynamoLimits.itemBytes(item);
  }

  private static Recording write(Ticket t) {
    Recording db = new Recording();
    DynamoTicketStore store =
        new DynamoTicketStore(
            db, "portal", new CursorCodec("0123456789abcdef0123456789abcdef"), ZoneOffset.UTC);
    assertTrue(store.update(t, events(t), t.version() - 1, List.of()));
    return db;
  }

  @Test
  void eventsEndingExactlyOnTheTicketsLastKbAreTwoPlainPuts() {
    Ticket t = withDescription(lengthFillingWithPending(2));
    Map<String, AttributeValue> item = new HashMap<>(DynamoTicketStore.ticketItem(t));
    item.put(DynamoTicketStore.PENDING_EVENTS, DynamoTicketStore.pendingItem(events(t)));
    assertEquals(2048, DynamoLimits.itemBytes(item), "the case is at the boundary");

    Recording db = write(t);

    assertEquals(0, db.transactions.size());
    assertEquals(2, db.puts.size(), "the ticket with its list, then its event");
    assertTrue(db.puts.getFirst().item().containsKey(DynamoTicketStore.PENDING_EVENTS));
  }

  @Test
  void oneByteMoreIsATransactionWithoutAPendingList() {
    Ticket t = withDescription(lengthFillingWithPending(2) + 1);

    Recording db = write(t);

    assertEquals(0, db.puts.size());
    assertEquals(1, db.transactions.size());
    assertTrue(
        db.transactions.getFirst().transactItems().stream()
            .noneMatch(w -> w.put().item().containsKey(DynamoTicketStore.PENDING_EVENTS)));
  }
}
