package dev.portal.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.portal.shared.lambda.EventFunction;
import dev.portal.shared.lambda.HttpApiEvents;
import dev.portal.shared.lambda.MalformedEvent;
import dev.portal.shared.log.JsonLog;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;

/**
 * Base of every HTTP Lambda function: Micronaut builds the context and injects the subclass once
 * per container ({@link EventFunction}), the API Gateway event is read by {@link HttpApiEvents},
 * and each invocation goes through the shared {@link ApiDispatcher}. A subclass declares its routes
 * and nothing else.
 *
 * <p>The no-argument constructor is Lambda's; the one taking a context lets tests and local mode
 * share one context.
 *
 * <p>With SnapStart (template.yaml) Lambda snapshots the initialized function: Lambda's instance
 * registers itself as a CRaC resource so that {@link SnapStartPriming} runs before the snapshot.
 * Without CRaC the registration is a no-op.
 */
public abstract class ApiFunction
    extends EventFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> implements Resource {
  private ApiPlatform platform;
  private Clock clock;
  private SnapStartPriming priming;
  private volatile ApiDispatcher dispatcher;

  protected ApiFunction() {
    super(HttpApiEvents::read, HttpApiEvents::write);
    // The global context holds resources weakly; the runtime holds this handler for the sandbox's
    // life.
    Core.getGlobalContext().register(this);
  }

  protected ApiFunction(ApplicationContext context) {
    super(context, HttpApiEvents::read, HttpApiEvents::write);
  }

  @Inject
  public void setPlatform(ApiPlatform platform) {
    this.platform = platform;
  }

  /** The context's clock (a fixed one in tests), for what a response derives from the time. */
  @Inject
  public void setClock(Clock clock) {
    this.clock = clock;
  }

  @Inject
  public void setPriming(SnapStartPriming priming) {
    this.priming = priming;
  }

  /**
   * Never throws: an exception here would fail the version being published (see {@link
   * SnapStartPriming}).
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    try {
      priming.prime(this::dispatcher, primingReads());
    } catch (Throwable e) {
      JsonLog.warn(
          "SnapStart priming failed; the snapshot is taken without it", "error", e.toString());
    }
  }

  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    // nothing to renew: the SDK client re-opens connections and re-reads credentials on its own
  }

  protected final Json json() {
    return platform.json();
  }

  /** Now, by the injected clock: a ticket's SLA state is read against it ({@link Views#ticket}). */
  protected final Instant now() {
    return clock.instant();
  }

  /**
   * The reads SnapStart priming repeats before the snapshot ({@link SnapStartPriming}): the
   * function's most frequent read routes, which must make no write and call nothing but DynamoDB.
   * None by default.
   */
  protected List<SnapStartPriming.Read> primingReads() {
    return List.of();
  }

  /** The routes this function answers; called once. */
  protected abstract List<Route> routes();

  public final ApiDispatcher dispatcher() {
    ApiDispatcher d = dispatcher;
    if (d == null) {
      synchronized (this) {
        if (dispatcher == null) dispatcher = platform.dispatcher(routes());
        d = dispatcher;
      }
    }
    return d;
  }

  @Override
  public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
    return dispatcher().handle(event);
  }

  /**
   * API Gateway never sends such an event, so whoever did gets a 400 problem, as the dispatcher
   * answers a body that is not JSON; the reason is logged, not echoed.
   */
  @Override
  protected APIGatewayV2HTTPResponse malformed(MalformedEvent e) {
    return dispatcher().malformedEvent(e);
  }
}
