package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
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
}
