package dev.portal.fn.outbox;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.shared.email.Outbox;
import dev.portal.shared.lambda.DynamodbStreamEvents;
import dev.portal.shared.lambda.EventFunction;
import dev.portal.shared.store.StreamImages;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Reads the table's stream (template.yaml passes only new timeline events that owe a mail) and
 * queues each mail for the notifier through {@link Outbox}. A retried record queues its mail again,
 * which the notifier sends once.
 */
public class OutboxFunction extends EventFunction<DynamodbEvent, StreamsEventResponse> {
  @Inject Outbox outbox;

  public OutboxFunction() {
    super(DynamodbStreamEvents::read, DynamodbStreamEvents::write);
  }

  public OutboxFunction(ApplicationContext context) {
    super(context, DynamodbStreamEvents::read, DynamodbStreamEvents::write);
  }

  @Override
  public StreamsEventResponse execute(DynamodbEvent event) {
    return StreamImages.each(
        event, "outbox", (name, oldImage, newImage) -> outbox.dispatch(name, newImage));
  }
}
