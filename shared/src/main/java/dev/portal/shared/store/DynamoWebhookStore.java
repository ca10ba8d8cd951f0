package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.BODY;
import static dev.portal.shared.store.Attrs.CREATED_AT;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.STATUS;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.UPDATED_AT;
import static dev.portal.shared.store.Attrs.VERSION;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.num;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Times;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.webhook.Webhook;
import dev.portal.shared.webhook.WebhookDelivery;
import dev.portal.shared.webhook.WebhookEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The tenant's webhooks as one item ({@code hooks}: a map by id, and a {@code version} that every
 * change moves on condition), and each webhook's deliveries in a partition of their own.
 */
public final class DynamoWebhookStore implements WebhookStore {
  static final String HOOKS = "hooks";
  static final String URL = "url";
  static final String EVENTS = "events";
  static final String SECRET = "secret";
  static final String D_WEBHOOK = "webhookId";
  static final String D_EVENT = "event";
  static final String D_ATTEMPTS = "attempts";
  static final String D_CODE = "lastStatusCode";
  static final String D_ERROR = "lastError";
  private static final int ATTEMPTS = 5;

  private final DynamoDbClient db;
  private final String table;
  private final CursorCodec cursors;

  public DynamoWebhookStore(DynamoDbClient db, String table, CursorCodec cursors) {
    this.db = db;
    this.table = table;
    this.cursors = cursors;
  }

  private Map<String, AttributeValue> hooksKey(String tenantId) {
    return Tables.key(Keys.webhooksPk(tenantId), Keys.WEBHOOKS_SK);
  }

  private Map<String, AttributeValue> hooksItem(String tenantId) {
    var r = db.getItem(g -> g.tableName(table).key(hooksKey(tenantId)).consistentRead(true));
    return r.hasItem() ? r.item() : null;
  }

  @Override
  public List<Webhook> webhooks(String tenantId) {
    return webhooksOf(hooksItem(tenantId));
  }

  private static List<Webhook> webhooksOf(Map<String, AttributeValue> item) {
    if (item == null || item.get(HOOKS) == null || !item.get(HOOKS).hasM()) return List.of();
    List<Webhook> out = new ArrayList<>();
    item.get(HOOKS)
        .m()
        .forEach(
            (id, v) -> {
              Map<String, AttributeValue> m = v.m();
              List<WebhookEvent> events =
                  Attrs.strings(m, EVENTS).stream()
                      .flatMap(e -> WebhookEvent.fromWire(e).stream())
                      .toList();
              out.add(new Webhook(id, str(m, URL), events, str(m, SECRET), instant(m, CREATED_AT)));
            });
    out.sort(Comparator.comparing(Webhook::createdAt).thenComparing(Webhook::id));
    return out;
  }

