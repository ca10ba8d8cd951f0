package dev.portal.shared.store;

import static dev.portal.shared.store.ScriptedDynamoDb.cancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.KeptMonths;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.TimeEntry;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The decisions of {@code DynamoContractStore.log} after a cancelled transaction: which step the
 * item that keeps the ledger's months takes next, read from the item DynamoDB returned with the
 * failed condition. Actions: 0 entry, 1 month aggregate, 2 event, then (no idempotency record here)
 * for a start the check that the next month's aggregate does not exist, and last the keeping item.
 */
class LedgerStepsTest {
  private static final String NONE = "None";
  private static final String FAILED = Tables.CONDITION_FAILED;
  private static final String CONFLICT = Tables.TRANSACTION_CONFLICT;
  private static final int KEEPER = 3;

  private static final YearMonth MONTH = YearMonth.of(2026, 11);
  private static final int K = KeptMonths.slot(MONTH);
  private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

  private static TimeEntry entry(String contractId) {
    return new TimeEntry(
        "te_1", "tk-1", 1, "cli_1", contractId, MONTH, 30, "work", true, AT, "a@x.io", false);
  }

  private static final Ticket TICKET =
      Ticket.builder()
          .tenantId("acme")
          .id("tk-1")
          .seq(1)
          .number("ACME-1")
          .subject("s")
          .description("d")
          .status(TicketStatus.IN_PROGRESS)
          .priority(Priority.NORMAL)
          .channel(Channel.PORTAL)
          .clientId("cli_1")
          .requester(new Person("r@x.io", "R"))
          .createdAt(AT)
          .updatedAt(AT)
          .version(3)
          .build();

  private static final TicketEvent EVENT =
      new TicketEvent(
          "ev-1-4",
          4,
          EventType.TIME_LOGGED,
          AT,
          new Actor(ActorKind.AGENT, "a@x.io"),
          false,
          Map.of("minutes", 30));

  /** A keeping item as DynamoDB returns it: kept from {@code from}, slot K holding {@code held}. */
  private static Map<String, AttributeValue> keeping(String from, YearMonth held) {
    Map<String, AttributeValue> item = new HashMap<>();
    if (from != null) item.put(MonthBalances.FROM, AttributeValue.fromS(from));
    if (held != null) {
      item.put("bm" + K, AttributeValue.fromS(held.toString()));
      item.put("bu" + K, AttributeValue.fromN("10"));
      item.put("bn" + K, AttributeValue.fromN("0"));
      item.put("be" + K, AttributeValue.fromN("1"));
    }
    return item;
  }

  /** The keeping item's condition failed; it comes back as {@code item}. */
  private static TransactionCanceledException keptMonthsMoved(Map<String, AttributeValue> item) {
    return cancelled(KEEPER, item, NONE, NONE, NONE, FAILED);
  }

  private static void log(ScriptedDynamoDb db, TimeEntry e) {
    new DynamoContractStore(db, "portal", null, ZoneId.of("UTC"))
        .log(e, TICKET, EVENT, Optional.empty());
  }

  private static Update keeper(TransactWriteItemsRequest r) {
    return r.transactItems().getLast().update();
  }

  private static Update aggregate(TransactWriteItemsRequest r) {
    return r.transactItems().get(1).update();
  }

  @Test
  void aNewMonthThenAnotherEntryFirstAddsToIt() {
    // The slot held November 2025; by the second attempt a concurrent entry has put November 2026.
    ScriptedDynamoDb db =
        new ScriptedDynamoDb()
            .cancel(
                keptMonthsMoved(keeping("0001-01", MONTH.minusMonths(13))),
                keptMonthsMoved(keeping("0001-01", MONTH)));
    log(db, entry("ct_1"));
    List<TransactWriteItemsRequest> sent = db.transactions;
    assertEquals(3, sent.size());
    assertEquals("#m = :m", keeper(sent.get(0)).conditionExpression(), "add to the month held");
    assertEquals(
        "attribute_exists(#from) AND (attribute_not_exists(#m) OR #m < :m)",
        keeper(sent.get(1)).conditionExpression(),
        "the month replaces the one 13 before");
    assertEquals("#m = :m", keeper(sent.get(2)).conditionExpression(), "then add after all");
    for (TransactWriteItemsRequest r : sent) {
      assertNull(aggregate(r).conditionExpression(), "the aggregate only adds");
    }
    assertEquals(List.of(), db.gets, "the returned item decided, nothing read");
  }

