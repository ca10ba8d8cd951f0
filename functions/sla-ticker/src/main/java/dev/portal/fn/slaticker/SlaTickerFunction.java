package dev.portal.fn.slaticker;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.portal.shared.lambda.EventFunction;
import dev.portal.shared.lambda.EventJson;
import dev.portal.shared.lambda.ScheduledEvents;
import dev.portal.shared.sla.SlaTicker;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * The EventBridge rule's minute (template.yaml, {@code rate(1 minute)}): reads the SLA schedule's
 * buckets up to the event's minute and writes the warnings and breaches that fell due ({@link
 * SlaTicker}). Local mode calls the same handler from a scheduled executor.
 */
public class SlaTickerFunction extends EventFunction<ScheduledEvent, SlaTicker.Result> {
  @Inject SlaTicker ticker;

  public SlaTickerFunction() {
    super(ScheduledEvents::read, SlaTickerFunction::write);
  }

  public SlaTickerFunction(ApplicationContext context) {
    super(context, ScheduledEvents::read, SlaTickerFunction::write);
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

  /** EventBridge drops the result; written for the logs of a manual invoke. */
  private static void write(SlaTicker.Result r, OutputStream out) throws IOException {
    EventJson.write(
        r,
        out,
        (v, g) -> {
          g.writeStartObject();
          g.writeNumberField("minutes", v.minutes());
          g.writeNumberField("entries", v.entries());
          g.writeNumberField("warnings", v.warnings());
          g.writeNumberField("breaches", v.breaches());
          g.writeNumberField("stale", v.stale());
          g.writeNumberField("duplicates", v.duplicates());
          g.writeEndObject();
        });
  }
}
