package dev.portal.bench.probe;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
 * Bench only, never in a function's jar: registered as an SDK global interceptor by the classpath
 * resource {@code software/amazon/awssdk/global/handlers/execution.interceptors} of probe.jar,
 * which the bench puts into the function's class loader. While the bench's recording flag is on it
 * records per request: operation (with {@code !} when the service refused it), the DynamoDB request
 * units computed from item sizes by DynamoDB's rules ({@link Capacity}: read, write, index write
 * units, bytes), the capacity the emulator reported (it asks for {@code
 * ReturnConsumedCapacity=TOTAL}; shown beside, never used), items read, items returned, and the
 * original request (for the warm floor's bare replay). Off, it costs one flag read.
 */
public final class RecordingInterceptor implements ExecutionInterceptor {
  private static final ExecutionAttribute<SdkRequest> ORIGINAL =
      new ExecutionAttribute<>("portal.bench.original");
  private static final ExecutionAttribute<List<Capacity.Target>> TARGETS =
      new ExecutionAttribute<>("portal.bench.targets");
  private static final Set<String> READS =
      Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");

  static boolean recording() {
    return System.getProperties().get("portal.bench.recording") instanceof AtomicBoolean on
        && on.get();
  }

  @SuppressWarnings("unchecked")
  private static Queue<Object[]> records() {
    return (Queue<Object[]>) System.getProperties().get("portal.bench.records");
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    if (!recording() || Capacity.probing()) return context.request();
    attributes.putAttribute(ORIGINAL, context.request());
    if (isDynamoDb(context.request())) {
      // The items a write touches, as they are before it is sent (a write is charged on the larger
      // of before and after).
      try {
        List<Capacity.Target> targets = Capacity.before(context.request());
        if (targets != null) attributes.putAttribute(TARGETS, targets);
      } catch (RuntimeException e) {
        System.err.println(
            "bench probe: could not read the items before " + context.request() + ": " + e);
      }
    }
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
    Capacity.Units units = Capacity.Units.NONE;
    if (isDynamoDb(original)) {
      try {
        List<Capacity.Target> targets = attributes.getAttribute(TARGETS);
        Capacity.Units computed =
            targets != null
                ? Capacity.after(original, response, targets)
                : Capacity.reads(original, response);
        if (computed != null) units = computed;
      } catch (RuntimeException e) {
        System.err.println("bench probe: could not compute the units of " + op + ": " + e);
        units = new Capacity.Units(Double.NaN, Double.NaN, Double.NaN, 0);
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
        itemsRead =
            response.getValueForField("Item", Map.class).map(m -> m.isEmpty() ? 0 : 1).orElse(0);
        itemsReturned = itemsRead;
      }
      case "BatchGetItem" -> {
        itemsRead =
            response
                .getValueForField("Responses", Map.class)
                .map(
                    m ->
                        ((Map<?, ?>) m).values().stream().mapToInt(v -> ((List<?>) v).size()).sum())
                .orElse(0);
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
      long length =
          original
              .getValueForField("ContentLength", Long.class)
              .or(
                  () ->
                      context
                          .httpRequest()
                          .firstMatchingHeader("x-amz-decoded-content-length")
                          .map(Long::parseLong))
              .or(
                  () ->
                      context
                          .httpRequest()
                          .firstMatchingHeader("Content-Length")
                          .map(Long::parseLong))
              .orElse(0L);
      replayable = new Replay.Sized(original, length);
    }
    record(op, read, write, units, itemsRead, itemsReturned, replayable);
  }

  /**
   * A request the service answered with an error (a failed condition, a cancelled transaction, a
   * missing object): the handler made that round trip too, so it is recorded (and replayed by the
   * floor) with {@code !} after its operation, and a refused write is charged what DynamoDB charges
   * for it ({@link Capacity#refused}).
   */
  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    SdkRequest original = attributes.getAttribute(ORIGINAL);
    if (original == null || !(context.exception() instanceof AwsServiceException)) return;
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Capacity.Units units = Capacity.Units.NONE;
    List<Capacity.Target> targets = attributes.getAttribute(TARGETS);
    if (targets != null) {
      try {
        units = Capacity.refused(original, context.exception(), targets);
      } catch (RuntimeException e) {
        System.err.println("bench probe: could not compute the units of refused " + op + ": " + e);
        units = new Capacity.Units(Double.NaN, Double.NaN, Double.NaN, 0);
      }
    }
    record(op + "!", 0, 0, units, 0, 0, original);
  }

  static void record(
      String op,
      double emulatorRead,
      double emulatorWrite,
      Capacity.Units units,
      int itemsRead,
      int itemsReturned,
      Object replayable) {
    // Read by LambdaSim through JDK types only: every field but the last becomes one ':'-separated
    // column.
    records()
        .add(
            new Object[] {
              op,
              emulatorRead,
              emulatorWrite,
              units.rru(),
              units.wru(),
              units.indexWru(),
              units.bytes(),
              itemsRead,
              itemsReturned,
              replayable
            });
  }

  private static boolean isDynamoDb(SdkRequest request) {
    return request
        .getClass()
        .getPackageName()
        .startsWith("software.amazon.awssdk.services.dynamodb.");
  }

  @SuppressWarnings("unchecked")
  private static List<ConsumedCapacity> consumed(SdkResponse response) {
    Object c = response.getValueForField("ConsumedCapacity", Object.class).orElse(null);
    if (c instanceof ConsumedCapacity one) return List.of(one);
    if (c instanceof List<?> many) return (List<ConsumedCapacity>) many;
    return List.of();
  }
}
