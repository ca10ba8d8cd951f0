package dev.portal.it;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * A process that dies right after a write reached DynamoDB: armed on the calling thread, it lets
 * the first write that puts an item whose partition key contains a given fragment reach moto, then
 * throws instead of handing the answer back, as a Lambda killed (or a response lost) after the
 * write would. The write itself is real; only our code never learns that it happened.
 *
 * <p>Registered for every SDK client of the test JVM through the SDK's global interceptor list
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} in the test resources);
 * unarmed it does nothing, and arming is per thread, so other tests' requests are never touched.
 */
public final class CrashAfterWrite implements ExecutionInterceptor {
  private static final ThreadLocal<String> ARMED = new ThreadLocal<>();
  private static final ThreadLocal<Runnable> INSTEAD = new ThreadLocal<>();
  private static final ThreadLocal<Boolean> FIRED = ThreadLocal.withInitial(() -> false);

  /**
   * The next write on this thread of an item whose {@code pk} contains {@code pkFragment} "kills
   * the process".
   */
  static void arm(String pkFragment) {
    ARMED.set(pkFragment);
    INSTEAD.remove();
    FIRED.set(false);
  }

  /**
   * Not a crash: right after that write, {@code meanwhile} runs (and the request then goes on),
   * e.g. a duplicate sent while the first request is still in flight.
   */
  static void pauseAfter(String pkFragment, Runnable meanwhile) {
    arm(pkFragment);
    INSTEAD.set(meanwhile);
  }

  /** Whether the armed crash happened (and disarms). */
  static boolean fired() {
    ARMED.remove();
    boolean fired = FIRED.get();
    FIRED.set(false);
    return fired;
  }

  /** What a test sees instead of the write's answer. */
  static final class Killed extends RuntimeException {
    Killed() {
      super(
          "simulated: the process died right after the write reached DynamoDB", null, false, false);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String fragment = ARMED.get();
    if (fragment == null || !puts(context.request(), fragment)) return;
    ARMED.remove();
    FIRED.set(true);
    Runnable meanwhile = INSTEAD.get();
    INSTEAD.remove();
    if (meanwhile != null) {
      meanwhile.run();
      return;
    }
    throw new Killed();
  }

  private static boolean puts(Object request, String fragment) {
    if (request instanceof PutItemRequest p) return pkContains(p.item().get("pk"), fragment);
    if (request instanceof TransactWriteItemsRequest t) {
      for (TransactWriteItem w : t.transactItems()) {
        if (w.put() != null && pkContains(w.put().item().get("pk"), fragment)) return true;
      }
    }
    return false;
  }

  private static boolean pkContains(AttributeValue pk, String fragment) {
    return pk != null && pk.s() != null && pk.s().contains(fragment);
  }
}
