package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.EmulatorTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What docs/aws-behaviour.md says about the emulator's DynamoDB, checked against the moto that make
 * test starts. Where moto is as strict as AWS, our integration tests see a violation as AWS would;
 * where it is kinder, the document names what guards us instead. A moto upgrade that changes either
 * makes one of these fail, and the document must be read again.
 */
class EmulatorFidelityIT {
  private static final String TABLE = "fidelity-" + UUID.randomUUID();
  private static DynamoDbClient db;

  @BeforeAll
  static void table() {
    EmulatorTable.requireEndpoint(System.getenv());
    db = EmulatorTable.client();
    db.createTable(
        r ->
            r.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("pk"), attr("sk"))
                .keySchema(
                    KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .streamSpecification(
                    StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .build()));
  }

  @AfterAll
  static void drop() {
    db.deleteTable(r -> r.tableName(TABLE));
    db.close();
  }

  private static AttributeDefinition attr(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static Map<String, AttributeValue> item(String pk, String sk, String data) {
    return Map.of(
        "pk",
        AttributeValue.fromS(pk),
        "sk",
        AttributeValue.fromS(sk),
        "d",
        AttributeValue.fromS(data));
  }

  @Test
  void aTransactionOfMoreThanHundredActionsIsRefusedAsInAws() {
    List<TransactWriteItem> writes = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      writes.add(
          TransactWriteItem.builder()
              .put(Put.builder().tableName(TABLE).item(item("tx101", "s" + i, "x")).build())
              .build());
    }
    DynamoDbException e =
        assertThrows(
            DynamoDbException.class, () -> db.transactWriteItems(r -> r.transactItems(writes)));
    assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    db.transactWriteItems(r -> r.transactItems(writes.subList(0, 100)));
  }

  @Test
  void anItemOverFourHundredKilobytesIsRefusedAsInAws() {
    DynamoDbException put =
        assertThrows(
            DynamoDbException.class,
            () -> db.putItem(r -> r.tableName(TABLE).item(item("big", "1", "x".repeat(410_000)))));
    assertEquals("ValidationException", put.awsErrorDetails().errorCode());
    TransactWriteItem big =
        TransactWriteItem.builder()
            .put(Put.builder().tableName(TABLE).item(item("big", "2", "x".repeat(410_000))).build())
            .build();
    DynamoDbException tx =
        assertThrows(
            DynamoDbException.class, () -> db.transactWriteItems(r -> r.transactItems(big)));
    assertEquals("ValidationException", tx.awsErrorDetails().errorCode());
  }

