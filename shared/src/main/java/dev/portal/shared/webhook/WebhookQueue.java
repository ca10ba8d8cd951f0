package dev.portal.shared.webhook;

import java.time.Duration;

/** The queue of deliveries to attempt; each message names one delivery item. */
public interface WebhookQueue {
  void send(WebhookDelivery.Ref ref);

  /**
   * Makes a received message come back after {@code delay} instead of the queue's visibility
   * timeout.
   */
  void retryAfter(String receiptHandle, Duration delay);
}
