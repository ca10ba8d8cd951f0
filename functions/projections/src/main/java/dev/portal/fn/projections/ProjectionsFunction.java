package dev.portal.fn.projections;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.shared.lambda.DynamodbStreamEvents;
import dev.portal.shared.lambda.EventFunction;
import dev.portal.shared.report.SupportProjection;
import dev.portal.shared.sla.SlaScheduler;
import dev.portal.shared.store.PendingEvents;
import dev.portal.shared.store.StreamImages;
import dev.portal.shared.webhook.WebhookFanout;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Reads the table's stream (template.yaml passes ticket items, time_logged, comment and SLA events,
 * and new invoices): writes the events a ticket change left pending when its process died before
 * writing them ({@link PendingEvents}); keeps the report figures through {@link SupportProjection},
 * each change once however often a batch is retried; turns the changes webhooks subscribe to into
 * deliveries ({@link WebhookFanout}, idempotent by delivery id); and keeps the SLA schedule through
 * {@link SlaScheduler} (the minute buckets the sla-ticker function reads).
 */
public class ProjectionsFunction extends EventFunction<DynamodbEvent, StreamsEventResponse> {
  @Inject SupportProjection projection;
  @Inject WebhookFanout webhooks;
  @Inject SlaScheduler sla;
  @Inject PendingEvents pending;

  public ProjectionsFunction() {
    super(DynamodbStreamEvents::read, DynamodbStreamEvents::write);
  }

  public ProjectionsFunction(ApplicationContext context) {
    super(context, DynamodbStreamEvents::read, DynamodbStreamEvents::write);
  }

  @Override
  public StreamsEventResponse execute(DynamodbEvent event) {
    // Each is idempotent per change (the figures by their marker, deliveries by id, the schedule by
    // its keys), so a
    // batch retried after a later one failed applies the earlier ones again harmlessly.
    return StreamImages.each(
        event,
        "projections",
        (name, oldImage, newImage) -> {
          pending.repair(name, oldImage, newImage);
          projection.apply(name, oldImage, newImage);
          webhooks.apply(name, oldImage, newImage);
          sla.apply(name, oldImage, newImage);
        });
  }
}
