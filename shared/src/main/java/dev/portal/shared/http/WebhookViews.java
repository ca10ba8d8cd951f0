package dev.portal.shared.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portal.shared.domain.Times;
import dev.portal.shared.webhook.Webhook;
import dev.portal.shared.webhook.WebhookDelivery;
import dev.portal.shared.webhook.WebhookEvent;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Webhooks on the wire; the secret is in the answer that creates one and nowhere after. */
public final class WebhookViews {
  private WebhookViews() {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record WebhookView(String id, String url, List<String> events, String createdAt)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("url", url)
          .field("events", events)
          .field("createdAt", createdAt)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record CreatedWebhookView(
      String id, String url, List<String> events, String createdAt, String secret)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("url", url)
          .field("events", events)
          .field("createdAt", createdAt)
          .field("secret", secret)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record DeliveryView(
      String id,
      String webhookId,
      String event,
      String status,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      String createdAt,
      String updatedAt)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("webhookId", webhookId)
          .field("event", event)
          .field("status", status)
          .field("attempts", attempts)
          .field("lastStatusCode", lastStatusCode)
          .field("lastError", lastError)
          .field("createdAt", createdAt)
          .field("updatedAt", updatedAt)
          .end();
    }
  }

  public static WebhookView webhook(Webhook w) {
    return new WebhookView(
        w.id(),
        w.url(),
        w.events().stream().map(WebhookEvent::wire).toList(),
        Times.iso(w.createdAt()));
  }

  public static CreatedWebhookView created(Webhook w) {
    return new CreatedWebhookView(
        w.id(),
        w.url(),
        w.events().stream().map(WebhookEvent::wire).toList(),
        Times.iso(w.createdAt()),
        w.secret());
  }

  public static DeliveryView delivery(WebhookDelivery d) {
    return new DeliveryView(
        d.id(),
        d.webhookId(),
        d.event().wire(),
        d.status().wire(),
        d.attempts(),
        d.lastStatusCode() == 0 ? null : d.lastStatusCode(),
        d.lastError(),
        Times.iso(d.createdAt()),
        Times.iso(d.updatedAt()));
  }
}
