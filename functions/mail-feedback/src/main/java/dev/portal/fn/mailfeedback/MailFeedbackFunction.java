package dev.portal.fn.mailfeedback;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.config.LambdaContexts;
import dev.portal.shared.email.MailFeedbackService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Consumes the mail-feedback queue: SES's bounce and complaint events (configuration set, SNS, SQS
 * with raw message delivery), each marking its recipients suppressed for the tenant whose mail it
 * was ({@link MailFeedbackService}).
 */
public class MailFeedbackFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
  @Inject MailFeedbackService feedback;

  public MailFeedbackFunction() {}

  /**
   * Lazy singletons outside a SnapStart snapshot, a lean environment: see {@link LambdaContexts}.
   */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return LambdaContexts.builder();
  }

  public MailFeedbackFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return feedback.handle(event);
  }
}
