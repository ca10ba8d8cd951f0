package dev.portal.shared.webhook;

import dev.portal.shared.http.Json;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The webhook queue on SQS: a message is the delivery's reference as JSON. */
public final class SqsWebhookQueue implements WebhookQueue {
  /** SQS's longest visibility timeout is 12 hours; no back-off of ours comes near it. */
  static final long MAX_VISIBILITY_SECONDS = 12 * 3600;

  private final SqsClient sqs;
  private final String queueUrl;
  private final Json json;

  public SqsWebhookQueue(SqsClient sqs, String queueUrl, Json json) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.json = json;
  }

  @Override
  public void send(WebhookDelivery.Ref ref) {
    String body =
        json.write(
            new DeliveryMessage(
                ref.tenantId(), ref.webhookId(), ref.deliveryId(), ref.createdAt()));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
  }

  @Override
  public void retryAfter(String receiptHandle, Duration delay) {
    long seconds = Math.clamp(delay.toSeconds(), 0, MAX_VISIBILITY_SECONDS);
    sqs.changeMessageVisibility(
        r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout((int) seconds));
  }

  /** The message's wire form. */
  @io.micronaut.serde.annotation.Serdeable
  public record DeliveryMessage(
      String tenantId, String webhookId, String deliveryId, String createdAt) {}
}
