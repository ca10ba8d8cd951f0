package dev.portal.shared.config;

import dev.portal.shared.http.Json;
import dev.portal.shared.store.CursorCodec;
import dev.portal.shared.store.DynamoWebhookStore;
import dev.portal.shared.store.WebhookStore;
import dev.portal.shared.webhook.DisabledWebhookQueue;
import dev.portal.shared.webhook.HostResolver;
import dev.portal.shared.webhook.HttpWebhookPoster;
import dev.portal.shared.webhook.SqsWebhookQueue;
import dev.portal.shared.webhook.WebhookDeliverer;
import dev.portal.shared.webhook.WebhookFanout;
import dev.portal.shared.webhook.WebhookQueue;
import dev.portal.shared.webhook.WebhookService;
import dev.portal.shared.webhook.WebhookTargets;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Webhooks' wiring. {@code WEBHOOK_LOCAL_TARGETS=true} (local mode and tests only) lets webhooks
 * use http and loopback addresses; {@code WEBHOOK_QUEUE_URL} is the delivery queue (projections,
 * webhook-delivery); {@code WEBHOOK_MAX_ATTEMPTS} must equal the queue's {@code maxReceiveCount};
 * {@code WEBHOOK_RETRY_BASE_SECONDS} is the first retry's wait.
 */
@Factory
public class WebhookFactory {
  static final int DEFAULT_MAX_ATTEMPTS = 5;
  static final long DEFAULT_RETRY_BASE_SECONDS = 30;

  @Singleton
  WebhookStore webhookStore(DynamoDbClient db, PortalConfig config, CursorCodec cursors) {
    return new DynamoWebhookStore(db, config.tableName(), cursors);
  }

  @Singleton
  WebhookTargets webhookTargets(Environment env) {
    return new WebhookTargets(
        HostResolver.system(),
        env.getProperty("webhook.local.targets", Boolean.class).orElse(false));
  }

  @Singleton
  WebhookService webhookService(WebhookStore store, WebhookTargets targets, Clock clock) {
    return new WebhookService(store, targets, clock);
  }

  @Factory
  @Requires(classes = SqsClient.class)
  public static class Queue {
    @Singleton
    WebhookQueue webhookQueue(SqsClient sqs, Environment env, Json json) {
      return env.getProperty("webhook.queue.url", String.class)
          .<WebhookQueue>map(url -> new SqsWebhookQueue(sqs, url, json))
          .orElseGet(DisabledWebhookQueue::new);
    }

    @Singleton
    WebhookFanout webhookFanout(WebhookStore store, WebhookQueue queue, Json json, Clock clock) {
      return new WebhookFanout(store, queue, json, clock);
    }

    @Singleton
    WebhookDeliverer webhookDeliverer(
        WebhookStore store,
        WebhookTargets targets,
        WebhookQueue queue,
        Clock clock,
        Environment env) {
      int attempts =
          env.getProperty("webhook.max.attempts", Integer.class).orElse(DEFAULT_MAX_ATTEMPTS);
      long base =
          env.getProperty("webhook.retry.base.seconds", Long.class)
              .orElse(DEFAULT_RETRY_BASE_SECONDS);
      return new WebhookDeliverer(
          store,
          targets,
          new HttpWebhookPoster(),
          queue,
          clock,
          attempts,
          WebhookDeliverer.exponentialBackoff(Duration.ofSeconds(base)));
    }
  }
}
