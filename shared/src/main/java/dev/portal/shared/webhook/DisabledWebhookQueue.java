package dev.portal.shared.webhook;

import dev.portal.shared.log.JsonLog;
import java.time.Duration;

/**
 * Where no webhook queue is configured (a function without SQS, or local mode without an emulator):
 * logs, sends nothing.
 */
public final class DisabledWebhookQueue implements WebhookQueue {
  @Override
  public void send(WebhookDelivery.Ref ref) {
    JsonLog.warn(
        "no webhook queue configured: delivery recorded, not queued",
        "tenant",
        ref.tenantId(),
        "webhookId",
        ref.webhookId(),
        "deliveryId",
        ref.deliveryId());
  }

  @Override
  public void retryAfter(String receiptHandle, Duration delay) {}
}
