package dev.portal.fn.outbox;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.shared.email.Outbox;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.StreamImages;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Reads the table's stream (template.yaml passes only new timeline events that owe a mail) and queues each mail for the
 * notifier through {@link Outbox}.
 *
 * <p>Records are handled in stream order; at the first failure the batch stops and reports that record, so Lambda
 * retries from it and nothing after it is skipped. A retried record queues its mail again, which the notifier sends
 * once.
 */
public class OutboxFunction extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
  @Inject Outbox outbox;

  public OutboxFunction() {}

  public OutboxFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public StreamsEventResponse execute(DynamodbEvent event) {
    List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
    for (DynamodbEvent.DynamodbStreamRecord r : records) {
      String sequence = r.getDynamodb() == null ? null : r.getDynamodb().getSequenceNumber();
      try {
        outbox.dispatch(r.getEventName(),
            StreamImages.fromLambda(r.getDynamodb() == null ? null : r.getDynamodb().getNewImage()));
      } catch (RuntimeException e) {
        JsonLog.error("outbox record failed: the batch is retried from it", e, "sequenceNumber", sequence,
            "eventId", r.getEventID());
        return StreamsEventResponse.builder().withBatchItemFailures(
            List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build())).build();
      }
    }
    return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
  }
}
