package dev.portal.fn.mailfeedback;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.email.MailFeedbackService;
import dev.portal.shared.lambda.EventFunction;
import dev.portal.shared.lambda.SqsEvents;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Consumes the mail-feedback queue: SES's bounce and complaint events (configuration set, SNS, SQS
 * with raw message delivery), each marking its recipients suppressed for the tenant whose mail it
 * was ({@link MailFeedbackService}).
 */
public class MailFeedbackFunction extends EventFunction<SQSEvent, SQSBatchResponse> {
  @Inject MailFeedbackService feedback;

  public MailFeedbackFunction() {
    super(SqsEvents::read, SqsEvents::write);
  }

  public MailFeedbackFunction(ApplicationContext context) {
    super(context, SqsEvents::read, SqsEvents::write);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return feedback.handle(event);
  }
}
