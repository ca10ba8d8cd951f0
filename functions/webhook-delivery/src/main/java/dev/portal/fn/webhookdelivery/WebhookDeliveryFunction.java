package dev.portal.fn.webhookdelivery;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.lambda.EventFunction;
import dev.portal.shared.lambda.SqsEvents;
import dev.portal.shared.webhook.WebhookDeliverer;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Consumes the webhook queue: each message is one delivery POSTed signed to its receiver ({@link
 * WebhookDeliverer}: the address checked again first, failures retried with a back-off through the
 * message's visibility, the last one dead-lettered).
 */
public class WebhookDeliveryFunction extends EventFunction<SQSEvent, SQSBatchResponse> {
  @Inject WebhookDeliverer deliverer;

  public WebhookDeliveryFunction() {
    super(SqsEvents::read, SqsEvents::write);
  }

  public WebhookDeliveryFunction(ApplicationContext context) {
    super(context, SqsEvents::read, SqsEvents::write);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return deliverer.handle(event);
  }
}
