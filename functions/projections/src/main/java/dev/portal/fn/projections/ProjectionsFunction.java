package dev.portal.fn.projections;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.report.SupportProjection;
import dev.portal.shared.store.StreamImages;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Reads the table's stream (template.yaml passes ticket items and time_logged events) and keeps the report figures
 * through {@link SupportProjection}, each change once. In order; at the first failure the batch stops and reports
 * that record, so Lambda retries from it.
 */
public class ProjectionsFunction extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
  @Inject SupportProjection projection;

  public ProjectionsFunction() {}

  public ProjectionsFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public StreamsEventResponse execute(DynamodbEvent event) {
    List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
    for (DynamodbEvent.DynamodbStreamRecord r : records) {
      String sequence = r.getDynamodb() == null ? null : r.getDynamodb().getSequenceNumber();
      try {
        if (r.getDynamodb() != null) {
          projection.apply(r.getEventName(), StreamImages.fromLambda(r.getDynamodb().getOldImage()),
              StreamImages.fromLambda(r.getDynamodb().getNewImage()));
        }
      } catch (RuntimeException e) {
        JsonLog.error("projection record failed: the batch is retried from it", e, "sequenceNumber", sequence,
            "eventId", r.getEventID());
        return StreamsEventResponse.builder().withBatchItemFailures(
            List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build())).build();
      }
    }
    return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
  }
}
