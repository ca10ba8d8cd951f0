package dev.portal.fn.webhookdelivery;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.config.LambdaContexts;
import dev.portal.shared.webhook.WebhookDeliverer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Consumes the webhook queue: each message is one delivery POSTed signed to its receiver ({@link
 * WebhookDeliverer}: the address checked again first, failures retried with a back-off through the
 * message's visibility, the last one dead-lettered).
 */
public class WebhookDeliveryFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
  @Inject WebhookDeliverer deliverer;

  public WebhookDeliveryFunction() {}

  /**
   * Lazy singletons outside a SnapStart snapshot, a lean environment: see {@link LambdaContexts}.
   */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return LambdaContexts.builder();
  }

  public WebhookDeliveryFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return deliverer.handle(event);
  }
}
