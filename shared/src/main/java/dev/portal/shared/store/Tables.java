package dev.portal.shared.store;

import dev.portal.shared.domain.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What the Dynamo stores would otherwise each write again: a primary key map, a page of one index
 * partition behind a signed cursor, the items of a set of keys, a batch of writes, a transaction's
 * put of a new item, and the reasons of a cancelled transaction.
 */
final class Tables {
  static final String CONDITION_FAILED = "ConditionalCheckFailed";
  static final String TRANSACTION_CONFLICT = "TransactionConflict";

  private final DynamoDbClient db;
  private final String table;
  private final CursorCodec cursors;

  /** {@code cursors} may be null for a store that pages nothing (it then queries no index here). */
  Tables(DynamoDbClient db, String table, CursorCodec cursors) {
    this.db = db;
    this.table = table;
    this.cursors = cursors;
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(Keys.PK, Attrs.s(pk), Keys.SK, Attrs.s(sk));
  }

  /** BatchGetItem's limit of keys per request. */
  static final int BATCH_GET_MAX = 100;

  /** Attempts per request before keys DynamoDB keeps handing back unprocessed are an error. */
  static final int BATCH_GET_ATTEMPTS = 5;

  /** BatchWriteItem's limit of requests per call. */
  static final int BATCH_WRITE_MAX = 25;

  /** Attempts per request before writes DynamoDB keeps handing back unprocessed are an error. */
  static final int BATCH_WRITE_ATTEMPTS = 5;

  /**
   * The items of {@code keys} that exist, in no particular order: BatchGetItem, 100 keys a request,
   * the keys it hands back unprocessed (under load) asked for again after a jittered back-off, at
   * most {@link #BATCH_GET_ATTEMPTS} times a request; keys still unprocessed then are an {@link
   * IllegalStateException}, never a shorter answer.
   */
  List<Map<String, AttributeValue>> batchGet(
      List<Map<String, AttributeValue>> keys, boolean consistent) {
    return batchGet(keys, consistent, null, Map.of());
  }

