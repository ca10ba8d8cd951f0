package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.num;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Idempotency records: a conditional put claims the key ({@code attribute_not_exists(pk) OR expiresAt < :now}) and
 * returns the holder's record on conflict, so a replay costs one request.
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {
  /** The contract promises at least 24 hours; records are deleted by the table's TTL some time after this. */
  static final Duration RETENTION = Duration.ofHours(25);
  /** An in-flight claim older than this is taken to belong to a request that died. */
  static final Duration LEASE = Duration.ofSeconds(60);

  private final DynamoDbClient db;
  private final String table;

  public DynamoIdempotencyStore(DynamoDbClient db, String table) {
    this.db = db;
    this.table = table;
  }

  @Override
  public Begin begin(IdempotencyClaim claim, Instant now) {
    Map<String, AttributeValue> item = key(claim);
    item.put("type", s("idempotency"));
    item.put("requestHash", s(claim.requestHash()));
    item.put("state", s("in_flight"));
    item.put(Keys.TTL, n(now.plus(LEASE).getEpochSecond()));
    try {
      db.putItem(r -> r.tableName(table).item(item)
          .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
          .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return new Begin.Acquired();
    } catch (ConditionalCheckFailedException e) {
      return existing(e.item());
    }
  }

  @Override
  public void complete(IdempotencyClaim claim, StoredResponse response, Instant now) {
    db.putItem(r -> r.tableName(table).item(completedItem(claim, response, now)));
  }

  @Override
  public void release(IdempotencyClaim claim) {
    db.deleteItem(r -> r.tableName(table).key(key(claim))
        .conditionExpression("#state = :inFlight")
        .expressionAttributeNames(Map.of("#state", "state"))
        .expressionAttributeValues(Map.of(":inFlight", s("in_flight"))));
  }

  @Override
  public Optional<Begin.Existing> find(IdempotencyClaim claim) {
    Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).key(key(claim)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(existing(item));
  }

  static Map<String, AttributeValue> completedItem(IdempotencyClaim claim, StoredResponse response, Instant now) {
    Map<String, AttributeValue> item = key(claim);
    item.put("type", s("idempotency"));
    item.put("requestHash", s(claim.requestHash()));
    item.put("state", s("completed"));
    item.put("status", n(response.status()));
    Map<String, AttributeValue> headers = new HashMap<>();
    response.headers().forEach((k, v) -> headers.put(k, s(v)));
    item.put("headers", AttributeValue.fromM(headers));
    item.put("body", s(response.body()));
    item.put(Keys.TTL, n(now.plus(RETENTION).getEpochSecond()));
    return item;
  }

  private static Map<String, AttributeValue> key(IdempotencyClaim claim) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(Keys.PK, s(Keys.idempotencyPk(claim.tenantId(), claim.scopeHash())));
    key.put(Keys.SK, s(Keys.IDEMPOTENCY_SK));
    return key;
  }

  private static Begin.Existing existing(Map<String, AttributeValue> item) {
    if (item == null || !"completed".equals(str(item, "state"))) {
      return new Begin.Existing(item == null ? null : str(item, "requestHash"), null);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    AttributeValue h = item.get("headers");
    if (h != null && h.hasM()) h.m().forEach((k, v) -> headers.put(k, v.s()));
    return new Begin.Existing(str(item, "requestHash"),
        new StoredResponse((int) num(item, "status"), headers, str(item, "body")));
  }
}
