package dev.portal.fn.outbox;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.shared.config.LambdaContexts;
import dev.portal.shared.email.Outbox;
import dev.portal.shared.store.StreamImages;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Reads the table's stream (template.yaml passes only new timeline events that owe a mail) and
 * queues each mail for the notifier through {@link Outbox}. A retried record queues its mail again,
 * which the notifier sends once.
 */
public class OutboxFunction extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {
  @Inject Outbox outbox;

  public OutboxFunction() {}

  /**
   * Lazy singletons outside a SnapStart snapshot, a lean environment: see {@link LambdaContexts}.
   */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return LambdaContexts.builder();
  }

  public OutboxFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  public StreamsEventResponse execute(DynamodbEvent event) {
    return StreamImages.each(
        event, "outbox", (name, oldImage, newImage) -> outbox.dispatch(name, newImage));
  }
}
