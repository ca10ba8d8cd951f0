package dev.portal.fn.notifier;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.config.LambdaContexts;
import dev.portal.shared.email.OutboundDelivery;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Consumes the outbound-mail queue: each message is one mail sent through SES ({@link
 * OutboundDelivery}: failures are reported for retry, mail SES throttled is queued again with a
 * back-off).
 */
public class NotifierFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
  @Inject OutboundDelivery delivery;

  public NotifierFunction() {}

  /**
   * Lazy singletons outside a SnapStart snapshot, a lean environment: see {@link LambdaContexts}.
   */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return LambdaContexts.builder();
  }

  public NotifierFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return delivery.handle(event);
  }
}
