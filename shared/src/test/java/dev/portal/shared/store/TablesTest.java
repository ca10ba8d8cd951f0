package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class TablesTest {

  /** Reasons as DynamoDB reports them: one per action, "None" for an action that did not fail. */
  private static TransactionCanceledException cancelled(String... codes) {
    return TransactionCanceledException.builder()
        .message("Transaction cancelled")
        .cancellationReasons(
            Arrays.stream(codes).map(c -> CancellationReason.builder().code(c).build()).toList())
        .build();
  }

  @Test
  void keyIsThePrimaryKeyMapOfTheTable() {
    assertEquals(
        Map.of("pk", AttributeValue.fromS("TENANT#acme"), "sk", AttributeValue.fromS("#TENANT")),
        Tables.key("TENANT#acme", "#TENANT"));
  }

  @Test
  void queryIdNamesTheIndexAndThePartition() {
    assertEquals("GSI3|TENANT#acme#X", Tables.queryId(3, "TENANT#acme#X"));
  }

  @Test
  void conditionFailedAtReadsTheReasonOfThatActionOnly() {
    TransactionCanceledException e = cancelled("None", "ConditionalCheckFailed", "None");
    assertFalse(Tables.conditionFailedAt(e, 0));
    assertTrue(Tables.conditionFailedAt(e, 1));
    assertFalse(Tables.conditionFailedAt(e, 2));
  }

  @Test
  void anIndexOutsideTheReasonsIsNoFailure() {
    TransactionCanceledException e = cancelled("ConditionalCheckFailed");
    assertFalse(Tables.conditionFailedAt(e, 1));
    assertFalse(Tables.conditionFailedAt(e, -1));
    assertEquals("", Tables.reasonAt(e, 5));
  }

  @Test
  void noReasonsAtAllIsNoFailureAndNoConflict() {
    TransactionCanceledException e =
        TransactionCanceledException.builder().message("Transaction cancelled").build();
    assertFalse(Tables.conditionFailedAt(e, 0));
    assertFalse(Tables.conflictedAt(e, 0));
    assertFalse(Tables.conflictedAnywhere(e));
  }

  @Test
  void aReasonWithoutCodeReadsAsEmpty() {
    TransactionCanceledException e =
        TransactionCanceledException.builder()
            .cancellationReasons(CancellationReason.builder().message("no code").build())
            .build();
    assertEquals("", Tables.reasonAt(e, 0));
  }

  @Test
  void conflictIsToldApartFromAFailedCondition() {
    TransactionCanceledException e = cancelled("TransactionConflict", "ConditionalCheckFailed");
    assertTrue(Tables.conflictedAt(e, 0));
    assertFalse(Tables.conditionFailedAt(e, 0));
    assertFalse(Tables.conflictedAt(e, 1));
    assertTrue(Tables.conflictedAnywhere(e));
    assertFalse(Tables.conflictedAnywhere(cancelled("None", "ConditionalCheckFailed")));
  }

  private static List<Map<String, AttributeValue>> keys(int n) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(Tables.key("TENANT#acme#TICKET#" + i, "#TICKET"));
    return out;
  }

  private static KeysAndAttributes asked(BatchGetItemRequest r) {
    return r.requestItems().get("portal");
  }

  @Test
  void batchGetAsksAHundredKeysARequestAndReturnsEveryItemFound() {
    ScriptedDynamoDb db = new ScriptedDynamoDb();
    List<Map<String, AttributeValue>> keys = keys(250);
    List<Map<String, AttributeValue>> found =
        new Tables(db, "portal", null).batchGet(keys, true, "pk, id", Map.of());
    assertEquals(
        List.of(100, 100, 50), db.batchGets.stream().map(r -> asked(r).keys().size()).toList());
    assertEquals(new HashSet<>(keys), new HashSet<>(found));
    assertEquals(250, found.size());
  }

  /**
   * DynamoDB refuses a BatchGetItem that names a key twice (ValidationException): a key given
   * twice, even a hundred keys apart (a ticket a paged index listed on two pages), is asked for
   * once and found once.
   */
  @Test
  void batchGetAsksForAKeyGivenTwiceOnce() {
    ScriptedDynamoDb db = new ScriptedDynamoDb();
    List<Map<String, AttributeValue>> keys = new ArrayList<>(keys(150));
    keys.add(keys.get(3));
    keys.add(keys.get(120));
    List<Map<String, AttributeValue>> found = new Tables(db, "portal", null).batchGet(keys, true);
    List<Map<String, AttributeValue>> asked = new ArrayList<>();
    for (BatchGetItemRequest r : db.batchGets) asked.addAll(asked(r).keys());
    assertEquals(150, asked.size());
    assertEquals(150, new HashSet<>(asked).size());
    assertEquals(150, found.size());
  }

  @Test
  void batchGetSendsItsConsistencyAndProjectionWithEveryRequest() {
    ScriptedDynamoDb db = new ScriptedDynamoDb();
    new Tables(db, "portal", null)
        .batchGet(keys(150), false, "#e, #n", Map.of("#e", "email", "#n", "name"));
    for (BatchGetItemRequest r : db.batchGets) {
      assertFalse(asked(r).consistentRead());
      assertEquals("#e, #n", asked(r).projectionExpression());
      assertEquals(Map.of("#e", "email", "#n", "name"), asked(r).expressionAttributeNames());
    }
    assertEquals(2, db.batchGets.size());
  }

  @Test
  void batchGetWithoutProjectionAsksForWholeItemsAndSendsNoNames() {
    // DynamoDB refuses an empty ExpressionAttributeNames map.
    ScriptedDynamoDb db = new ScriptedDynamoDb();
    new Tables(db, "portal", null).batchGet(keys(3), true);
    KeysAndAttributes asked = asked(db.batchGets.getFirst());
    assertTrue(asked.consistentRead());
    assertNull(asked.projectionExpression());
    assertFalse(asked.hasExpressionAttributeNames());
  }

  @Test
  void unprocessedKeysAreAskedAgainWithTheSameConsistencyAndProjection() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().unprocessed(2);
    List<Map<String, AttributeValue>> found =
        new Tables(db, "portal", null).batchGet(keys(3), true, "pk, id", Map.of());
    assertEquals(3, db.batchGets.size(), "twice unprocessed, then found");
    assertEquals(3, found.size());
    for (BatchGetItemRequest r : db.batchGets) {
      assertTrue(asked(r).consistentRead());
      assertEquals("pk, id", asked(r).projectionExpression());
    }
  }

  @Test
  void keysStillUnprocessedAfterFiveAttemptsFailTheReadRatherThanShortenIt() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().unprocessed(Integer.MAX_VALUE);
    Tables tables = new Tables(db, "portal", null);
    assertThrows(IllegalStateException.class, () -> tables.batchGet(keys(3), true));
    assertEquals(Tables.BATCH_GET_ATTEMPTS, db.batchGets.size());
  }

  @Test
  void fiveAttemptsAreCountedPerRequestOfAHundred() {
    // The first hundred take all five attempts; the second hundred has five of its own.
    ScriptedDynamoDb db = new ScriptedDynamoDb().unprocessed(Tables.BATCH_GET_ATTEMPTS - 1);
    List<Map<String, AttributeValue>> found =
        new Tables(db, "portal", null).batchGet(keys(200), true);
    assertEquals(200, found.size());
    assertEquals(Tables.BATCH_GET_ATTEMPTS + 1, db.batchGets.size());
  }
}
