package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.SampleTickets;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A portal create's transaction draws the ticket's number (the counter's Update, second after the
 * ticket's Put). DynamoDB cancels a transaction that meets another on the same item with reason
 * {@code TransactionConflict}, which moto never answers (docs/aws-behaviour.md): on the counter
 * that is a lost draw, to be drawn again; anywhere else it is not this store's to decide.
 */
class NumberDrawTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  /** Cancels every transaction with these reason codes, one per action. */
  private static final class Cancelling implements DynamoDbClient {
    final List<TransactWriteItemsRequest> sent = new ArrayList<>();
    final List<String> codes;

    Cancelling(String... codes) {
      this.codes = List.of(codes);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
      sent.add(request);
      throw TransactionCanceledException.builder()
          .message("Transaction cancelled")
          .cancellationReasons(
              codes.stream().map(c -> CancellationReason.builder().code(c).build()).toList())
          .build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  private static DynamoTicketStore store(DynamoDbClient db) {
    return new DynamoTicketStore(
        db, "portal", new CursorCodec("0123456789abcdef0123456789abcdef"), ZoneOffset.UTC);
  }

  private static TicketStore.Opening read(Ticket t) {
    return new TicketStore.Opening(
        new TenantSettings(t.tenantId(), "ACME", ZoneOffset.UTC),
        t.seq() - 1,
        null,
        Optional.empty(),
        ClientContracts.NONE,
        Optional.empty());
  }

  @Test
  void aConflictOnTheCounterIsALostDraw() {
    Ticket t = SampleTickets.stranger(AT);
    Cancelling db = new Cancelling("None", "TransactionConflict");
    assertThrows(
        TicketStore.NumberTaken.class,
        () -> store(db).createNumbered(t, read(t), List.of(), Optional.empty()));
    var counter = db.sent.getFirst().transactItems().get(1).update();
    assertEquals("ticketSeq = :last", counter.conditionExpression());
    assertEquals(String.valueOf(t.seq() - 1), counter.expressionAttributeValues().get(":last").n());
  }

  @Test
  void aFailedConditionOnTheCounterIsALostDraw() {
    Ticket t = SampleTickets.stranger(AT);
    assertThrows(
        TicketStore.NumberTaken.class,
        () ->
            store(new Cancelling("None", "ConditionalCheckFailed"))
                .createNumbered(t, read(t), List.of(), Optional.empty()));
  }

  @Test
  void aConflictOnTheTicketAloneIsNotADrawLost() {
    Ticket t = SampleTickets.stranger(AT);
    assertThrows(
        TransactionCanceledException.class,
        () ->
            store(new Cancelling("TransactionConflict", "None"))
                .createNumbered(t, read(t), List.of(), Optional.empty()));
  }
}