  @Override
  public void add(
      String tenantId, Webhook webhook, int max, Optional<CompletedIdempotency> record) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Map<String, AttributeValue> current = hooksItem(tenantId);
      if (webhooksOf(current).size() >= max) {
        throw new PortalException.Conflict(
            "the tenant has " + max + " webhooks already; delete one first");
      }
      Map<String, AttributeValue> hooks =
          new HashMap<>(
              current == null || current.get(HOOKS) == null ? Map.of() : current.get(HOOKS).m());
      Map<String, AttributeValue> h = new HashMap<>();
      h.put(URL, s(webhook.url()));
      h.put(EVENTS, Attrs.ss(webhook.events().stream().map(WebhookEvent::wire).toList()));
      h.put(SECRET, s(webhook.secret()));
      put(h, CREATED_AT, webhook.createdAt());
      hooks.put(webhook.id(), AttributeValue.fromM(h));
      try {
        write(tenantId, current, hooks, record, webhook.createdAt());
        return;
      } catch (ConditionalCheckFailedException e) {
        // another change of the tenant's webhooks came first: decide again on a fresh read
      } catch (TransactionCanceledException e) {
        if (record.isPresent() && DynamoIdempotencyStore.collided(e, 1, record.get().claim())) {
          throw new IdempotencyCollision();
        }
        if (!Tables.conditionFailedAt(e, 0)) throw e;
      }
    }
    throw new PortalException.Conflict(
        "the tenant's webhooks were changed by someone else at the same moment");
  }

  private void write(
      String tenantId,
      Map<String, AttributeValue> current,
      Map<String, AttributeValue> hooks,
      Optional<CompletedIdempotency> record,
      Instant at) {
    long version = current == null ? 0 : num(current, VERSION);
    Map<String, AttributeValue> item = new HashMap<>(hooksKey(tenantId));
    item.put(TYPE, s("webhooks"));
    item.put(HOOKS, AttributeValue.fromM(hooks));
    item.put(VERSION, n(version + 1));
    Put.Builder put = Put.builder().tableName(table).item(item);
    if (current == null) {
      put.conditionExpression("attribute_not_exists(pk)");
    } else {
      put.conditionExpression("#v = :v")
          .expressionAttributeNames(Map.of("#v", VERSION))
          .expressionAttributeValues(Map.of(":v", n(version)));
    }
    Put p = put.build();
    if (record.isEmpty()) {
      db.putItem(
          r ->
              r.tableName(table)
                  .item(p.item())
                  .conditionExpression(p.conditionExpression())
                  .expressionAttributeNames(
                      p.expressionAttributeNames().isEmpty() ? null : p.expressionAttributeNames())
                  .expressionAttributeValues(
                      p.expressionAttributeValues().isEmpty()
                          ? null
                          : p.expressionAttributeValues()));
      return;
    }
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder().put(p).build(),
            DynamoIdempotencyStore.completion(table, record.get(), at));
    db.transactWriteItems(r -> r.transactItems(writes));
  }

  @Override
  public boolean remove(String tenantId, String webhookId) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Map<String, AttributeValue> current = hooksItem(tenantId);
      if (current == null
          || current.get(HOOKS) == null
          || !current.get(HOOKS).m().containsKey(webhookId)) return false;
      Map<String, AttributeValue> hooks = new HashMap<>(current.get(HOOKS).m());
      hooks.remove(webhookId);
      try {
        write(tenantId, current, hooks, Optional.empty(), null);
        return true;
      } catch (ConditionalCheckFailedException e) {
        // changed meanwhile: read again
      }
    }
    throw new PortalException.Conflict(
        "the tenant's webhooks were changed by someone else at the same moment");
  }

  @Override
  public boolean addDelivery(String tenantId, WebhookDelivery d, Instant expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.webhookDeliveriesPk(tenantId, d.webhookId())));
    item.put(Keys.SK, s(Keys.webhookDeliverySk(Times.iso(d.createdAt()), d.id())));
    item.put(TYPE, s("webhook_delivery"));
    item.put(ID, s(d.id()));
    item.put(D_WEBHOOK, s(d.webhookId()));
    item.put(D_EVENT, s(d.event().wire()));
    put(item, CREATED_AT, d.createdAt());
    item.put(STATUS, s(d.status().wire()));
    item.put(D_ATTEMPTS, n(d.attempts()));
    put(item, UPDATED_AT, d.updatedAt());
    item.put(BODY, s(d.body()));
    item.put(Keys.TTL, n(expiresAt.getEpochSecond()));
    try {
      db.putItem(
          r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private static Map<String, AttributeValue> key(WebhookDelivery.Ref ref) {
    return Tables.key(
        Keys.webhookDeliveriesPk(ref.tenantId(), ref.webhookId()),
        Keys.webhookDeliverySk(ref.createdAt(), ref.deliveryId()));
  }

  @Override
  public Optional<WebhookDelivery> delivery(WebhookDelivery.Ref ref) {
    var r = db.getItem(g -> g.tableName(table).key(key(ref)).consistentRead(true));
    return r.hasItem() ? Optional.of(deliveryFrom(r.item())) : Optional.empty();
  }

  @Override
  public void recordAttempt(
      WebhookDelivery.Ref ref,
      WebhookDelivery.Status status,
      int attempts,
      int statusCode,
      String error,
      Instant at) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":s", s(status.wire()));
    values.put(":a", n(attempts));
    values.put(":c", n(statusCode));
    values.put(":u", s(Times.iso(at)));
    values.put(":delivered", s(WebhookDelivery.Status.DELIVERED.wire()));
    values.put(":failed", s(WebhookDelivery.Status.FAILED.wire()));
    values.put(":refused", s(WebhookDelivery.Status.REFUSED.wire()));
    values.put(":dropped", s(WebhookDelivery.Status.DROPPED.wire()));
    String update = "SET #s = :s, #a = :a, #c = :c, #u = :u";
    if (error != null) {
      values.put(":e", s(error.length() > 500 ? error.substring(0, 500) : error));
      update += ", #e = :e";
    } else {
      update += " REMOVE #e";
    }
    String expression = update;
    try {
      db.updateItem(
          r ->
              r.tableName(table)
                  .key(key(ref))
                  .updateExpression(expression)
                  .conditionExpression(
                      "attribute_exists(pk) AND NOT #s IN (:delivered, :failed, :refused, :dropped)")
                  .expressionAttributeNames(
                      Map.of(
                          "#s",
                          STATUS,
                          "#a",
                          D_ATTEMPTS,
                          "#c",
                          D_CODE,
                          "#u",
                          UPDATED_AT,
                          "#e",
                          D_ERROR))
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException e) {
      // already final (a duplicate message finished it) or gone: nothing to record
    }
  }

  @Override
  public Page<WebhookDelivery> deliveries(
      String tenantId, String webhookId, int limit, String cursor) {
    String partition = Keys.webhookDeliveriesPk(tenantId, webhookId);
    String queryId = "table|" + partition;
    Map<String, AttributeValue> start = cursors.decode(tenantId, queryId, cursor);
    QueryResponse res =
        db.query(
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :d)")
                .expressionAttributeValues(
                    Map.of(":pk", s(partition), ":d", s(Keys.DELIVERY_SK_PREFIX)))
                .scanIndexForward(false)
                .exclusiveStartKey(start)
                .limit(limit)
                .build());
    return new Page<>(
        res.items().stream().map(DynamoWebhookStore::deliveryFrom).toList(),
        cursors.encode(tenantId, queryId, res.lastEvaluatedKey()));
  }

  static WebhookDelivery deliveryFrom(Map<String, AttributeValue> i) {
    return new WebhookDelivery(
        str(i, D_WEBHOOK),
        str(i, ID),
        WebhookEvent.fromWire(str(i, D_EVENT)).orElse(WebhookEvent.TICKET_UPDATED),
        instant(i, CREATED_AT),
        WebhookDelivery.Status.fromWire(str(i, STATUS)),
        (int) num(i, D_ATTEMPTS),
        (int) num(i, D_CODE),
        str(i, D_ERROR),
        instant(i, UPDATED_AT),
        str(i, BODY));
  }
}
