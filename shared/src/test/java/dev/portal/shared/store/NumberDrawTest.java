package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.SampleTickets;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A portal create's transaction draws the ticket's number (the counter's Update, second after the
 * ticket's Put). DynamoDB cancels a transaction that meets another on the same item with reason
 * {@code TransactionConflict}, which moto never answers (docs/aws-behaviour.md): on the counter,
 * the ticket or its events (the items of this number) that is a lost draw, to be drawn again. A
 * plain write beside such a transaction, the atomic draw's UpdateItem, is refused with {@code
 * TransactionConflictException} and sent again.
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
  void aConflictOnTheTicketOrItsEventIsARivalDrawOfTheSameNumber() {
    Ticket t = SampleTickets.stranger(AT);
    List<TicketEvent> events = List.of(LostAnswerTest.events(t).getFirst());
    assertThrows(
        TicketStore.NumberTaken.class,
        () ->
            store(new Cancelling("TransactionConflict", "None", "None"))
                .createNumbered(t, read(t), events, Optional.empty()));
    assertThrows(
        TicketStore.NumberTaken.class,
        () ->
            store(new Cancelling("None", "None", "TransactionConflict"))
                .createNumbered(t, read(t), events, Optional.empty()));
  }

  @Test
  void anIdempotencyRecordTakenIsAReplayNotADrawLost() {
    // Two requests with one key read the same number; the first committed its ticket, counter and
    // record: the second is answered from the record, and draws no number.
    Ticket t = SampleTickets.stranger(AT);
    CompletedIdempotency record =
        new CompletedIdempotency(
            new IdempotencyClaim(t.tenantId(), "scope", "hash"),
            new StoredResponse(201, Map.of(), "{}"));
    assertThrows(
        IdempotencyCollision.class,
        () ->
            store(new Cancelling("None", "ConditionalCheckFailed", "ConditionalCheckFailed"))
                .createNumbered(t, read(t), List.of(), Optional.of(record)));
  }

  @Test
  void aConditionFailedOnTheTicketAloneIsNotThisStoresToDecide() {
    Ticket t = SampleTickets.stranger(AT);
    assertThrows(
        TransactionCanceledException.class,
        () ->
            store(new Cancelling("ConditionalCheckFailed", "None"))
                .createNumbered(t, read(t), List.of(), Optional.empty()));
  }

  /** Refuses the first {@code conflicts} UpdateItems as DynamoDB does beside a transaction. */
  private static final class BesideTransaction implements DynamoDbClient {
    final int conflicts;
    int updates;

    BesideTransaction(int conflicts) {
      this.conflicts = conflicts;
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
      if (++updates <= conflicts) {
        throw TransactionConflictException.builder()
            .message("Transaction is ongoing for the item")
            .build();
      }
      return UpdateItemResponse.builder()
          .attributes(
              Map.of(
                  Keys.PK,
                  AttributeValue.fromS(Keys.tenantPk("acme")),
                  "ticketSeq",
                  AttributeValue.fromN("42")))
          .build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  @Test
  void theAtomicDrawIsSentAgainWhileAPortalCreatesTransactionHoldsTheTenant() {
    BesideTransaction db = new BesideTransaction(2);
    assertEquals(42, store(db).nextNumber("acme").seq());
    assertEquals(3, db.updates);
  }

  @Test
  void theAtomicDrawGivesUpAfterItsAttempts() {
    BesideTransaction db = new BesideTransaction(Integer.MAX_VALUE);
    assertThrows(TransactionConflictException.class, () -> store(db).nextNumber("acme"));
    assertEquals(Tables.CONFLICT_ATTEMPTS, db.updates);
  }

  @Test
  void aNewDefaultGroupBesideAPortalCreateReadsTheDefaultAgain() {
    // The group's Put, then the tenant's default pointer: a create's transaction holds the tenant.
    var group =
        new dev.portal.shared.domain.Group(
            "grp_1", "Support", List.of("agent@acme.example"), true, AT);
    DynamoDeskStore desk =
        new DynamoDeskStore(
            new Cancelling("None", "TransactionConflict"),
            "portal",
            new CursorCodec("0123456789abcdef0123456789abcdef"));
    assertThrows(
        DeskStore.DefaultMoved.class,
        () -> desk.createGroup("acme", group, null, Optional.empty()));
  }
}