  @Test
  void anItemWrittenBeforeMonthsWereKeptStartsCompleteThenFromTheNextMonth() {
    // A contract without balancesFrom; its month aggregate turns out to exist (earlier entries).
    ScriptedDynamoDb db =
        new ScriptedDynamoDb()
            .cancel(
                keptMonthsMoved(keeping(null, null)), cancelled(NONE, FAILED, NONE, NONE, NONE));
    log(db, entry("ct_1"));
    List<TransactWriteItemsRequest> sent = db.transactions;
    assertEquals(3, sent.size());
    assertEquals(
        "attribute_exists(pk) AND attribute_not_exists(#from)",
        keeper(sent.get(1)).conditionExpression());
    assertEquals(
        "attribute_not_exists(pk)",
        aggregate(sent.get(1)).conditionExpression(),
        "complete only if the month had no entries");
    assertEquals("2026-11", keeper(sent.get(1)).expressionAttributeValues().get(":from").s());
    assertNull(aggregate(sent.get(2)).conditionExpression());
    assertEquals(
        "2026-12",
        keeper(sent.get(2)).expressionAttributeValues().get(":from").s(),
        "the month's earlier entries are in its aggregate only: kept from the next month");
  }

  @Test
  void aStartChecksTheNextMonthHadNoEntriesElseTellsFromTheMonthAfter() {
    // A backdated entry of November on an item written before months were kept, while December
    // already has entries that old code added to its aggregate only.
    ScriptedDynamoDb db =
        new ScriptedDynamoDb()
            .cancel(
                keptMonthsMoved(keeping(null, null)), cancelled(NONE, NONE, NONE, FAILED, NONE));
    log(db, entry("ct_1"));
    List<TransactWriteItemsRequest> sent = db.transactions;
    assertEquals(3, sent.size());
    var check = sent.get(1).transactItems().get(3).conditionCheck();
    assertEquals("USAGE#2026-12", check.key().get("sk").s());
    assertEquals("attribute_not_exists(pk)", check.conditionExpression());
    assertEquals(4, sent.get(2).transactItems().size(), "no check once past it");
    assertNull(aggregate(sent.get(2)).conditionExpression());
    assertEquals("2027-01", keeper(sent.get(2)).expressionAttributeValues().get(":from").s());
  }

  @Test
  void aSlotHoldingANewerMonthLeavesTheItemAlone() {
    ScriptedDynamoDb db =
        new ScriptedDynamoDb().cancel(keptMonthsMoved(keeping("0001-01", MONTH.plusMonths(13))));
    log(db, entry("ct_1"));
    assertEquals(2, db.transactions.size());
    assertEquals(
        3, db.transactions.get(1).transactItems().size(), "entry, aggregate, event: no keeper");
  }

  @Test
  void aConflictIsSentAgainAsItWasThenAFailedConditionDecidesAgain() {
    ScriptedDynamoDb db =
        new ScriptedDynamoDb()
            .cancel(
                cancelled(NONE, CONFLICT, NONE, NONE),
                keptMonthsMoved(keeping("0001-01", MONTH.minusMonths(13))));
    log(db, entry("ct_1"));
    List<TransactWriteItemsRequest> sent = db.transactions;
    assertEquals(3, sent.size());
    assertEquals(sent.get(0), sent.get(1), "after a conflict, the same transaction");
    assertEquals(
        "attribute_exists(#from) AND (attribute_not_exists(#m) OR #m < :m)",
        keeper(sent.get(2)).conditionExpression());
  }

  @Test
  void workOutsideAContractWithNoItemYetReadsItAgainAndCreatesIt() {
    // The condition failed on an item that does not exist: the answer carries none.
    ScriptedDynamoDb db =
        new ScriptedDynamoDb().cancel(cancelled(NONE, NONE, NONE, FAILED)).storing(Map.of());
    log(db, entry(null));
    assertEquals(1, db.gets.size(), "a consistent GetItem of the #MONTHS item");
    assertEquals(true, db.gets.getFirst().consistentRead());
    Update start = keeper(db.transactions.get(1));
    assertEquals("attribute_not_exists(#from)", start.conditionExpression());
    assertEquals(
        DynamoContractStore.UNCONTRACTED_TYPE,
        start.expressionAttributeValues().values().stream()
            .filter(v -> DynamoContractStore.UNCONTRACTED_TYPE.equals(v.s()))
            .findFirst()
            .orElseThrow()
            .s(),
        "created with its type, so it sits in the client's contracts partition");
  }

  @Test
  void aFailedConditionElsewhereIsNoRetry() {
    TransactionCanceledException entryExists = cancelled(FAILED, NONE, NONE, NONE);
    ScriptedDynamoDb db = new ScriptedDynamoDb().cancel(entryExists);
    assertSame(
        entryExists,
        assertThrows(TransactionCanceledException.class, () -> log(db, entry("ct_1"))));
    assertEquals(1, db.transactions.size());
  }
}
