package dev.portal.shared.webhook;

import dev.portal.shared.domain.WireNames;
import java.time.Instant;

/**
 * One change sent (or to be sent) to one webhook, with the exact body every attempt posts and what
 * the last attempt got.
 *
 * @param lastStatusCode the receiver's HTTP status of the last attempt; 0 when it gave none
 *     (refused, timed out)
 */
public record WebhookDelivery(
    String webhookId,
    String id,
    WebhookEvent event,
    Instant createdAt,
    Status status,
    int attempts,
    int lastStatusCode,
    String lastError,
    Instant updatedAt,
    String body) {

  /**
   * {@code pending} until tried; {@code retrying} after a failed try; then one of the final states.
   */
  public enum Status implements WireNames.Wired {
    PENDING("pending"),
    RETRYING("retrying"),
    DELIVERED("delivered"),
    FAILED("failed"),
    /** Its address is one the portal does not post to (server-side request forgery). */
    REFUSED("refused"),
    /** The webhook was deleted before the delivery went out. */
    DROPPED("dropped");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }

    public boolean isFinal() {
      return this != PENDING && this != RETRYING;
    }

    public static Status fromWire(String s) {
      return WireNames.find(values(), s).orElse(PENDING);
    }
  }

  /** Where the delivery queue's message points: the delivery item's key parts. */
  public record Ref(String tenantId, String webhookId, String deliveryId, String createdAt) {}
}
