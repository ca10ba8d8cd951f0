package dev.portal.bench.probe;

import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The warm floor: the exact DynamoDB requests one invocation of the handler made, sent again through a bare client
 * built like the functions' one. Returns how many were refused by DynamoDB: a replayed conditional write (a ticket's
 * {@code attribute_not_exists} or {@code version = :expected}) is refused the second time, which still costs the same
 * round trip but is not the same work, and the report says so.
 */
public final class Replay implements Function<List<Object>, Integer> {
  private final DynamoDbClient db = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();

  @Override
  public Integer apply(List<Object> requests) {
    int refused = 0;
    for (Object request : requests) {
      try {
        send((SdkRequest) request);
      } catch (DynamoDbException e) {
        refused++;
      }
    }
    return refused;
  }

  private void send(SdkRequest request) {
    switch (request) {
      case GetItemRequest r -> db.getItem(r);
      case QueryRequest r -> db.query(r);
      case PutItemRequest r -> db.putItem(r);
      case UpdateItemRequest r -> db.updateItem(r);
      case DeleteItemRequest r -> db.deleteItem(r);
      case TransactWriteItemsRequest r -> db.transactWriteItems(r);
      case TransactGetItemsRequest r -> db.transactGetItems(r);
      case BatchGetItemRequest r -> db.batchGetItem(r);
      case BatchWriteItemRequest r -> db.batchWriteItem(r);
      default -> throw new IllegalArgumentException("no replay for " + request.getClass().getSimpleName());
    }
  }
}
