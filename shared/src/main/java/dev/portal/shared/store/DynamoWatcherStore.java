package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.ADDED_AT;
import static dev.portal.shared.store.Attrs.ADDED_BY;
import static dev.portal.shared.store.Attrs.EMAIL;
import static dev.portal.shared.store.Attrs.NAME;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.WATCHING;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Watcher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link WatcherStore} on the single table: {@code WATCHER#<email>} items and a {@code #WATCHERS}
 * count in the ticket's partition (docs/data-model.md, "Watchers").
 */
public final class DynamoWatcherStore implements WatcherStore {
  private final DynamoDbClient db;
  private final String table;

  public DynamoWatcherStore(DynamoDbClient db, String table) {
    this.db = db;
    this.table = table;
  }

  @Override
  public List<Watcher> watchers(String tenantId, long ticketSeq) {
    // Consistent: a watcher added a moment ago is in the list its adder reads back, and gets the
    // next mail. The cap keeps the partition's watchers to one page (20 items of ~200 bytes).
    return db
        .query(
            r ->
                r.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :w)")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            s(Keys.ticketPk(tenantId, ticketSeq)),
                            ":w",
                            s(Keys.WATCHER_SK_PREFIX)))
                    .limit(Caps.WATCHERS + 1))
        .items()
        .stream()
        .map(DynamoWatcherStore::watcherFrom)
        .toList();
  }

  @Override
  public Optional<Watcher> watcher(String tenantId, long ticketSeq, String email) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.ticketPk(tenantId, ticketSeq), Keys.watcherSk(email))))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(watcherFrom(item));
  }

  private static Watcher watcherFrom(Map<String, AttributeValue> item) {
    return new Watcher(
        str(item, EMAIL), str(item, NAME), str(item, ADDED_BY), instant(item, ADDED_AT));
  }

  /**
   * The watcher's item, new ({@code attribute_not_exists(pk)}), and the ticket's count, below
   * {@code max} before it: two writes for the event's transaction, in this order (the store reads a
   * cancellation by position).
   */
  static List<TransactWriteItem> added(
      String table, String tenantId, long seq, Watcher w, int max) {
    String pk = Keys.ticketPk(tenantId, seq);
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(pk));
    item.put(Keys.SK, s(Keys.watcherSk(w.email())));
    item.put(TYPE, s("watcher"));
    item.put(EMAIL, s(Keys.normalizeEmail(w.email())));
    if (w.name() != null) item.put(NAME, s(w.name()));
    if (w.addedBy() != null) item.put(ADDED_BY, s(w.addedBy()));
    put(item, ADDED_AT, w.addedAt());
    return List.of(
        TransactWriteItem.builder()
            .put(
                Put.builder()
                    .tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(pk)")
                    .build())
            .build(),
        count(table, pk, 1, "attribute_not_exists(#n) OR #n < :max", max));
  }

  /** The watcher's item, which must exist, and the count one lower: as {@link #added}. */
  static List<TransactWriteItem> removed(String table, String tenantId, long seq, String email) {
    String pk = Keys.ticketPk(tenantId, seq);
    return List.of(
        TransactWriteItem.builder()
            .delete(
                Delete.builder()
                    .tableName(table)
                    .key(Tables.key(pk, Keys.watcherSk(email)))
                    .conditionExpression("attribute_exists(pk)")
                    .build())
            .build(),
        count(table, pk, -1, null, 0));
  }

  private static TransactWriteItem count(
      String table, String pk, int by, String condition, int max) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":by", n(by));
    if (condition != null) values.put(":max", n(max));
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table)
                .key(Tables.key(pk, Keys.WATCHERS_SK))
                .updateExpression("ADD #n :by")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#n", WATCHING))
                .expressionAttributeValues(values)
                .build())
        .build();
  }
}
