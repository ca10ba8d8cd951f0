package dev.portal.shared.store;

import dev.portal.shared.domain.Page;
import dev.portal.shared.webhook.Webhook;
import dev.portal.shared.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A tenant's webhooks and their deliveries. */
public interface WebhookStore {
  /** Every webhook of the tenant, oldest first (one consistent GetItem). */
  List<Webhook> webhooks(String tenantId);

  /**
   * Adds {@code webhook} unless the tenant has {@code max} already (409), writing {@code record} in
   * the same transaction.
   */
  void add(String tenantId, Webhook webhook, int max, Optional<CompletedIdempotency> record);

  /**
   * @return false when the tenant has no such webhook
   */
  boolean remove(String tenantId, String webhookId);

  /** Writes a new delivery; false when it exists already (the same change seen again). */
  boolean addDelivery(String tenantId, WebhookDelivery delivery, Instant expiresAt);

  Optional<WebhookDelivery> delivery(WebhookDelivery.Ref ref);

  /** Records an attempt's outcome; never moves a delivery out of a final state. */
  void recordAttempt(
      WebhookDelivery.Ref ref,
      WebhookDelivery.Status status,
      int attempts,
      int statusCode,
      String error,
      Instant at);

  /** A webhook's deliveries, newest first. */
  Page<WebhookDelivery> deliveries(String tenantId, String webhookId, int limit, String cursor);
}
