package dev.portal.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.portal.fn.slaticker.SlaTickerFunction;
import dev.portal.shared.log.JsonLog;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Local mode's stand-in for the EventBridge rule: calls the sla-ticker function's handler every
 * {@code interval} ({@code SLA_TICK_SECONDS}, default 60), the first time just after the next
 * minute starts, as the rule does. A failed tick is logged and the next one reads from the
 * checkpoint.
 */
public final class SlaTickerLoop implements AutoCloseable {
  private final SlaTickerFunction function;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sla-ticker");
            t.setDaemon(true);
            return t;
          });

  public SlaTickerLoop(SlaTickerFunction function) {
    this.function = function;
  }

  public SlaTickerLoop start(Duration interval) {
    long periodMs = Math.max(100, interval.toMillis());
    long now = System.currentTimeMillis();
    // Aligned to the minute when ticking each minute; a shorter test interval starts at once.
    long delay = periodMs >= 60_000 ? 60_000 - now % 60_000 + 500 : 0;
    executor.scheduleAtFixedRate(this::tickOnce, delay, periodMs, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * One tick, as the rule's delivery would make it (the event without a time: the clock decides the
   * minute).
   */
  public void tickOnce() {
    try {
      function.handle(new ScheduledEvent(), new LocalLambdaContext(UUID.randomUUID().toString()));
    } catch (RuntimeException e) {
      JsonLog.error("sla tick failed; the next one reads from the checkpoint", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
