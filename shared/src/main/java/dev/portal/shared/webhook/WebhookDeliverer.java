package dev.portal.shared.webhook;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.WebhookStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The webhook queue's consumer: each message is one delivery, posted signed to its webhook's URL
 * after the URL's addresses are checked again. A 2xx answer delivers it. Any other answer, or none,
 * records the attempt and sets the message's visibility to the back-off of that attempt, so the
 * queue brings it back then; the attempt that is the queue's last receive ({@code maxAttempts}, the
 * redrive policy's {@code maxReceiveCount}) marks it failed and leaves the message to the
 * dead-letter queue. A URL that now resolves to an address we do not post to ends the delivery as
 * refused, with no retry.
 */
public final class WebhookDeliverer {
  public static final String USER_AGENT = "Portal-Webhooks/1";

  private final WebhookStore store;
  private final WebhookTargets targets;
  private final WebhookPoster poster;
  private final WebhookQueue queue;
  private final Clock clock;
  private final int maxAttempts;
  private final IntFunction<Duration> backoff;

  public WebhookDeliverer(
      WebhookStore store,
      WebhookTargets targets,
      WebhookPoster poster,
      WebhookQueue queue,
      Clock clock,
      int maxAttempts,
      IntFunction<Duration> backoff) {
    this.store = store;
    this.targets = targets;
    this.poster = poster;
    this.queue = queue;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
  }

  /**
   * {@code base · 2^(n-1)} for the n-th retry, capped at an hour, drawn from its upper half so
   * receivers are not hit in step.
   */
  public static IntFunction<Duration> exponentialBackoff(Duration base) {
    return n -> {
      long full =
          Math.min(
              Duration.ofHours(1).toMillis(), base.toMillis() << Math.min(Math.max(n - 1, 0), 20));
      long half = full / 2;
      return Duration.ofMillis(
          half
              + (long)
                  (java.util.concurrent.ThreadLocalRandom.current().nextDouble() * (full - half)));
    };
  }

  public enum Outcome {
    DELIVERED,
    RETRY,
    FAILED,
    REFUSED,
    DROPPED,
    NOTHING
  }

  public SQSBatchResponse handle(SQSEvent event) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage m :
        event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
      try {
        Outcome o = deliver(m.getBody(), receiveCount(m), m.getReceiptHandle());
        if (o == Outcome.RETRY || o == Outcome.FAILED) {
          failures.add(
              SQSBatchResponse.BatchItemFailure.builder()
                  .withItemIdentifier(m.getMessageId())
                  .build());
        }
      } catch (RuntimeException e) {
        JsonLog.error(
            "webhook delivery failed: reported for retry", e, "messageId", m.getMessageId());
        failures.add(
            SQSBatchResponse.BatchItemFailure.builder()
                .withItemIdentifier(m.getMessageId())
                .build());
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  static int receiveCount(SQSEvent.SQSMessage m) {
    String v = m.getAttributes() == null ? null : m.getAttributes().get("ApproximateReceiveCount");
    if (v == null || !v.matches("[0-9]{1,6}")) return 1;
    return Integer.parseInt(v);
  }

  /**
   * One attempt of the delivery a message names; {@code receiveCount} is the queue's count for that
   * message.
   */
  public Outcome deliver(String messageBody, int receiveCount, String receiptHandle) {
    SqsWebhookQueue.DeliveryMessage msg;
    try {
      msg = SqsWebhookQueue.DeliveryMessage.read(messageBody);
    } catch (IllegalArgumentException e) {
      JsonLog.warn("webhook queue message is not a delivery: dropped");
      return Outcome.NOTHING;
    }
    if (msg == null
        || msg.tenantId() == null
        || msg.webhookId() == null
        || msg.deliveryId() == null
        || msg.createdAt() == null) {
      return Outcome.NOTHING;
    }
    var ref =
        new WebhookDelivery.Ref(msg.tenantId(), msg.webhookId(), msg.deliveryId(), msg.createdAt());
    Optional<WebhookDelivery> found = store.delivery(ref);
    if (found.isEmpty() || found.get().status().isFinal()) return Outcome.NOTHING;
    WebhookDelivery d = found.get();
    int attempt = d.attempts() + 1;
    Optional<Webhook> hook =
        store.webhooks(ref.tenantId()).stream()
            .filter(w -> w.id().equals(ref.webhookId()))
            .findFirst();
    if (hook.isEmpty()) {
      store.recordAttempt(
          ref,
          WebhookDelivery.Status.DROPPED,
          d.attempts(),
          0,
          "the webhook was deleted",
          clock.instant());
      return Outcome.DROPPED;
    }
    URI uri;
    List<InetAddress> addresses;
    try {
      uri = targets.parse(hook.get().url());
      addresses = targets.addresses(uri);
    } catch (WebhookTargets.Refused refused) {
      store.recordAttempt(
          ref,
          WebhookDelivery.Status.REFUSED,
          attempt,
          0,
          "url " + refused.getMessage(),
          clock.instant());
      JsonLog.warn(
          "webhook delivery refused: its address is not public",
          "tenant",
          ref.tenantId(),
          "webhookId",
          ref.webhookId(),
          "deliveryId",
          ref.deliveryId());
      return Outcome.REFUSED;
    }
    byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
    long now = clock.instant().getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", USER_AGENT);
    headers.put(WebhookSignature.HEADER, WebhookSignature.header(hook.get().secret(), now, body));
    headers.put("Portal-Webhook-Id", ref.webhookId());
    headers.put("Portal-Delivery-Id", ref.deliveryId());
    headers.put("Portal-Event", d.event().wire());
    int code = 0;
    String error = null;
    try {
      code = poster.post(uri, addresses, headers, body);
      if (code >= 200 && code < 300) {
        store.recordAttempt(
            ref, WebhookDelivery.Status.DELIVERED, attempt, code, null, clock.instant());
        return Outcome.DELIVERED;
      }
      error = "HTTP " + code;
    } catch (IOException e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    boolean last = receiveCount >= maxAttempts;
    store.recordAttempt(
        ref,
        last ? WebhookDelivery.Status.FAILED : WebhookDelivery.Status.RETRYING,
        attempt,
        code,
        error,
        clock.instant());
    JsonLog.warn(
        last
            ? "webhook delivery failed for good: to the dead-letter queue"
            : "webhook delivery failed: retried later",
        "tenant",
        ref.tenantId(),
        "webhookId",
        ref.webhookId(),
        "deliveryId",
        ref.deliveryId(),
        "attempt",
        attempt,
        "statusCode",
        code);
    if (last) return Outcome.FAILED;
    if (receiptHandle != null) queue.retryAfter(receiptHandle, backoff.apply(attempt));
    return Outcome.RETRY;
  }
}
