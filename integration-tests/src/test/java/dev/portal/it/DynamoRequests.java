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

  static void start() {
    SEEN.set(new ArrayList<>());
  }

  /** The operations made on this thread since {@link #start}, in order; stops recording. */
  static List<String> stop() {
    List<String> seen = SEEN.get();
    SEEN.remove();
    return seen == null ? List.of() : seen;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    List<String> seen = SEEN.get();
    if (seen == null
        || !"DynamoDB"
            .equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) return;
    seen.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }
}
