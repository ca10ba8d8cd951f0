package dev.portal.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Base of every HTTP Lambda function: Micronaut builds the context and injects the subclass once per container, and
 * each invocation goes through the shared {@link ApiDispatcher}. A subclass declares its routes and nothing else.
 *
 * <p>The no-argument constructor is Lambda's; the one taking a context lets tests and local mode share one context.
 */
public abstract class ApiFunction extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private ApiPlatform platform;
  private volatile ApiDispatcher dispatcher;

  protected ApiFunction() {
    super();
  }

  protected ApiFunction(ApplicationContext context) {
    super(context);
  }

  @Inject
  public void setPlatform(ApiPlatform platform) {
    this.platform = platform;
  }

  protected final Json json() {
    return platform.json();
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
}
