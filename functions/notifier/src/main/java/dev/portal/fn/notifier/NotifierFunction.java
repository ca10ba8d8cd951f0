package dev.portal.fn.notifier;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.email.NotifierService;
import dev.portal.shared.email.OutboundMail;
import dev.portal.shared.http.Json;
import dev.portal.shared.log.JsonLog;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Consumes the outbound-mail queue: each message is one mail sent through SES by {@link NotifierService}. */
public class NotifierFunction extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {
  @Inject NotifierService notifier;
  @Inject Json json;

  public NotifierFunction() {}

  public NotifierFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage record : event.getRecords()) {
      try {
        notifier.send(json.read(record.getBody(), OutboundMail.class));
      } catch (RuntimeException e) {
        JsonLog.error("outbound mail failed: reported for retry, then the dead-letter queue", e,
            "requestId", record.getMessageId());
        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build());
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
