package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.BODY;
import static dev.portal.shared.store.Attrs.CLAIM_TOKEN;
import static dev.portal.shared.store.Attrs.HEADERS;
import static dev.portal.shared.store.Attrs.REQUEST_HASH;
import static dev.portal.shared.store.Attrs.STATE;
import static dev.portal.shared.store.Attrs.STATUS;
import static dev.portal.shared.store.Attrs.TYPE;
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
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Idempotency records: a conditional put claims the key ({@code attribute_not_exists(pk) OR
 * expiresAt < :now}) and returns the holder's record on conflict, so a replay costs one request.
 * The completed record is written by the stores, in the transaction of what the request creates
 * ({@link #completion}), so no failure can leave the thing written and the record not.
 */
public final class DynamoIdempotencyStore implements IdempotencyStore {
  /**
   * The contract promises at least 24 hours; records are deleted by the table's TTL some time after
   * this.
   */
  static final Duration RETENTION = Duration.ofHours(25);

  /** An in-flight claim older than this is taken to belong to a request that died. */
  static final Duration LEASE = Duration.ofSeconds(60);

  private static final String IN_FLIGHT = "in_flight";
  private static final String HELD = "#state = :inFlight AND #holder = :token";
  private static final Map<String, String> HELD_NAMES =
      Map.of("#state", STATE, "#holder", CLAIM_TOKEN);

  private final DynamoDbClient db;
  private final String table;

  public DynamoIdempotencyStore(DynamoDbClient db, String table) {
    this.db = db;
    this.table = table;
  }

  @Override
  public Begin begin(IdempotencyClaim claim, Instant now) {
    Map<String, AttributeValue> item = key(claim);
    item.put(TYPE, s("idempotency"));
    item.put(REQUEST_HASH, s(claim.requestHash()));
    item.put(STATE, s(IN_FLIGHT));
    item.put(CLAIM_TOKEN, s(claim.holder()));
    item.put(Keys.TTL, n(now.plus(LEASE).getEpochSecond()));
    try {
      db.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                  .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return new Begin.Acquired();
    } catch (ConditionalCheckFailedException e) {
      return existing(e.item());
    }
  }

  @Override
  public void complete(IdempotencyClaim claim, StoredResponse response, Instant now) {
    try {
      db.putItem(
          r ->
              r.tableName(table)
                  .item(completedItem(claim, response, now))
                  .conditionExpression(HELD)
                  .expressionAttributeNames(HELD_NAMES)
                  .expressionAttributeValues(heldValues(claim)));
    } catch (ConditionalCheckFailedException e) {
      // Another request took the key over after this one's lease ran out: its answer is the key's.
    }
  }

  @Override
  public void release(IdempotencyClaim claim) {
    try {
      db.deleteItem(
          r ->
              r.tableName(table)
                  .key(key(claim))
                  .conditionExpression(HELD)
                  .expressionAttributeNames(HELD_NAMES)
                  .expressionAttributeValues(heldValues(claim)));
    } catch (ConditionalCheckFailedException e) {
      // Completed by the request's own transaction before the failure, or taken over: either way
      // not ours to drop.
    }
  }

  /**
   * The Put of the completed record for a request's own TransactWriteItems. A request that holds an
   * in-flight claim completes it only while it still holds it ({@code #state = :inFlight AND
   * claimToken = :token}); one that claimed nothing first (ticket creation) creates the record
   * unless a live one exists. Either way a failed condition cancels the whole transaction, so the
   * request's items are written exactly when the record is.
   */
  public static TransactWriteItem completion(
      String table, CompletedIdempotency completed, Instant now) {
    IdempotencyClaim claim = completed.claim();
    Put.Builder put =
        Put.builder().tableName(table).item(completedItem(claim, completed.response(), now));
    if (claim.holder() != null) {
      put.conditionExpression(HELD)
          .expressionAttributeNames(HELD_NAMES)
          .expressionAttributeValues(heldValues(claim));
    } else {
      put.conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
          .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())));
    }
    return TransactWriteItem.builder().put(put.build()).build();
  }

  /**
   * Whether the completion at {@code index} of a cancelled transaction found the key in other
   * hands. A conflict on the record counts only for a request that holds no claim: for a holder it
   * is a concurrent write (a duplicate's failed claim) that left the claim ours, so the transaction
   * may be tried again.
   */
  public static boolean collided(
      TransactionCanceledException e, int index, IdempotencyClaim claim) {
    return Tables.conditionFailedAt(e, index)
        || (claim.holder() == null && Tables.conflictedAt(e, index));
  }

  private static Map<String, AttributeValue> heldValues(IdempotencyClaim claim) {
    return Map.of(":inFlight", s(IN_FLIGHT), ":token", s(claim.holder()));
  }

  @Override
  public Optional<Begin.Existing> find(IdempotencyClaim claim) {
    Map<String, AttributeValue> item =
        db.getItem(r -> r.tableName(table).key(key(claim)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(existing(item));
  }

  static Map<String, AttributeValue> completedItem(
      IdempotencyClaim claim, StoredResponse response, Instant now) {
    Map<String, AttributeValue> item = key(claim);
    item.put(TYPE, s("idempotency"));
    item.put(REQUEST_HASH, s(claim.requestHash()));
    item.put(STATE, s("completed"));
    item.put(STATUS, n(response.status()));
    Map<String, AttributeValue> headers = new HashMap<>();
    response.headers().forEach((k, v) -> headers.put(k, s(v)));
    item.put(HEADERS, AttributeValue.fromM(headers));
    item.put(BODY, s(response.body()));
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
    if (item == null || !"completed".equals(str(item, STATE))) {
      return new Begin.Existing(item == null ? null : str(item, REQUEST_HASH), null);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    AttributeValue h = item.get(HEADERS);
    if (h != null && h.hasM()) h.m().forEach((k, v) -> headers.put(k, v.s()));
    return new Begin.Existing(
        str(item, REQUEST_HASH),
        new StoredResponse((int) num(item, STATUS), headers, str(item, BODY)));
  }
}
