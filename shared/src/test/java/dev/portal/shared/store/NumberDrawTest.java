package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.SampleTickets;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.TenantSettingsChange;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.error.PortalException;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
 * plain write beside such a transaction (the atomic draw, a tenant settings change) is refused with
 * {@code TransactionConflictException} and sent again, and so is a transaction that met one only
 * for the moment it held the tenant's item or a ticket (a new default group, a ticket whose number
 * the atomic draw gave).
 */
class NumberDrawTest {
  private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  /** Cancels the first {@code times} transactions with these reason codes, one per action. */
  private static final class Cancelling implements DynamoDouble {
    final List<TransactWriteItemsRequest> sent = new ArrayList<>();
    final List<String> codes;
    final int times;

    Cancelling(String... codes) {
      this(Integer.MAX_VALUE, codes);
    }

    Cancelling(int times, String... codes) {
      this.times = times;
      this.codes = List.of(codes);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
      sent.add(request);
      if (sent.size() > times) return TransactWriteItemsResponse.builder().build();
      throw TransactionCanceledException.builder()
          .message("Transaction cancelled")
          .cancellationReasons(
              codes.stream().map(c -> CancellationReason.builder().code(c).build()).toList())
          .build();
    }
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
  private static final class BesideTransaction implements DynamoDouble {
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
  void aNewDefaultGroupBesideAPortalCreateIsSentAgain() {
    // The group's Put, then the tenant's default pointer: a create's transaction holds the tenant.
    var group =
        new dev.portal.shared.domain.Group(
            "grp_1", "Support", List.of("agent@acme.example"), true, AT);
    Cancelling db = new Cancelling(2, "None", "TransactionConflict");
    DynamoDeskStore desk =
        new DynamoDeskStore(db, "portal", new CursorCodec("0123456789abcdef0123456789abcdef"));
    desk.createGroup("acme", group, null, Optional.empty());
    assertEquals(3, db.sent.size());
  }

  @Test
  void aDefaultThatMovedIsNotSentAgain() {
    var group =
        new dev.portal.shared.domain.Group(
            "grp_1", "Support", List.of("agent@acme.example"), true, AT);
    Cancelling db = new Cancelling("None", "ConditionalCheckFailed");
    DynamoDeskStore desk =
        new DynamoDeskStore(db, "portal", new CursorCodec("0123456789abcdef0123456789abcdef"));
    assertThrows(
        DeskStore.DefaultMoved.class,
        () -> desk.createGroup("acme", group, null, Optional.empty()));
    assertEquals(1, db.sent.size());
  }

  @Test
  void aTicketWhoseNumberTheAddDrewIsSentAgainWhileAStaleRivalHoldsIt() {
    // A portal create that read an older last number tries the same ticket: its condition on the
    // counter fails, but while its transaction runs ours is cancelled for the conflict.
    Ticket t = SampleTickets.stranger(AT);
    List<TicketEvent> events = List.of(LostAnswerTest.events(t).getFirst());
    Cancelling db = new Cancelling(2, "TransactionConflict", "None");
    store(db).create(t, events, Optional.empty());
    assertEquals(3, db.sent.size());
  }

  @Test
  void aTicketWhoseTransactionFailedAConditionIsNotSentAgain() {
    Ticket t = SampleTickets.stranger(AT);
    List<TicketEvent> events = List.of(LostAnswerTest.events(t).getFirst());
    Cancelling db = new Cancelling("TransactionConflict", "ConditionalCheckFailed");
    assertThrows(
        TransactionCanceledException.class, () -> store(db).create(t, events, Optional.empty()));
    assertEquals(1, db.sent.size());
  }

  @Test
  void aTenantSettingsChangeBesideAPortalCreateIsSentAgain() {
    BesideTransaction db = new BesideTransaction(2);
    var change = new TenantSettingsChange("Acme", null, null, null, null, null, null, null, null);
    directory(db).updateTenant("acme", change, ZoneOffset.UTC);
    assertEquals(3, db.updates);
  }

  @Test
  void aPrefixChangeAfterTheFirstNumberIsStillAConflictAnswer() {
    DynamoDbClient db =
        new DynamoDouble() {
          @Override
          public UpdateItemResponse updateItem(UpdateItemRequest request) {
            throw ConditionalCheckFailedException.builder().message("failed").build();
          }
        };
    var change = new TenantSettingsChange(null, "NEWP", null, null, null, null, null, null, null);
    assertThrows(
        PortalException.Conflict.class,
        () -> directory(db).updateTenant("acme", change, ZoneOffset.UTC));
  }

  private static DynamoDirectoryStore directory(DynamoDbClient db) {
    return new DynamoDirectoryStore(
        db, "portal", new CursorCodec("0123456789abcdef0123456789abcdef"), ZoneOffset.UTC);
  }
}
