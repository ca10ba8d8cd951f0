package dev.portal.fn.inboundemail;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.email.InboundMailService;
import dev.portal.shared.email.InboundNotification;
import dev.portal.shared.email.SesNotifications;
import dev.portal.shared.lambda.EventFunction;
import dev.portal.shared.lambda.SqsEvents;
import dev.portal.shared.log.JsonLog;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumes the inbound-mail queue (SES receipt notifications, via SNS): one message at a time
 * through {@link InboundMailService}. A message that fails is reported alone as a batch item
 * failure, so the queue retries only it (and dead-letters it after the redrive policy's receive
 * count) while the rest of the batch is done.
 */
public class InboundEmailFunction extends EventFunction<SQSEvent, SQSBatchResponse> {
  @Inject InboundMailService inbound;

  @Value("${inbound.max.receives:5}")
  int maxReceives;

  public InboundEmailFunction() {
    super(SqsEvents::read, SqsEvents::write);
  }

  public InboundEmailFunction(ApplicationContext context) {
    super(context, SqsEvents::read, SqsEvents::write);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage record : event.getRecords()) {
      InboundNotification n = null;
      try {
        n = SesNotifications.parse(record.getBody());
        inbound.receive(n);
      } catch (Exception | StackOverflowError e) {
        String receives =
            record.getAttributes() == null
                ? null
                : record.getAttributes().get("ApproximateReceiveCount");
        JsonLog.error(
            "inbound mail failed: reported for retry, then the dead-letter queue",
            e,
            "requestId",
            record.getMessageId(),
            "s3Key",
            n == null ? null : n.key(),
            "receiveCount",
            receives);
        if (n != null && lastDelivery(receives)) giveUp(n, e);
        failures.add(
            SQSBatchResponse.BatchItemFailure.builder()
                .withItemIdentifier(record.getMessageId())
                .build());
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  /**
   * The queue's redrive policy dead-letters a message after {@code inbound.max.receives} receives.
   */
  private boolean lastDelivery(String receives) {
    try {
      return receives != null && Integer.parseInt(receives) >= maxReceives;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void giveUp(InboundNotification n, Throwable cause) {
    try {
      inbound.giveUp(n, cause instanceof Exception e ? e : new IllegalStateException(cause));
    } catch (RuntimeException e) {
      JsonLog.error(
          "inbound mail: could not record the dead-lettered message", e, "s3Key", n.key());
    }
  }
}
