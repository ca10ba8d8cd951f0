package dev.portal.it;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the DynamoDB requests made on the calling thread while recording, by operation name, so a
 * test can pin how many requests a report read costs. Registered like {@link CrashAfterWrite}
 * through the SDK's global interceptor list; it records nothing unless a thread started it.
 */
public final class DynamoRequests implements ExecutionInterceptor {
  private static final ThreadLocal<List<String>> SEEN = new ThreadLocal<>();

  /** The number of keys of each BatchGetItem made while recording. */
  private static final ThreadLocal<List<Integer>> BATCH_KEYS = new ThreadLocal<>();

  private static final ThreadLocal<List<String>> OTHERS = new ThreadLocal<>();

  static void start() {
    SEEN.set(new ArrayList<>());
    OTHERS.set(new ArrayList<>());
    BATCH_KEYS.set(new ArrayList<>());
  }

  /** The keys asked for by each BatchGetItem since {@link #start}; read before {@link #stop}. */
  static List<Integer> batchKeys() {
    List<Integer> keys = BATCH_KEYS.get();
    return keys == null ? List.of() : List.copyOf(keys);
  }

  /**
   * The requests to services other than DynamoDB made on this thread since {@link #start}, as
   * {@code Service:Operation}; read before {@link #stop}.
   */
  static List<String> others() {
    List<String> others = OTHERS.get();
    return others == null ? List.of() : List.copyOf(others);
  }

  /** The operations made on this thread since {@link #start}, in order; stops recording. */
  static List<String> stop() {
    List<String> seen = SEEN.get();
    SEEN.remove();
    BATCH_KEYS.remove();
    OTHERS.remove();
    return seen == null ? List.of() : seen;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    List<String> seen = SEEN.get();
    if (seen == null) return;
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    if (!"DynamoDB".equalsIgnoreCase(service)) {
      OTHERS
          .get()
          .add(service + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      return;
    }
    seen.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    if (context.request()
        instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest batch) {
      BATCH_KEYS
          .get()
          .add(batch.requestItems().values().stream().mapToInt(k -> k.keys().size()).sum());
    }
  }
}
