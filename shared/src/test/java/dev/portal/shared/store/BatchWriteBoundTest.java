package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.sla.SlaSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Every store write made of BatchWriteItems gives up when DynamoDB keeps handing its requests back
 * unprocessed (a throttled table): five attempts a request, then an exception naming how many
 * writes were not made, which the stream consumer turns into a retried record and the figures
 * rebuild into a failed run, never a loop until the Lambda's timeout kills it mid-write.
 */
class BatchWriteBoundTest {
  private static SlaSchedule.Entry entry(long seq, SlaSchedule.Point point) {
    Instant due = Instant.parse("2026-03-02T10:00:00Z");
    return new SlaSchedule.Entry(
        "acme", seq, point, SlaSchedule.ClockKind.RESOLUTION, due, due.minusSeconds(600));
  }

  private static List<WriteRequest> asked(ScriptedDynamoDb db, int i) {
    return db.batchWrites.get(i).requestItems().get("portal");
  }

  @Test
  void theSlaScheduleFailsAfterFiveAttemptsNamingThePointsNotWritten() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().unprocessedWrites(Integer.MAX_VALUE);
    DynamoSlaStore store = new DynamoSlaStore(db, "portal");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                store.schedule(
                    List.of(
                        entry(1, SlaSchedule.Point.WARNING), entry(1, SlaSchedule.Point.BREACH))));
    assertEquals(Tables.BATCH_WRITE_ATTEMPTS, db.batchWrites.size());
    assertTrue(e.getMessage().startsWith("2 of 2 writes not made"), e.getMessage());
    for (int i = 0; i < db.batchWrites.size(); i++) assertEquals(2, asked(db, i).size());
  }

  @Test
  void theSlaScheduleWritesWhatATransientThrottleHandedBack() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().unprocessedWrites(Tables.BATCH_WRITE_ATTEMPTS - 1);
    new DynamoSlaStore(db, "portal").schedule(List.of(entry(1, SlaSchedule.Point.BREACH)));
    assertEquals(Tables.BATCH_WRITE_ATTEMPTS, db.batchWrites.size());
    assertEquals(asked(db, 0), asked(db, Tables.BATCH_WRITE_ATTEMPTS - 1));
  }

  private static Map<String, AttributeValue> row(String pk, String sk) {
    return Tables.key(pk, sk);
  }

  /**
   * A tenant with one counted month: its month and day rows in the METRICS partition, a client row
   * of the month, a profitability row of the month.
   */
  private static ScriptedDynamoDb figures() {
    return new ScriptedDynamoDb()
        .queryingByPartition(
            Map.of(
                Keys.metricsPk("acme"),
                List.of(
                    row(Keys.metricsPk("acme"), Keys.metricsMonthSk("2026-01")),
                    row(Keys.metricsPk("acme"), Keys.metricsDaySk("2026-01-05"))),
                Keys.metricsClientsPk("acme", "2026-01"),
                List.of(row(Keys.metricsClientsPk("acme", "2026-01"), Keys.metricsClientSk("c1"))),
                Keys.profitPk("acme", "2026-01"),
                List.of(row(Keys.profitPk("acme", "2026-01"), "CLIENT#c1"))));
  }

  private static Set<String> partitions(List<WriteRequest> writes) {
    Set<String> out = new java.util.TreeSet<>();
    for (WriteRequest w : writes) out.add(w.deleteRequest().key().get(Keys.PK).s());
    return out;
  }

  @Test
  void theFiguresWipeFailsAfterFiveAttemptsNamingTheRowsLeft() {
    ScriptedDynamoDb db = figures().unprocessedWrites(Integer.MAX_VALUE);
    DynamoFiguresTimeline timeline = new DynamoFiguresTimeline(db, "portal");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> timeline.wipe("acme", Set.of("2026-01")));
    assertEquals(Tables.BATCH_WRITE_ATTEMPTS, db.batchWrites.size());
    assertTrue(e.getMessage().startsWith("4 of 4 writes not made"), e.getMessage());
  }

  /**
   * The METRICS partition names the months a rerun must clear: it goes last, in requests of its
   * own, so a wipe that stops part-way leaves every month whose rows remain still named.
   */
  @Test
  void theFiguresWipeClearsTheMonthsPartitionsBeforeTheRowsThatNameTheMonths() {
    ScriptedDynamoDb db = figures().unprocessedWrites(1, Integer.MAX_VALUE);
    DynamoFiguresTimeline timeline = new DynamoFiguresTimeline(db, "portal");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> timeline.wipe("acme", Set.of("2026-01")));
    assertEquals(
        Set.of(Keys.metricsClientsPk("acme", "2026-01"), Keys.profitPk("acme", "2026-01")),
        partitions(asked(db, 0)));
    List<String> later = new ArrayList<>();
    for (int i = 1; i < db.batchWrites.size(); i++) later.addAll(partitions(asked(db, i)));
    assertEquals(Set.of(Keys.metricsPk("acme")), Set.copyOf(later));
    assertTrue(e.getMessage().startsWith("2 of 4 writes not made"), e.getMessage());
  }

  @Test
  void theFiguresWipeCountsTheRowsItCleared() {
    ScriptedDynamoDb db = figures();
    assertEquals(4, new DynamoFiguresTimeline(db, "portal").wipe("acme", Set.of("2026-01")));
    assertEquals(2, db.batchWrites.size());
  }

  private static WriteRequest put(String pk, String sk, String value) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(Tables.key(pk, sk));
    item.put("v", AttributeValue.fromS(value));
    return WriteRequest.builder()
        .putRequest(
            software.amazon.awssdk.services.dynamodb.model.PutRequest.builder().item(item).build())
        .build();
  }

  private static List<WriteRequest> puts(int n) {
    List<WriteRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(put("P", "S" + i, "x"));
    return out;
  }

  @Test
  void writesGoTwentyFiveARequestInTheOrderGiven() {
    ScriptedDynamoDb db = new ScriptedDynamoDb();
    new Tables(db, "portal", null).batchWrite(puts(30));
    assertEquals(2, db.batchWrites.size());
    assertEquals(puts(30).subList(0, 25), asked(db, 0));
    assertEquals(puts(30).subList(25, 30), asked(db, 1));
  }

  @Test
  void aStopCountsTheUnprocessedAndTheRequestsNeverSent() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().unprocessedWrites(Integer.MAX_VALUE);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> new Tables(db, "portal", null).batchWrite(puts(30)));
    assertEquals(
        "30 of 30 writes not made: 25 still unprocessed after 5 BatchWriteItem attempts, 5 after"
            + " them not sent",
        e.getMessage());
    assertEquals(Tables.BATCH_WRITE_ATTEMPTS, db.batchWrites.size());
  }

  @Test
  void aWriteGivenTwiceIsMadeOnce() {
    ScriptedDynamoDb db = new ScriptedDynamoDb();
    new Tables(db, "portal", null)
        .batchWrite(List.of(put("P", "S", "x"), put("P", "T", "x"), put("P", "S", "x")));
    assertEquals(List.of(put("P", "S", "x"), put("P", "T", "x")), asked(db, 0));
  }

  @Test
  void twoDifferentWritesOfOneKeyAreRefusedBeforeAnythingIsWritten() {
    ScriptedDynamoDb db = new ScriptedDynamoDb();
    List<WriteRequest> writes = new ArrayList<>(puts(30));
    writes.add(put("P", "S0", "y"));
    assertThrows(
        IllegalArgumentException.class, () -> new Tables(db, "portal", null).batchWrite(writes));
    assertEquals(0, db.batchWrites.size());
  }
}
