package dev.portal.fn.slaticker;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.portal.shared.config.LambdaContexts;
import dev.portal.shared.sla.SlaTicker;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * The EventBridge rule's minute (template.yaml, {@code rate(1 minute)}): reads the SLA schedule's
 * buckets up to the event's minute and writes the warnings and breaches that fell due ({@link
 * SlaTicker}). Local mode calls the same handler from a scheduled executor.
 */
public class SlaTickerFunction extends MicronautRequestHandler<ScheduledEvent, SlaTicker.Result> {
  @Inject SlaTicker ticker;

  public SlaTickerFunction() {}

  /**
   * Lazy singletons outside a SnapStart snapshot, a lean environment: see {@link LambdaContexts}.
   */
  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return LambdaContexts.builder();
  }

  public SlaTickerFunction(ApplicationContext context) {
    super(context);
  }

  /**
   * The rule's scheduled time names the minute, so a delivery retried later still reads its own
   * minute and the catch-up reads the ones between; without one (a hand-made event) the clock
   * decides.
   */
  @Override
  public SlaTicker.Result execute(ScheduledEvent event) {
    Instant at =
        event == null || event.getTime() == null
            ? null
            : Instant.ofEpochMilli(event.getTime().getMillis());
    return at == null ? ticker.tick() : ticker.tick(at);
  }
}
