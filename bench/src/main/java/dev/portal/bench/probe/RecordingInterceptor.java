package dev.portal.bench.probe;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Bench only, never in a function's jar: registered as an SDK global interceptor by the classpath resource
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} of probe.jar, which the bench puts into the
 * function's class loader. While the bench's recording flag is on it asks DynamoDB (Local) for
 * {@code ReturnConsumedCapacity=TOTAL} and records per request: operation, read and write capacity units, items
 * read, items returned, and the original request (for the warm floor's bare replay). Off, it costs one flag read.
 */
public final class RecordingInterceptor implements ExecutionInterceptor {
  private static final ExecutionAttribute<SdkRequest> ORIGINAL = new ExecutionAttribute<>("portal.bench.original");
  private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");

  private static boolean recording() {
    return System.getProperties().get("portal.bench.recording") instanceof AtomicBoolean on && on.get();
  }

  @SuppressWarnings("unchecked")
  private static Queue<Object[]> records() {
    return (Queue<Object[]>) System.getProperties().get("portal.bench.records");
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (!recording()) return context.request();
    attributes.putAttribute(ORIGINAL, context.request());
    ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
    return switch (context.request()) {
      case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case ScanRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
      default -> context.request();
    };
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkRequest original = attributes.getAttribute(ORIGINAL);
    if (original == null) return;
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    SdkResponse response = context.response();
    double read = 0;
    double write = 0;
    for (ConsumedCapacity c : consumed(response)) {
      double units = c.capacityUnits() == null ? 0 : c.capacityUnits();
      if (c.readCapacityUnits() != null || c.writeCapacityUnits() != null) {
        read += c.readCapacityUnits() == null ? 0 : c.readCapacityUnits();
        write += c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits();
      } else if (READS.contains(op)) {
        read += units;
      } else {
        write += units;
      }
    }
    int itemsRead;
    int itemsReturned;
    switch (op) {
      case "Query", "Scan" -> {
        itemsRead = response.getValueForField("ScannedCount", Integer.class).orElse(0);
        itemsReturned = response.getValueForField("Count", Integer.class).orElse(0);
      }
      case "GetItem" -> {
        itemsRead = response.getValueForField("Item", Map.class).map(m -> m.isEmpty() ? 0 : 1).orElse(0);
        itemsReturned = itemsRead;
      }
      case "BatchGetItem" -> {
        itemsRead = response.getValueForField("Responses", Map.class)
            .map(m -> ((Map<?, ?>) m).values().stream().mapToInt(v -> ((List<?>) v).size()).sum()).orElse(0);
        itemsReturned = itemsRead;
      }
      case "TransactGetItems" -> {
        itemsRead = response.getValueForField("Responses", List.class).map(List::size).orElse(0);
        itemsReturned = itemsRead;
      }
      default -> {
        itemsRead = 0;
        itemsReturned = 0;
      }
    }
    Object replayable = original;
    if (op.equals("PutObject")) {
      // The request object holds no body; the replay sends as many bytes as the original did.
      long length = original.getValueForField("ContentLength", Long.class)
          .or(() -> context.httpRequest().firstMatchingHeader("x-amz-decoded-content-length").map(Long::parseLong))
          .or(() -> context.httpRequest().firstMatchingHeader("Content-Length").map(Long::parseLong)).orElse(0L);
      replayable = new Replay.Sized(original, length);
    }
    records().add(new Object[] {op, read, write, itemsRead, itemsReturned, replayable});
  }

  @SuppressWarnings("unchecked")
  private static List<ConsumedCapacity> consumed(SdkResponse response) {
    Object c = response.getValueForField("ConsumedCapacity", Object.class).orElse(null);
    if (c instanceof ConsumedCapacity one) return List.of(one);
    if (c instanceof List<?> many) return (List<ConsumedCapacity>) many;
    return List.of();
  }
}
