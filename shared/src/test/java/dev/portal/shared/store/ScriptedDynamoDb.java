package dev.portal.shared.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A double of the SDK's client for the stores' transaction decisions: each TransactWriteItems takes
 * the next scripted answer (a cancellation, or success once the script is spent) and is recorded;
 * GetItem answers the one item it was given; BatchGetItem hands every key back unprocessed as often
 * as scripted, then finds each key as an item holding only that key; BatchWriteItem hands back
 * every request unprocessed as often as scripted, then (or after the scripted number of answers
 * that process all) writes nothing and reports all processed; Query answers the items it was given
 * for the partition it names (or for every partition), as one page. Every other call is the
 * interface's default, which throws: a test that reaches one is told so.
 */
final class ScriptedDynamoDb implements DynamoDbClient {
  final List<TransactWriteItemsRequest> transactions = new ArrayList<>();
  final List<GetItemRequest> gets = new ArrayList<>();
  private final Deque<TransactionCanceledException> answers = new ArrayDeque<>();
  private Map<String, AttributeValue> stored = Map.of();
  final List<BatchGetItemRequest> batchGets = new ArrayList<>();
  private int unprocessedAnswers;
  private List<Map<String, AttributeValue>> queried = List.of();
  private Map<String, List<Map<String, AttributeValue>>> queriedByPartition = Map.of();
  final List<BatchWriteItemRequest> batchWrites = new ArrayList<>();
  private int processedWrites = Integer.MAX_VALUE;
  private int unprocessedWrites;

  /**
   * A BatchWriteItem past this many is a store writing without end: the double fails the test
   * rather than answer it.
   */
  static final int MOST_BATCH_WRITES = 20;

  /**
   * A BatchGetItem past this many is a store asking without end: the double fails the test rather
   * than answer it.
   */
  static final int MOST_BATCH_GETS = 20;

  /** The next transactions are cancelled so, in order; those after them succeed. */
  ScriptedDynamoDb cancel(TransactionCanceledException... in) {
    answers.addAll(Arrays.asList(in));
    return this;
  }

  /** What a consistent GetItem finds (empty: no such item). */
  ScriptedDynamoDb storing(Map<String, AttributeValue> item) {
    stored = item;
    return this;
  }

  /** The next {@code n} BatchGetItems process none of their keys (DynamoDB under load). */
  ScriptedDynamoDb unprocessed(int n) {
    unprocessedAnswers = n;
    return this;
  }

  /**
   * After the next {@code processed} BatchWriteItems (which process every request), the next {@code
   * n} process none (DynamoDB under load).
   */
  ScriptedDynamoDb unprocessedWrites(int processed, int n) {
    processedWrites = processed;
    unprocessedWrites = n;
    return this;
  }

  /** The next {@code n} BatchWriteItems process none of their requests. */
  ScriptedDynamoDb unprocessedWrites(int n) {
    return unprocessedWrites(0, n);
  }

  /** What a Query of each partition ({@code :pk}) finds, one page; others find nothing. */
  ScriptedDynamoDb queryingByPartition(Map<String, List<Map<String, AttributeValue>>> items) {
    queriedByPartition = items;
    return this;
  }

  /** What every Query finds, one page. */
  ScriptedDynamoDb querying(List<Map<String, AttributeValue>> items) {
    queried = items;
    return this;
  }

  /**
   * A cancellation as DynamoDB reports it: one reason per action, {@code None} for an action that
   * did not fail; {@code item} is the old item returned with a failed condition at {@code withItem}
   * (-1 for none).
   */
  static TransactionCanceledException cancelled(
      int withItem, Map<String, AttributeValue> item, String... codes) {
    List<CancellationReason> reasons = new ArrayList<>();
    for (int i = 0; i < codes.length; i++) {
      CancellationReason.Builder r = CancellationReason.builder().code(codes[i]);
      if (i == withItem) r.item(item);
      reasons.add(r.build());
    }
    return TransactionCanceledException.builder()
        .message("Transaction cancelled")
        .cancellationReasons(reasons)
        .build();
  }

  static TransactionCanceledException cancelled(String... codes) {
    return cancelled(-1, Map.of(), codes);
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    transactions.add(request);
    TransactionCanceledException next = answers.poll();
    if (next != null) throw next;
    return TransactWriteItemsResponse.builder().build();
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    gets.add(request);
    return GetItemResponse.builder().item(stored).build();
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
    batchGets.add(request);
    if (batchGets.size() > MOST_BATCH_GETS)
      throw new AssertionError("more than " + MOST_BATCH_GETS + " BatchGetItems");
    if (unprocessedAnswers > 0) {
      unprocessedAnswers--;
      // The keys only: the API reference promises no more of the request back.
      Map<String, KeysAndAttributes> left = new java.util.HashMap<>();
      request
          .requestItems()
          .forEach((t, k) -> left.put(t, KeysAndAttributes.builder().keys(k.keys()).build()));
      return BatchGetItemResponse.builder().unprocessedKeys(left).build();
    }
    Map<String, List<Map<String, AttributeValue>>> found = new java.util.HashMap<>();
    for (Map.Entry<String, KeysAndAttributes> e : request.requestItems().entrySet())
      found.put(e.getKey(), List.copyOf(e.getValue().keys()));
    return BatchGetItemResponse.builder().responses(found).build();
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    batchWrites.add(request);
    if (batchWrites.size() > MOST_BATCH_WRITES)
      throw new AssertionError("more than " + MOST_BATCH_WRITES + " BatchWriteItems");
    if (processedWrites > 0) {
      processedWrites--;
      return BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build();
    }
    if (unprocessedWrites > 0) {
      unprocessedWrites--;
      Map<String, List<WriteRequest>> left = new java.util.HashMap<>(request.requestItems());
      return BatchWriteItemResponse.builder().unprocessedItems(left).build();
    }
    return BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build();
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    if (queriedByPartition.isEmpty()) return QueryResponse.builder().items(queried).build();
    String pk = request.expressionAttributeValues().get(":pk").s();
    return QueryResponse.builder().items(queriedByPartition.getOrDefault(pk, List.of())).build();
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
