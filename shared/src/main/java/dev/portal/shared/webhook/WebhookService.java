package dev.portal.shared.webhook;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Page;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.service.Ids;
import dev.portal.shared.store.IdempotentResponse;
import dev.portal.shared.store.WebhookStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

/**
 * Admins' webhooks: register (the URL checked against {@link WebhookTargets}), list, delete, and
 * list deliveries.
 */
public final class WebhookService {
  /**
   * Each change costs one delivery per matching webhook; ten receivers is plenty for a service
   * company.
   */
  public static final int MAX_WEBHOOKS = 10;

  public static final int MIN_SECRET = 16;
  public static final int MAX_SECRET = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebhookStore store;
  private final WebhookTargets targets;
  private final Clock clock;

  public WebhookService(WebhookStore store, WebhookTargets targets, Clock clock) {
    this.store = store;
    this.targets = targets;
    this.clock = clock;
  }

  /**
   * A new secret: 32 random bytes, base64url, behind a prefix that tells what it is when found in a
   * config file.
   */
  public static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * @param secret the admin's own, or null for a generated one; either way answered once, in this
   *     call's answer
   */
  public Webhook register(
      Caller caller,
      String url,
      List<WebhookEvent> events,
      String secret,
      IdempotentResponse<Webhook> answer) {
    try {
      targets.check(url);
    } catch (WebhookTargets.Refused refused) {
      throw new PortalException.Invalid("url", refused.getMessage());
    }
    Webhook webhook =
        new Webhook(
            "wh_" + Ids.random(12),
            url,
            events.stream().distinct().toList(),
            secret == null ? newSecret() : secret,
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    store.add(caller.tenantId(), webhook, MAX_WEBHOOKS, answer.completedBy(webhook));
    return webhook;
  }

  public List<Webhook> list(Caller caller) {
    return store.webhooks(caller.tenantId());
  }

  public void delete(Caller caller, String webhookId) {
    if (!store.remove(caller.tenantId(), webhookId))
      throw new PortalException.NotFound("no such webhook");
  }

  public Page<WebhookDelivery> deliveries(
      Caller caller, String webhookId, int limit, String cursor) {
    boolean exists =
        store.webhooks(caller.tenantId()).stream().anyMatch(w -> w.id().equals(webhookId));
    if (!exists) throw new PortalException.NotFound("no such webhook");
    return store.deliveries(caller.tenantId(), webhookId, limit, cursor);
  }
}
