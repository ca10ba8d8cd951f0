package dev.portal.shared.webhook;

import dev.portal.shared.http.Json;
import dev.portal.shared.http.JsonOut;
import dev.portal.shared.http.JsonView;
import dev.portal.shared.lambda.MessageBodies;
import java.time.Duration;
import java.util.Map;
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

  /**
   * The message's wire form: what Serde wrote for it (a null or empty field left out), written and
   * read without Serde.
   */
  @io.micronaut.serde.annotation.Serdeable
  public record DeliveryMessage(
      String tenantId, String webhookId, String deliveryId, String createdAt) implements JsonView {
    /**
     * A field absent, null or not a string is null.
     *
     * @throws IllegalArgumentException when the body is no JSON object
     */
    public static DeliveryMessage read(String body) {
      Map<String, Object> m = MessageBodies.object(body);
      return new DeliveryMessage(
          MessageBodies.text(m, "tenantId"),
          MessageBodies.text(m, "webhookId"),
          MessageBodies.text(m, "deliveryId"),
          MessageBodies.text(m, "createdAt"));
    }

    @Override
    public void writeJson(JsonOut out) {
      out.object();
      out.nonEmpty("tenantId", tenantId);
      out.nonEmpty("webhookId", webhookId);
      out.nonEmpty("deliveryId", deliveryId);
      out.nonEmpty("createdAt", createdAt);
      out.end();
    }
  }
}
