package dev.portal.fn.notifier;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.email.OutboundDelivery;
import dev.portal.shared.lambda.EventFunction;
import dev.portal.shared.lambda.SqsEvents;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Consumes the outbound-mail queue: each message is one mail sent through SES ({@link
 * OutboundDelivery}: failures are reported for retry, mail SES throttled is queued again with a
 * back-off).
 */
public class NotifierFunction extends EventFunction<SQSEvent, SQSBatchResponse> {
  @Inject OutboundDelivery delivery;

  public NotifierFunction() {
    super(SqsEvents::read, SqsEvents::write);
  }

  public NotifierFunction(ApplicationContext context) {
    super(context, SqsEvents::read, SqsEvents::write);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return delivery.handle(event);
  }
}
