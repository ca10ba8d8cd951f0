package dev.portal.shared.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's subscription: where deliveries go, which events, and the secret their signature is
 * keyed with (shown to the admin once, when created).
 */
public record Webhook(
    String id, String url, List<WebhookEvent> events, String secret, Instant createdAt) {
  public Webhook {
    events = List.copyOf(events);
  }

  public boolean wants(WebhookEvent event) {
    return events.contains(event);
  }
}
