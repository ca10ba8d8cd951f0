package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portal.shared.webhook.WebhookSignature;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Webhooks end to end on moto: registered through tenant-admin, a ticket change read from the
 * table's stream by the projections function, its delivery queued on SQS and posted by the
 * webhook-delivery function to a receiver on 127.0.0.1 (local targets), with SQS's visibility as
 * the back-off and its redrive as the dead-letter path.
 */
class WebhooksIT {
  private final Fixtures f = new Fixtures();
  private final Fixtures other = new Fixtures();
  private Receiver receiver;

  /**
   * A receiver on loopback: records each request, answers the queued statuses, then 200 (or {@code
   * always}).
   */
  static final class Receiver implements AutoCloseable {
    record Got(Map<String, List<String>> headers, byte[] body) {
      String header(String name) {
        return headers.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(name))
            .map(e -> e.getValue().getFirst())
            .findFirst()
            .orElse(null);
      }
    }

    final HttpServer server;
    final List<Got> got = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    volatile int always = 200;

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/hook",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            got.add(new Got(Map.copyOf(exchange.getRequestHeaders()), body));
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? always : status, -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @AfterEach
  void stop() {
    if (receiver != null) receiver.close();
  }

  private Backend.Res register(Who who, String body) {
    return Req.from("tenant-admin-create-webhook.json")
        .as(who)
        .header("idempotency-key", null)
        .body(body)
        .send(f.api.tenantAdmin);
  }

  private Backend.Res deliveries(Who who, String webhookId) {
    return Req.from("tenant-admin-webhook-deliveries.json")
        .as(who)
        .path("/v1/webhooks/" + webhookId + "/deliveries")
        .send(f.api.tenantAdmin);
  }

