package dev.portal.fn.projections;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.shared.report.SupportProjection;
import dev.portal.shared.store.StreamImages;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Reads the table's stream (template.yaml passes ticket items and time_logged events) and keeps the report figures
 * through {@link SupportProjection}, each change once however often a batch is retried.
 */
public class ProjectionsFunction extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
  @Inject SupportProjection projection;

  public ProjectionsFunction() {}

  public ProjectionsFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public StreamsEventResponse execute(DynamodbEvent event) {
    return StreamImages.each(event, "projections", projection::apply);
  }
}