  /**
   * As {@link #batchGet(List, boolean)}, each item projected to {@code projection} (null: whole
   * items), whose {@code #placeholders} {@code names} spells out (empty when it uses none).
   */
  List<Map<String, AttributeValue>> batchGet(
      List<Map<String, AttributeValue>> keys,
      boolean consistent,
      String projection,
      Map<String, String> names) {
    // DynamoDB refuses a request that names a key twice, and a key in two requests would be found
    // twice: each key once, in the order given.
    List<Map<String, AttributeValue>> unique = List.copyOf(new LinkedHashSet<>(keys));
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (int from = 0; from < unique.size(); from += BATCH_GET_MAX) {
      KeysAndAttributes.Builder chunk =
          KeysAndAttributes.builder()
              .keys(unique.subList(from, Math.min(unique.size(), from + BATCH_GET_MAX)))
              .consistentRead(consistent)
              .projectionExpression(projection);
      // DynamoDB refuses an empty ExpressionAttributeNames, so none is sent unless there are some.
      if (!names.isEmpty()) chunk.expressionAttributeNames(names);
      Map<String, KeysAndAttributes> pending = Map.of(table, chunk.build());
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt == BATCH_GET_ATTEMPTS)
          throw new IllegalStateException(
              pending.get(table).keys().size()
                  + " keys still unprocessed after "
                  + BATCH_GET_ATTEMPTS
                  + " BatchGetItem attempts");
        if (attempt > 0) pause(attempt);
        Map<String, KeysAndAttributes> ask = pending;
        BatchGetItemResponse res = db.batchGetItem(r -> r.requestItems(ask));
        out.addAll(res.responses().getOrDefault(table, List.of()));
        KeysAndAttributes left = res.hasUnprocessedKeys() ? res.unprocessedKeys().get(table) : null;
        // Asked again as first asked (the API reference does not promise the names come back).
        pending =
            left == null || left.keys().isEmpty()
                ? Map.of()
                : Map.of(table, chunk.keys(left.keys()).build());
      }
    }
    return out;
  }

  /**
   * Makes {@code writes} (PutRequests and DeleteRequests of this table) with BatchWriteItem, 25 a
   * request, in the order given: the requests an answer hands back unprocessed (under load) are
   * sent again after the back-off of {@link #batchGet}, at most {@link #BATCH_WRITE_ATTEMPTS} times
   * a request. Writes still unprocessed then are an {@link IllegalStateException} naming how many
   * of the writes were not made (those and every later request's, never sent), never a loop until
   * the function's timeout. Which writes a failed call made is not said, so a caller must be able
   * to make all of them again: every caller's writes are overwrites or deletes of keys it computed,
   * and what it does on the exception is in its own comment.
   *
   * <p>DynamoDB refuses a BatchWriteItem naming a key twice, and between two requests the last
   * would win by where the 25s fall. So a write given twice, identical, is made once (the same
   * effect); two different writes of one key are an {@link IllegalArgumentException} before
   * anything is written: which should win is the caller's question, not the chunking's.
   */
  void batchWrite(List<WriteRequest> writes) {
    batchWriteInOrder(List.of(writes));
  }

  /**
   * As {@link #batchWrite}, each group's writes all made before a request of the next is sent (no
   * request mixes two groups), so a caller decides what a write that stops part-way can leave: no
   * write of a later group is made before every write of the earlier ones. The exception counts the
   * writes of every group.
   */
  void batchWriteInOrder(List<List<WriteRequest>> groups) {
    Map<Map<String, AttributeValue>, WriteRequest> byKey = new LinkedHashMap<>();
    List<List<WriteRequest>> unique = new ArrayList<>();
    int total = 0;
    for (List<WriteRequest> group : groups) {
      List<WriteRequest> kept = new ArrayList<>();
      for (WriteRequest w : group) {
        Map<String, AttributeValue> key = writeKey(w);
        WriteRequest before = byKey.putIfAbsent(key, w);
        if (before == null) kept.add(w);
        else if (!before.equals(w))
          throw new IllegalArgumentException(
              "two different writes of one key in a batch: "
                  + key.get(Keys.PK).s()
                  + " / "
                  + key.get(Keys.SK).s());
      }
      unique.add(kept);
      total += kept.size();
    }
    int sent = 0;
    for (List<WriteRequest> group : unique) {
      for (int from = 0; from < group.size(); from += BATCH_WRITE_MAX) {
        List<WriteRequest> pending =
            group.subList(from, Math.min(group.size(), from + BATCH_WRITE_MAX));
        sent += pending.size();
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
          if (attempt == BATCH_WRITE_ATTEMPTS) {
            throw new IllegalStateException(
                (pending.size() + total - sent)
                    + " of "
                    + total
                    + " writes not made: "
                    + pending.size()
                    + " still unprocessed after "
                    + BATCH_WRITE_ATTEMPTS
                    + " BatchWriteItem attempts, "
                    + (total - sent)
                    + " after them not sent");
          }
          if (attempt > 0) pause(attempt);
          Map<String, List<WriteRequest>> ask = Map.of(table, pending);
          BatchWriteItemResponse res = db.batchWriteItem(r -> r.requestItems(ask));
          List<WriteRequest> left =
              res.hasUnprocessedItems() ? res.unprocessedItems().get(table) : null;
          pending = left == null ? List.of() : left;
        }
      }
    }
  }

  /** The primary key a write names: a put's item's, a delete's own. */
  private static Map<String, AttributeValue> writeKey(WriteRequest w) {
    Map<String, AttributeValue> named =
        w.putRequest() != null ? w.putRequest().item() : w.deleteRequest().key();
    return Map.of(Keys.PK, named.get(Keys.PK), Keys.SK, named.get(Keys.SK));
  }

  /**
   * Attempts of a plain write to an item that transactions also write: DynamoDB refuses it with
   * {@code TransactionConflictException} while one is in flight on the item ("Transaction conflict
   * handling"), which the SDK does not retry. The tenant's item is in every portal create's
   * transaction (its ticket counter).
   */
  static final int CONFLICT_ATTEMPTS = 8;

  /**
   * {@code write}, sent again after {@link #pause} while it meets a transaction on its item, at
   * most {@link #CONFLICT_ATTEMPTS} times (about 1.2 s of pauses at most).
   */
  static <T> T besideTransactions(java.util.function.Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (TransactionConflictException e) {
        if (attempt >= CONFLICT_ATTEMPTS) throw e;
        pause(attempt);
      }
    }
  }

  /**
   * The stores' jittered exponential back-off before retry {@code attempt} (1 for the second
   * attempt): 10-20 ms before the second, doubling, 80-160 ms before the fifth (150-300 ms in all
   * over a batch request's four retries), at most 160-320 ms from the fifth retry on.
   */
  static void pause(int attempt) {
    long cap = 10L << Math.min(attempt, 5);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ie);
    }
  }

  /**
   * What a cursor is bound to: a cursor one list handed out is refused by every other list (and
   * every other tenant, which the codec adds).
   */
  static String queryId(int index, String partition) {
    return Keys.gsiName(index) + "|" + partition;
  }

  /**
   * One page of an index partition, every item of it (no sort-key condition), ascending by sort key
   * when {@code forward}.
   */
  QueryResponse queryIndex(
      String tenantId, int index, String partition, boolean forward, int limit, String cursor) {
    return queryIndex(tenantId, index, partition, "", forward, limit, cursor);
  }

  /** What a cursor of a partition's page, narrowed to a sort-key prefix or not, is bound to. */
  private static String queryId(int index, String partition, String prefix) {
    return prefix.isEmpty() ? queryId(index, partition) : queryId(index, partition) + "|" + prefix;
  }

  /**
   * One page of the items of an index partition whose sort key begins with {@code prefix} (every
   * item when it is empty).
   */
  private QueryResponse queryIndex(
      String tenantId,
      int index,
      String partition,
      String prefix,
      boolean forward,
      int limit,
      String cursor) {
    return queryIndex(tenantId, index, partition, prefix, "", forward, limit, cursor);
  }

  /**
   * As above, also narrowed to sort keys at or after {@code from} when it is not empty (the cursor
   * is not bound to it: a partition's only such bound keeps out what the list never shows).
   */
  private QueryResponse queryIndex(
      String tenantId,
      int index,
      String partition,
      String prefix,
      String from,
      boolean forward,
      int limit,
      String cursor) {
    Map<String, AttributeValue> start =
        cursors.decode(tenantId, queryId(index, partition, prefix), cursor);
    Map<String, String> names = new HashMap<>(Map.of("#pk", Keys.gsiPk(index)));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", Attrs.s(partition)));
    String condition = "#pk = :pk";
    if (!prefix.isEmpty()) {
      condition += " AND begins_with(#sk, :prefix)";
      names.put("#sk", Keys.gsiSk(index));
      values.put(":prefix", Attrs.s(prefix));
    } else if (!from.isEmpty()) {
      condition += " AND #sk >= :from";
      names.put("#sk", Keys.gsiSk(index));
      values.put(":from", Attrs.s(from));
    }
    return db.query(
        QueryRequest.builder()
            .tableName(table)
            .indexName(Keys.gsiName(index))
            .keyConditionExpression(condition)
            .expressionAttributeNames(names)
            .expressionAttributeValues(values)
            .scanIndexForward(forward)
            .exclusiveStartKey(start)
            .limit(limit)
            .build());
  }

  /** {@link #queryIndex} mapped, with the cursor of the next page. */
  <T> Page<T> indexPage(
      String tenantId,
      int index,
      String partition,
      boolean forward,
      int limit,
      String cursor,
      Function<Map<String, AttributeValue>, T> from) {
    return indexPage(tenantId, index, partition, "", forward, limit, cursor, from);
  }

  /**
   * One page of the items of an index partition whose sort key begins with {@code prefix} (every
   * item when it is empty), mapped. The cursor is bound to the prefix too: a page of one status
   * cannot continue another's.
   */
  <T> Page<T> indexPage(
      String tenantId,
      int index,
      String partition,
      String prefix,
      boolean forward,
      int limit,
      String cursor,
      Function<Map<String, AttributeValue>, T> from) {
    QueryResponse res = queryIndex(tenantId, index, partition, prefix, forward, limit, cursor);
    return new Page<>(
        Page.mapped(res.items(), from),
        cursors.encode(tenantId, queryId(index, partition, prefix), res.lastEvaluatedKey()));
  }

  /**
   * One page of the items of an index partition whose sort key is at or after {@code from}, mapped.
   */
  <T> Page<T> indexPageFrom(
      String tenantId,
      int index,
      String partition,
      String from,
      boolean forward,
      int limit,
      String cursor,
      Function<Map<String, AttributeValue>, T> mapper) {
    QueryResponse res = queryIndex(tenantId, index, partition, "", from, forward, limit, cursor);
    return new Page<>(
        Page.mapped(res.items(), mapper),
        cursors.encode(tenantId, queryId(index, partition, ""), res.lastEvaluatedKey()));
  }

  /** A transaction's put of an item that must not exist yet (its condition names no other). */
  TransactWriteItem putNew(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(pk)")
                .build())
        .build();
  }

  /**
   * The code of a cancelled transaction's action at {@code index} (reasons come one per action, in
   * the order of the actions), or "" when there is none.
   */
  static String reasonAt(TransactionCanceledException e, int index) {
    List<CancellationReason> reasons = e.cancellationReasons();
    if (index < 0 || reasons == null || reasons.size() <= index) return "";
    String code = reasons.get(index).code();
    return code == null ? "" : code;
  }

  /**
   * The item as it was when the action at {@code index} failed its condition, for an action that
   * asked for it ({@code ReturnValuesOnConditionCheckFailure.ALL_OLD}); empty otherwise.
   */
  static Map<String, AttributeValue> oldItemAt(TransactionCanceledException e, int index) {
    List<CancellationReason> reasons = e.cancellationReasons();
    if (index < 0 || reasons == null || reasons.size() <= index) return Map.of();
    Map<String, AttributeValue> item = reasons.get(index).item();
    return item == null ? Map.of() : item;
  }

  /** Whether the action at {@code index} of a cancelled transaction failed its condition. */
  static boolean conditionFailedAt(TransactionCanceledException e, int index) {
    return CONDITION_FAILED.equals(reasonAt(e, index));
  }

  /** Whether the action at {@code index} met a concurrent transaction on the same item. */
  static boolean conflictedAt(TransactionCanceledException e, int index) {
    return TRANSACTION_CONFLICT.equals(reasonAt(e, index));
  }

  /**
   * Whether an action in {@code [from, to)} met a concurrent transaction and none of the
   * transaction's conditions failed: nothing was written, and the same transaction may succeed when
   * sent again.
   */
  static boolean onlyConflictedIn(TransactionCanceledException e, int from, int to) {
    List<CancellationReason> reasons = e.cancellationReasons();
    if (reasons == null) return false;
    boolean conflicted = false;
    for (int i = 0; i < reasons.size(); i++) {
      String code = reasons.get(i).code();
      if (CONDITION_FAILED.equals(code)) return false;
      if (TRANSACTION_CONFLICT.equals(code) && i >= from && i < to) conflicted = true;
    }
    return conflicted;
  }

  /** Whether any action met a concurrent transaction: nothing was written, a retry may succeed. */
  static boolean conflictedAnywhere(TransactionCanceledException e) {
    List<CancellationReason> reasons = e.cancellationReasons();
    return reasons != null && reasons.stream().anyMatch(r -> TRANSACTION_CONFLICT.equals(r.code()));
  }
}
