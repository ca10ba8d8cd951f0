package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Every store read made of BatchGetItems gives up when DynamoDB keeps handing its keys back
 * unprocessed (a throttled table): five attempts, then an exception its caller already turns into a
 * failed request, tick or rebuild, never a shorter answer and never a loop until the Lambda's
 * timeout. Each read also keeps its consistency and projection on every attempt.
 */
class BatchGetBoundTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static ScriptedDynamoDb throttled() {
    return new ScriptedDynamoDb().unprocessed(Integer.MAX_VALUE);
  }

  private static KeysAndAttributes asked(ScriptedDynamoDb db, int i) {
    return db.batchGets.get(i).requestItems().get("portal");
  }

  @Test
  void ticketOwnersForAnInvoiceFailAfterFiveAttemptsProjectedAndConsistent() {
    ScriptedDynamoDb db = throttled();
    DynamoContractStore store = new DynamoContractStore(db, "portal", null, UTC);
    assertThrows(IllegalStateException.class, () -> store.ticketOwners("acme", List.of(1L, 2L)));
    assertEquals(Tables.BATCH_GET_ATTEMPTS, db.batchGets.size());
    for (int i = 0; i < db.batchGets.size(); i++) {
      assertTrue(asked(db, i).consistentRead());
      assertEquals("pk, id, clientId", asked(db, i).projectionExpression());
    }
  }

  @Test
  void contractReadsFailAfterFiveAttemptsConsistent() {
    ScriptedDynamoDb db = throttled();
    DynamoContractStore store = new DynamoContractStore(db, "portal", null, UTC);
    assertThrows(IllegalStateException.class, () -> store.ledgerContext("acme", "cli_1"));
    assertEquals(Tables.BATCH_GET_ATTEMPTS, db.batchGets.size());
    assertTrue(asked(db, 0).consistentRead());
    assertEquals(null, asked(db, 0).projectionExpression());
  }

  @Test
  void slaTicketsFailAfterFiveAttemptsConsistent() {
    ScriptedDynamoDb db = throttled();
    DynamoSlaStore store = new DynamoSlaStore(db, "portal");
    assertThrows(
        IllegalStateException.class,
        () -> store.tickets(List.of(new SlaStore.TicketRef("acme", 1))));
    assertEquals(Tables.BATCH_GET_ATTEMPTS, db.batchGets.size());
    assertTrue(asked(db, Tables.BATCH_GET_ATTEMPTS - 1).consistentRead());
  }

  @Test
  void reportNamesFailAfterFiveAttemptsEventuallyConsistentAndProjected() {
    ScriptedDynamoDb db = throttled();
    DynamoReportStore store = new DynamoReportStore(db, "portal");
    assertThrows(
        IllegalStateException.class, () -> store.staffNames("acme", List.of("a@acme.test")));
    assertEquals(Tables.BATCH_GET_ATTEMPTS, db.batchGets.size());
    KeysAndAttributes last = asked(db, Tables.BATCH_GET_ATTEMPTS - 1);
    assertFalse(last.consistentRead() != null && last.consistentRead());
    assertEquals("#e, #i, #n", last.projectionExpression());
    assertEquals(Map.of("#e", "email", "#i", "id", "#n", "name"), last.expressionAttributeNames());
  }

  @Test
  void aClientAdminsMonthFiguresFailAfterFiveAttemptsConsistent() {
    ScriptedDynamoDb db = throttled();
    DynamoReportStore store = new DynamoReportStore(db, "portal");
    assertThrows(
        IllegalStateException.class,
        () -> store.clientMonths("acme", "cli_1", List.of("2026-01", "2026-02")));
    assertEquals(Tables.BATCH_GET_ATTEMPTS, db.batchGets.size());
    assertTrue(asked(db, Tables.BATCH_GET_ATTEMPTS - 1).consistentRead());
  }

  @Test
  void aFiguresRebuildFailsAfterFiveAttemptsBeforeItClearsAnything() {
    Map<String, AttributeValue> listed = Tables.key("TENANT#acme#TICKET#1", "#TICKET");
    ScriptedDynamoDb db = throttled().querying(List.of(listed));
    DynamoFiguresTimeline timeline = new DynamoFiguresTimeline(db, "portal");
    assertThrows(IllegalStateException.class, () -> timeline.tickets("acme"));
    assertEquals(Tables.BATCH_GET_ATTEMPTS, db.batchGets.size());
    assertEquals(List.of(listed), asked(db, Tables.BATCH_GET_ATTEMPTS - 1).keys());
    assertTrue(asked(db, Tables.BATCH_GET_ATTEMPTS - 1).consistentRead());
  }
}
