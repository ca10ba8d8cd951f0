package dev.portal.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.MutableClock;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Times;
import dev.portal.shared.http.Json;
import dev.portal.shared.store.CompletedIdempotency;
import dev.portal.shared.store.WebhookStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One attempt at a time, on doubles of our store, resolver, poster and queue, with a clock moved by
 * hand.
 */
class WebhookDelivererTest {
  private static ApplicationContext context;
  private static Json json;

  @BeforeAll
  static void start() {
    context = ApplicationContext.run();
    json = new Json(context.getBean(JsonMapper.class));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  /** The store as a map, enough for the delivery rules. */
  static final class MemoryStore implements WebhookStore {
    final Map<String, List<Webhook>> hooks = new HashMap<>();
    final Map<String, WebhookDelivery> deliveries = new HashMap<>();

    @Override
    public List<Webhook> webhooks(String tenantId) {
      return hooks.getOrDefault(tenantId, List.of());
    }

    @Override
    public void add(
        String tenantId, Webhook webhook, int max, Optional<CompletedIdempotency> record) {
      hooks.computeIfAbsent(tenantId, t -> new ArrayList<>()).add(webhook);
    }

    @Override
    public boolean remove(String tenantId, String webhookId) {
      return hooks
          .getOrDefault(tenantId, new ArrayList<>())
          .removeIf(w -> w.id().equals(webhookId));
    }

    @Override
    public boolean addDelivery(String tenantId, WebhookDelivery d, Instant expiresAt) {
      return deliveries.putIfAbsent(d.id(), d) == null;
    }

    @Override
    public Optional<WebhookDelivery> delivery(WebhookDelivery.Ref ref) {
      return Optional.ofNullable(deliveries.get(ref.deliveryId()));
    }

    @Override
    public void recordAttempt(
        WebhookDelivery.Ref ref,
        WebhookDelivery.Status status,
        int attempts,
        int statusCode,
        String error,
        Instant at) {
      WebhookDelivery d = deliveries.get(ref.deliveryId());
      if (d == null || d.status().isFinal()) return;
      deliveries.put(
          d.id(),
          new WebhookDelivery(
              d.webhookId(),
              d.id(),
              d.event(),
              d.createdAt(),
              status,
              attempts,
              statusCode,
              error,
              at,
              d.body()));
    }

    @Override
    public Page<WebhookDelivery> deliveries(
        String tenantId, String webhookId, int limit, String cursor) {
      return new Page<>(List.copyOf(deliveries.values()), null);
    }
  }

  record Post(URI url, Map<String, String> headers, byte[] body) {}

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  private final MemoryStore store = new MemoryStore();
  private final WebhookTargetsTest.FakeDns dns =
      new WebhookTargetsTest.FakeDns().answer("hooks.example.com", "93.184.215.14");
  private final List<Post> posts = new ArrayList<>();
  private final List<Integer> answers = new ArrayList<>();
  private final List<Duration> visibility = new ArrayList<>();
  private final WebhookQueue queue =
      new WebhookQueue() {
        @Override
        public void send(WebhookDelivery.Ref ref) {}

        @Override
        public void retryAfter(String receiptHandle, Duration delay) {
          visibility.add(delay);
        }
      };
  private final WebhookPoster poster =
      (url, addresses, headers, body) -> {
        posts.add(new Post(url, headers, body));
        if (answers.isEmpty()) throw new IOException("connection refused");
        return answers.removeFirst();
      };
  private final WebhookDeliverer deliverer =
      new WebhookDeliverer(
          store,
          new WebhookTargets(dns, false),
          poster,
          queue,
          clock,
          3,
          n -> Duration.ofSeconds(10L * n));
  private final Webhook hook =
      new Webhook(
          "wh_1",
          "https://hooks.example.com/portal",
          List.of(WebhookEvent.TICKET_CREATED),
          "whsec_0123456789abcdef",
          clock.instant());
  private final WebhookDelivery delivery =
      new WebhookDelivery(
          "wh_1",
          "dl_1",
          WebhookEvent.TICKET_CREATED,
          clock.instant(),
          WebhookDelivery.Status.PENDING,
          0,
          0,
          null,
          clock.instant(),
          "{\"id\":\"dl_1\"}");
  private final String message =
      "{\"tenantId\":\"acme\",\"webhookId\":\"wh_1\",\"deliveryId\":\"dl_1\",\"createdAt\":\""
          + Times.iso(clock.instant())
          + "\"}";

  private WebhookDelivery stored() {
    return store.deliveries.get("dl_1");
  }

  private void registered() {
    store.add("acme", hook, 10, Optional.empty());
    store.addDelivery("acme", delivery, clock.instant());
  }

  @Test
  void aDeliveryIsPostedSignedAndMarkedDelivered() {
    registered();
    answers.add(204);
    assertEquals(WebhookDeliverer.Outcome.DELIVERED, deliverer.deliver(message, 1, "rh"));
    Post p = posts.getFirst();
    assertEquals(URI.create("https://hooks.example.com/portal"), p.url());
    assertTrue(
        WebhookSignature.verify(
            p.headers().get(WebhookSignature.HEADER),
            hook.secret(),
            p.body(),
            clock.instant().getEpochSecond(),
            300),
        p.headers().toString());
    assertEquals("{\"id\":\"dl_1\"}", new String(p.body(), StandardCharsets.UTF_8));
    assertEquals("dl_1", p.headers().get("Portal-Delivery-Id"));
    assertEquals("ticket.created", p.headers().get("Portal-Event"));
    assertEquals(WebhookDelivery.Status.DELIVERED, stored().status());
    assertEquals(204, stored().lastStatusCode());
    // The same message again (SQS delivers at least once): nothing is posted twice.
    assertEquals(WebhookDeliverer.Outcome.NOTHING, deliverer.deliver(message, 2, "rh"));
    assertEquals(1, posts.size());
  }

  @Test
  void aFailedTryBacksOffAndTheLastReceiveFailsForGood() {
    registered();
    answers.add(500);
    assertEquals(WebhookDeliverer.Outcome.RETRY, deliverer.deliver(message, 1, "rh"));
    assertEquals(List.of(Duration.ofSeconds(10)), visibility);
    assertEquals(WebhookDelivery.Status.RETRYING, stored().status());
    assertEquals("HTTP 500", stored().lastError());
    assertEquals(
        WebhookDeliverer.Outcome.RETRY, deliverer.deliver(message, 2, "rh")); // no answer at all
    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20)), visibility);
    assertTrue(stored().lastError().startsWith("IOException"), stored().lastError());
    answers.add(503);
    assertEquals(WebhookDeliverer.Outcome.FAILED, deliverer.deliver(message, 3, "rh"));
    assertEquals(WebhookDelivery.Status.FAILED, stored().status());
    assertEquals(3, stored().attempts());
    assertEquals(
        2, visibility.size(), "the last failure sets no back-off: the queue dead-letters it");
  }

  @Test
  void aNameThatResolvesToAPrivateAddressAtDeliveryTimeIsRefusedWithoutAPost() throws Exception {
    registered();
    new WebhookTargets(dns, false).check(hook.url()); // what registration saw: public
    dns.answer("hooks.example.com", "10.0.0.5"); // and now: rebound to the VPC
    assertEquals(WebhookDeliverer.Outcome.REFUSED, deliverer.deliver(message, 1, "rh"));
    assertTrue(posts.isEmpty());
    assertEquals(WebhookDelivery.Status.REFUSED, stored().status());
    assertNotNull(stored().lastError());
    assertTrue(stored().lastError().contains("10.0.0.5"), stored().lastError());
  }

  @Test
  void aDeliveryOfADeletedWebhookIsDropped() {
    registered();
    store.remove("acme", "wh_1");
    assertEquals(WebhookDeliverer.Outcome.DROPPED, deliverer.deliver(message, 1, "rh"));
    assertTrue(posts.isEmpty());
    assertEquals(WebhookDelivery.Status.DROPPED, stored().status());
  }

  @Test
  void aMessageThatIsNoDeliveryIsDroppedNotRetried() {
    assertEquals(WebhookDeliverer.Outcome.NOTHING, deliverer.deliver("not json", 1, "rh"));
    assertEquals(WebhookDeliverer.Outcome.NOTHING, deliverer.deliver("{}", 1, "rh"));
  }
}
