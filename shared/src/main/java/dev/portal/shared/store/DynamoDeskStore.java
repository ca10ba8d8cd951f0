package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.CREATED_AT;
import static dev.portal.shared.store.Attrs.EMAIL;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.IS_DEFAULT;
import static dev.portal.shared.store.Attrs.MEMBERS;
import static dev.portal.shared.store.Attrs.NAME;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.flag;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.Group;
import dev.portal.shared.domain.Page;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link DeskStore} on the single table; items in docs/data-model.md ("group", "notification
 * choices").
 */
public final class DynamoDeskStore implements DeskStore {
  /** {@code mute_<kind> = true} for each mail kind the person turned off. */
  private static final String MUTED_PREFIX = "mute_";

  private final DynamoDbClient db;
  private final String table;
  private final Tables tables;

  public DynamoDeskStore(DynamoDbClient db, String table, CursorCodec cursors) {
    this.db = db;
    this.table = table;
    this.tables = new Tables(db, table, cursors);
  }

  @Override
  public void createGroup(
      String tenantId, Group group, String previousDefault, Optional<CompletedIdempotency> record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.groupPk(tenantId, group.id())));
    item.put(Keys.SK, s(Keys.GROUP_SK));
    item.put(TYPE, s("group"));
    item.put(ID, s(group.id()));
    item.put(NAME, s(group.name()));
    item.put(MEMBERS, Attrs.ss(group.members()));
    item.put(IS_DEFAULT, Attrs.bool(group.isDefault()));
    put(item, CREATED_AT, group.createdAt());
    item.put(Keys.gsiPk(Keys.TENANT_GROUPS), s(Keys.groupsPk(tenantId)));
    item.put(Keys.gsiSk(Keys.TENANT_GROUPS), s(Keys.groupNameSk(group.name(), group.id())));
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(tables.putNew(item));
    int pointer = -1;
    if (group.isDefault()) {
      pointer = writes.size();
      Update.Builder u =
          Update.builder()
              .tableName(table)
              .key(Tables.key(Keys.tenantPk(tenantId), Keys.TENANT_SK))
              .expressionAttributeNames(Map.of("#d", DynamoTicketStore.DEFAULT_GROUP));
      if (previousDefault == null) {
        u.updateExpression("SET #d = :g")
            .conditionExpression("attribute_not_exists(#d)")
            .expressionAttributeValues(Map.of(":g", s(group.id())));
      } else {
        u.updateExpression("SET #d = :g")
            .conditionExpression("#d = :old")
            .expressionAttributeValues(Map.of(":g", s(group.id()), ":old", s(previousDefault)));
        writes.add(TransactWriteItem.builder().update(u.build()).build());
        u =
            Update.builder()
                .tableName(table)
                .key(Tables.key(Keys.groupPk(tenantId, previousDefault), Keys.GROUP_SK))
                .updateExpression("SET isDefault = :f")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(":f", Attrs.bool(false)));
      }
      writes.add(TransactWriteItem.builder().update(u.build()).build());
    }
    int recordAt = writes.size();
    record.ifPresent(
        r -> writes.add(DynamoIdempotencyStore.completion(table, r, group.createdAt())));
    for (int attempt = 1; ; attempt++) {
      try {
        db.transactWriteItems(r -> r.transactItems(writes));
        return;
      } catch (TransactionCanceledException e) {
        if (record.isPresent()
            && DynamoIdempotencyStore.collided(e, recordAt, record.get().claim())) {
          throw new IdempotencyCollision();
        }
        for (int i = 1; i < recordAt; i++) {
          if (Tables.conditionFailedAt(e, i)) throw new DefaultMoved();
        }
        // A portal create's transaction holds the tenant's item (its ticket counter) for a
        // moment: nothing was written, and the same transaction goes through once it is over.
        if (attempt < Tables.CONFLICT_ATTEMPTS && Tables.onlyConflictedIn(e, 0, writes.size())) {
          Tables.pause(attempt);
          continue;
        }
        throw e;
      }
    }
  }

  @Override
  public String defaultGroup(String tenantId) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.tenantPk(tenantId), Keys.TENANT_SK))
                        .projectionExpression("#d")
                        .expressionAttributeNames(Map.of("#d", DynamoTicketStore.DEFAULT_GROUP)))
            .item();
    return item == null ? null : str(item, DynamoTicketStore.DEFAULT_GROUP);
  }

  @Override
  public Optional<Group> group(String tenantId, String groupId) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .key(Tables.key(Keys.groupPk(tenantId, groupId), Keys.GROUP_SK)))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(groupFrom(item));
  }

  @Override
  public Page<Group> groups(String tenantId, int limit, String cursor) {
    String partition = Keys.groupsPk(tenantId);
    return tables.indexPage(
        tenantId, Keys.TENANT_GROUPS, partition, true, limit, cursor, DynamoDeskStore::groupFrom);
  }

  static Group groupFrom(Map<String, AttributeValue> i) {
    return new Group(
        str(i, ID),
        str(i, NAME),
        Attrs.strings(i, MEMBERS),
        flag(i, IS_DEFAULT),
        instant(i, CREATED_AT));
  }

  @Override
  public Set<String> mutedKinds(String tenantId, String email) {
    Map<String, AttributeValue> item =
        db.getItem(r -> r.tableName(table).key(notifyKey(tenantId, email))).item();
    return muted(item);
  }

  @Override
  public Map<String, Set<String>> mutedKinds(String tenantId, Collection<String> emails) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    Map<String, String> byPk = new HashMap<>();
    for (String e : emails) {
      out.put(Keys.normalizeEmail(e), Set.of());
      byPk.put(Keys.notificationsPk(tenantId, e), Keys.normalizeEmail(e));
    }
    if (byPk.isEmpty()) return out;
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String pk : byPk.keySet()) keys.add(Tables.key(pk, Keys.NOTIFY_SK));
    for (Map<String, AttributeValue> item : tables.batchGet(keys, false)) {
      out.put(byPk.get(str(item, Keys.PK)), muted(item));
    }
    return out;
  }

  @Override
  public Set<String> setMuted(String tenantId, String email, Set<String> on, Set<String> off) {
    // One attribute per kind turned off, so one UpdateItem sets and removes them atomically: no
    // read-modify-write.
    Map<String, String> names = new HashMap<>(Map.of("#type", TYPE, "#email", EMAIL));
    List<String> sets = new ArrayList<>(List.of("#type = :type", "#email = :email"));
    List<String> removes = new ArrayList<>();
    int i = 0;
    for (String kind : off) {
      names.put("#k" + i, MUTED_PREFIX + kind);
      sets.add("#k" + i++ + " = :t");
    }
    for (String kind : on) {
      if (off.contains(kind)) continue;
      names.put("#k" + i, MUTED_PREFIX + kind);
      removes.add("#k" + i++);
    }
    Map<String, AttributeValue> values =
        new HashMap<>(Map.of(":type", s("notifications"), ":email", s(Keys.normalizeEmail(email))));
    if (!off.isEmpty()) values.put(":t", Attrs.bool(true));
    String expression =
        "SET "
            + String.join(", ", sets)
            + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
    Map<String, AttributeValue> item =
        db.updateItem(
                r ->
                    r.tableName(table)
                        .key(notifyKey(tenantId, email))
                        .updateExpression(expression)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW))
            .attributes();
    return new TreeSet<>(muted(item));
  }

  private static Map<String, AttributeValue> notifyKey(String tenantId, String email) {
    return Tables.key(Keys.notificationsPk(tenantId, email), Keys.NOTIFY_SK);
  }

  private static Set<String> muted(Map<String, AttributeValue> item) {
    if (item == null || item.isEmpty()) return Set.of();
    Set<String> kinds = new TreeSet<>();
    item.forEach(
        (name, v) -> {
          if (name.startsWith(MUTED_PREFIX) && Boolean.TRUE.equals(v.bool()))
            kinds.add(name.substring(MUTED_PREFIX.length()));
        });
    return kinds;
  }
}