  @Test
  void aQueryPageStopsAtOneMegabyteBeforeItsLimitAsInAws() {
    for (int i = 0; i < 6; i++) {
      String sk = "s" + i;
      db.putItem(r -> r.tableName(TABLE).item(item("page", sk, "x".repeat(300_000))));
    }
    QueryResponse page =
        db.query(
            r ->
                r.tableName(TABLE)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("page")))
                    .limit(10));
    assertEquals(3, page.count(), "3 × 300 KB reach 1 MB");
    assertTrue(
        page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty(),
        "and the page says there is more");
  }

  @Test
  void twoActionsOnOneItemInATransactionAreRefusedAsInAws() {
    Map<String, AttributeValue> key =
        Map.of("pk", AttributeValue.fromS("same"), "sk", AttributeValue.fromS("1"));
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .put(Put.builder().tableName(TABLE).item(item("same", "1", "x")).build())
                .build(),
            TransactWriteItem.builder()
                .update(
                    Update.builder()
                        .tableName(TABLE)
                        .key(key)
                        .updateExpression("SET d = :d")
                        .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("y")))
                        .build())
                .build());
    DynamoDbException e =
        assertThrows(
            DynamoDbException.class, () -> db.transactWriteItems(r -> r.transactItems(writes)));
    assertEquals("ValidationException", e.awsErrorDetails().errorCode());
  }

  @Test
  void aCancelledTransactionNamesEachReasonAndReturnsTheOldItemAsInAws() {
    db.putItem(r -> r.tableName(TABLE).item(item("cancel", "1", "old")));
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .put(
                    Put.builder()
                        .tableName(TABLE)
                        .item(item("cancel", "1", "new"))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(
                            ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build(),
            TransactWriteItem.builder()
                .put(Put.builder().tableName(TABLE).item(item("cancel", "2", "new")).build())
                .build());
    TransactionCanceledException e =
        assertThrows(
            TransactionCanceledException.class,
            () -> db.transactWriteItems(r -> r.transactItems(writes)));
    assertEquals(
        List.of("ConditionalCheckFailed", "None"),
        e.cancellationReasons().stream().map(c -> c.code()).toList());
    assertEquals("old", e.cancellationReasons().getFirst().item().get("d").s());
  }

  @Test
  void aRetriedTransactionWithItsClientRequestTokenFailsItsConditionsUnlikeAws() {
    // The SDK gives every TransactWriteItems a ClientRequestToken and keeps it for its retries; AWS
    // answers a repeat
    // within 10 minutes as the first success. moto ignores the token and runs the transaction
    // again.
    String token = UUID.randomUUID().toString();
    TransactWriteItem put =
        TransactWriteItem.builder()
            .put(
                Put.builder()
                    .tableName(TABLE)
                    .item(item("token", "1", "x"))
                    .conditionExpression("attribute_not_exists(pk)")
                    .build())
            .build();
    db.transactWriteItems(r -> r.transactItems(put).clientRequestToken(token));
    assertThrows(
        TransactionCanceledException.class,
        () -> db.transactWriteItems(r -> r.transactItems(put).clientRequestToken(token)));
  }

  @Test
  void theEmulatorReportsOneCapacityUnitWhateverTheItemSizeUnlikeAws() {
    var res =
        db.putItem(
            r ->
                r.tableName(TABLE)
                    .item(item("units", "1", "x".repeat(300_000)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    // AWS charges 293 write units for this item (1 per KB started): the bench computes units from
    // sizes.
    assertEquals(1.0, res.consumedCapacity().capacityUnits());
  }

  @Test
  void anExpiredItemIsNeverRemovedByTheEmulatorsTtl() {
    db.updateTimeToLive(
        r ->
            r.tableName(TABLE)
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
    long anHourAgo = System.currentTimeMillis() / 1000 - 3600;
    db.putItem(
        r ->
            r.tableName(TABLE)
                .item(
                    Map.of(
                        "pk",
                        AttributeValue.fromS("ttl"),
                        "sk",
                        AttributeValue.fromS("1"),
                        "expiresAt",
                        AttributeValue.fromN(Long.toString(anHourAgo)))));
    // AWS deletes such an item within days, at a time of its choosing; code that needs it gone must
    // say so in its
    // condition (expiresAt < :now), as the idempotency and mail claims do.
    assertTrue(
        db.getItem(
                r ->
                    r.tableName(TABLE)
                        .key(
                            Map.of(
                                "pk",
                                AttributeValue.fromS("ttl"),
                                "sk",
                                AttributeValue.fromS("1"))))
            .hasItem());
  }

  @Test
  void anIdenticalRePutWritesAModifyStreamRecordUnlikeAws() {
    db.putItem(r -> r.tableName(TABLE).item(item("reput", "1", "same")));
    db.putItem(r -> r.tableName(TABLE).item(item("reput", "1", "same")));
    try (DynamoDbStreamsClient streams =
        DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      String arn = db.describeTable(r -> r.tableName(TABLE)).table().latestStreamArn();
      String shard =
          streams
              .describeStream(r -> r.streamArn(arn))
              .streamDescription()
              .shards()
              .getFirst()
              .shardId();
      String iterator =
          streams
              .getShardIterator(
                  r ->
                      r.streamArn(arn)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      List<String> reput =
          streams.getRecords(r -> r.shardIterator(iterator).limit(1000)).records().stream()
              .filter(rec -> rec.dynamodb().keys().get("pk").s().equals("reput"))
              .map(rec -> rec.eventNameAsString())
              .toList();
      // AWS writes no record for a write that changes nothing; a stream consumer must be idempotent
      // anyway.
      assertEquals(List.of("INSERT", "MODIFY"), reput);
    }
  }
}