  /**
   * The stream into projections, then the webhook queue into webhook-delivery, until {@code done}
   * or 60 s.
   */
  private void pumpUntil(BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + 60_000_000_000L;
    f.api.figures().drain();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "not done within 60 s");
      f.api.webhookQueue().drain();
      Thread.sleep(300);
    }
  }

  @Test
  void aReceiverOnLoopbackVerifiesTheSignatureAndSeesARetryAfterAnswering500Once()
      throws Exception {
    receiver = new Receiver();
    receiver.answers.add(500);
    Backend.Res hook =
        register(f.admin, "{\"url\":\"" + receiver.url() + "\",\"events\":[\"ticket.created\"]}");
    assertEquals(201, hook.status(), hook::describe);
    String secret = hook.str("secret");
    assertTrue(secret.startsWith("whsec_") && secret.length() > 40, secret);
    String ticket = f.ticket(f.alice, "Printer on fire");

    pumpUntil(() -> receiver.got.size() >= 2);
    Receiver.Got first = receiver.got.get(0);
    Receiver.Got retry = receiver.got.get(1);
    long now = Instant.now().getEpochSecond();
    for (Receiver.Got g : List.of(first, retry)) {
      assertTrue(
          WebhookSignature.verify(g.header("Portal-Signature"), secret, g.body(), now, 300),
          "signature " + g.header("Portal-Signature"));
      assertFalse(
          WebhookSignature.verify(
              g.header("Portal-Signature"), "whsec_wrong-secret-0000", g.body(), now, 300));
      assertEquals("ticket.created", g.header("Portal-Event"));
      assertEquals(hook.str("id"), g.header("Portal-Webhook-Id"));
    }
    assertEquals(
        first.header("Portal-Delivery-Id"),
        retry.header("Portal-Delivery-Id"),
        "a retry is the same delivery");
    assertEquals(
        new String(first.body(), StandardCharsets.UTF_8),
        new String(retry.body(), StandardCharsets.UTF_8));
    JsonNode payload = f.api.json.parse(retry.body());
    assertEquals("ticket.created", payload.get("type").getStringValue());
    assertEquals(first.header("Portal-Delivery-Id"), payload.get("id").getStringValue());
    assertEquals(ticket, payload.get("data").get("ticket").get("id").getStringValue());

    Backend.Res list = deliveries(f.admin, hook.str("id"));
    assertEquals(200, list.status(), list::describe);
    JsonNode d = list.items().get(0);
    assertEquals(1, list.items().size(), list::describe);
    assertEquals("delivered", d.get("status").getStringValue());
    assertEquals(2, d.get("attempts").getIntValue());
    assertEquals(200, d.get("lastStatusCode").getIntValue());
    // Replaying the whole stream queues nothing new: the delivery exists and is delivered.
    f.api.figures().drain();
    f.api.webhookQueue().drain();
    assertEquals(2, receiver.got.size());
  }

  @Test
  void aReceiverThatNeverAcceptsEndsFailedAndTheMessageIsDeadLettered() throws Exception {
    receiver = new Receiver();
    receiver.always = 500;
    Backend.Res hook =
        register(
            f.admin,
            "{\"url\":\""
                + receiver.url()
                + "\",\"events\":[\"comment.added\"],"
                + "\"secret\":\"my-own-secret-0123456789\"}");
    assertEquals(201, hook.status(), hook::describe);
    assertEquals("my-own-secret-0123456789", hook.str("secret"));
    String ticket = f.ticket(f.alice, "VPN drops");
    assertEquals(201, f.comment(f.agent, ticket, "{\"body\":\"Looking into it\"}").status());

    String hookId = hook.str("id");
    pumpUntil(
        () -> {
          Backend.Res list = deliveries(f.admin, hookId);
          return list.items().size() == 1
              && "failed".equals(list.items().get(0).get("status").getStringValue());
        });
    assertEquals(
        dev.portal.local.LocalMain.MAX_RECEIVES,
        receiver.got.size(),
        "one POST per receive the queue allows");
    JsonNode d = deliveries(f.admin, hookId).items().get(0);
    assertEquals("comment.added", d.get("event").getStringValue());
    assertEquals(3, d.get("attempts").getIntValue());
    assertEquals("HTTP 500", d.get("lastError").getStringValue());
    String deliveryId = d.get("id").getStringValue();
    JsonNode payload = f.api.json.parse(receiver.got.getFirst().body());
    assertEquals(
        "Looking into it",
        payload.get("data").get("event").get("data").get("body").getStringValue());

    // The queue moves the message on the receive after its last one.
    SqsClient sqs = f.api.context.getBean(SqsClient.class);
    String dlq = f.api.mail().webhookDlqUrl();
    long end = System.nanoTime() + 60_000_000_000L;
    boolean found = false;
    while (!found) {
      assertTrue(System.nanoTime() < end, "the delivery never reached the dead-letter queue");
      f.api.webhookQueue().drain();
      for (var m :
          sqs.receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages()) {
        if (m.body().contains(deliveryId)) {
          found = true;
          sqs.deleteMessage(r -> r.queueUrl(dlq).receiptHandle(m.receiptHandle()));
        }
      }
    }
    assertEquals(3, receiver.got.size(), "nothing posted after the last try");
  }

  @Test
  void urlsThatReachPrivateAddressesAndBadBodiesAre400s() {
    for (String url :
        List.of(
            "http://10.0.0.1/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00::1]/hook",
            "http://[::ffff:10.0.0.1]/hook",
            "ftp://127.0.0.1/hook",
            "http://u:p@127.0.0.1/h")) {
      Backend.Res r =
          register(f.admin, "{\"url\":\"" + url + "\",\"events\":[\"ticket.created\"]}");
      assertEquals(400, r.status(), url + " " + r.raw());
      assertEquals("url", r.json().get("errors").get(0).get("field").getStringValue(), r::describe);
    }
    Backend.Res r =
        register(
            f.admin,
            "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"ticket.deleted\","
                + "\"ticket.created\",\"ticket.created\"],\"secret\":\"short\",\"extra\":1}");
    assertEquals(400, r.status(), r::describe);
    List<String> fields = new ArrayList<>();
    r.json().get("errors").values().forEach(e -> fields.add(e.get("field").getStringValue()));
    assertEquals(List.of("events[0]", "events[2]", "secret", "extra"), fields, r::describe);
    assertEquals(
        400, register(f.admin, "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[]}").status());
  }

  @Test
  void theSecretIsShownOnceAndAWebhookCanBeDeleted() {
    Backend.Res hook =
        register(f.admin, "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"invoice.issued\"]}");
    assertEquals(201, hook.status(), hook::describe);
    Backend.Res list =
        Req.from("tenant-admin-list-webhooks.json").as(f.admin).send(f.api.tenantAdmin);
    assertEquals(200, list.status(), list::describe);
    assertEquals(1, list.items().size());
    assertEquals(hook.str("id"), list.items().get(0).get("id").getStringValue());
    assertNull(list.items().get(0).get("secret"));
    assertFalse(list.raw().contains(hook.str("secret")));
    assertEquals(
        0,
        Req.from("tenant-admin-list-webhooks.json")
            .as(other.admin)
            .send(f.api.tenantAdmin)
            .items()
            .size(),
        "another tenant sees none of them");
    Function<Who, Backend.Res> delete =
        w ->
            Req.from("tenant-admin-delete-webhook.json")
                .as(w)
                .path("/v1/webhooks/" + hook.str("id"))
                .send(f.api.tenantAdmin);
    assertEquals(404, delete.apply(other.admin).status());
    assertEquals(204, delete.apply(f.admin).status());
    assertEquals(404, delete.apply(f.admin).status());
    assertEquals(404, deliveries(f.admin, hook.str("id")).status());
  }

  @TestFactory
  Stream<DynamicTest> everyWebhookRouteAnswers401And403And404() {
    Backend.Res hook =
        register(f.admin, "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"ticket.updated\"]}");
    assertEquals(201, hook.status(), hook::describe);
    String id = hook.str("id");
    Function<Who, Req> create =
        w ->
            Req.from("tenant-admin-create-webhook.json")
                .as(w)
                .header("idempotency-key", null)
                .body("{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"ticket.created\"]}");
    Function<Who, Req> list = w -> Req.from("tenant-admin-list-webhooks.json").as(w);
    Function<Who, Req> delete =
        w -> Req.from("tenant-admin-delete-webhook.json").as(w).path("/v1/webhooks/" + id);
    Function<Who, Req> deliveries =
        w ->
            Req.from("tenant-admin-webhook-deliveries.json")
                .as(w)
                .path("/v1/webhooks/" + id + "/deliveries");
    Function<Who, Req> unknown =
        w ->
            Req.from("tenant-admin-webhook-deliveries.json")
                .as(w)
                .path("/v1/webhooks/wh_nosuchhook/deliveries");
    record Case(String name, int expected, Who who, Function<Who, Req> request) {}
    List<Case> cases = new ArrayList<>();
    Map<String, Function<Who, Req>> routes = new java.util.LinkedHashMap<>();
    routes.put("POST /v1/webhooks", create);
    routes.put("GET /v1/webhooks", list);
    routes.put("DELETE /v1/webhooks/{id}", delete);
    routes.put("GET /v1/webhooks/{id}/deliveries", deliveries);
    routes.forEach(
        (name, r) -> {
          cases.add(new Case(name + " no token", 401, null, r));
          cases.add(new Case(name + " no known role", 403, Who.roleless(f.tenant), r));
          cases.add(new Case(name + " agent", 403, f.agent, r));
          cases.add(new Case(name + " client", 403, f.alice, r));
          cases.add(new Case(name + " client_admin", 403, f.bob, r));
        });
    cases.add(new Case("DELETE /v1/webhooks/{id} other tenant's admin", 404, other.admin, delete));
    cases.add(
        new Case(
            "GET /v1/webhooks/{id}/deliveries other tenant's admin", 404, other.admin, deliveries));
    cases.add(new Case("GET /v1/webhooks/{id}/deliveries unknown id", 404, f.admin, unknown));
    cases.add(new Case("GET /v1/webhooks/{id}/deliveries own admin", 200, f.admin, deliveries));
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      Req req = c.request().apply(c.who() == null ? f.admin : c.who());
                      if (c.who() == null) req.anonymous();
                      Backend.Res r = req.send(f.api.tenantAdmin);
                      assertEquals(c.expected(), r.status(), r::describe);
                      assertNotNull(r.headers());
                    }));
  }
}
