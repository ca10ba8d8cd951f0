package dev.portal.bench.probe;

import dev.portal.shared.store.DynamoLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB request units of one recorded request, computed by DynamoDB's rules from item sizes
 * ({@link DynamoLimits#itemBytes}, {@link DynamoLimits#writeUnits}, {@link DynamoLimits#readUnits}:
 * the function jar's own copy, which shares this class loader), because the emulator's
 * ConsumedCapacity is not the size-based figure AWS charges (moto reports 1.0 for any PutItem or
 * GetItem whatever its size, 0.5 for a GetItem miss, nothing for a transaction). The rules, and
 * where they come from, are in bench/README.md ("DynamoDB request units").
 *
 * <p>A write is charged on the larger of the item's size before and after it, so the probe reads
 * both images itself: a consistent GetItem of every key a write touches just before the request is
 * sent ({@link #before}) and, when it succeeded, just after ({@link #after}); a read is charged on
 * the full items it read (a read with a projection is read again in full). These look-ups run with
 * recording suspended ({@link #probing}), so they are neither recorded nor replayed by the warm
 * floor, and only while recording (the cost invocations and the one invocation whose requests
 * become the floor, none of them timed). The table's key and its indexes come from DescribeTable,
 * once.
 */
final class Capacity {
  /**
   * AWS bills a ConditionCheck of a TransactWriteItems as a transactional write (bench/README.md
   * says why).
   */
  static final boolean CONDITION_CHECK_IS_WRITE = true;

  private static final ThreadLocal<Boolean> PROBING = ThreadLocal.withInitial(() -> false);
  private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();
  private static volatile DynamoDbClient db;

  private Capacity() {}

  /** What one request costs: units computed here, and the size they were computed from. */
  record Units(double rru, double wru, double indexWru, long bytes) {
    static final Units NONE = new Units(0, 0, 0, 0);

    Units plus(Units o) {
      return new Units(rru + o.rru, wru + o.wru, indexWru + o.indexWru, bytes + o.bytes);
    }
  }

  enum Kind {
    PUT,
    UPDATE,
    DELETE,
    CHECK
  }

  /**
   * One item a write touches, with its image before the request (empty: the item did not exist).
   */
  record Target(
      String table,
      Map<String, AttributeValue> key,
      Kind kind,
      Map<String, AttributeValue> before) {}

  /** The table's key attributes and its secondary indexes. */
  record Shape(List<String> key, List<Index> indexes) {
    Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
      Map<String, AttributeValue> k = new LinkedHashMap<>();
      for (String a : key) if (item.containsKey(a)) k.put(a, item.get(a));
      return k;
    }
  }

  /** A secondary index: its key attributes and what it projects (null = ALL). */
  record Index(String name, List<String> key, Set<String> projected) {
    boolean holds(Map<String, AttributeValue> item) {
      return !item.isEmpty() && item.keySet().containsAll(key);
    }

    /**
     * The index entry: the whole item (ALL), or the table key, index key and INCLUDE attributes.
     */
    Map<String, AttributeValue> entry(Map<String, AttributeValue> item, List<String> tableKey) {
      if (projected == null) return item;
      Map<String, AttributeValue> e = new LinkedHashMap<>();
      item.forEach(
          (k, v) -> {
            if (tableKey.contains(k) || key.contains(k) || projected.contains(k)) e.put(k, v);
          });
      return e;
    }
  }

  static boolean probing() {
    return PROBING.get();
  }

  private static <T> T quietly(Supplier<T> call) {
    boolean was = PROBING.get();
    PROBING.set(true);
    try {
      return call.get();
    } finally {
      PROBING.set(was);
    }
  }

  private static DynamoDbClient client() {
    if (db == null) {
      synchronized (Capacity.class) {
        if (db == null)
          db = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
      }
    }
    return db;
  }

  static Shape shape(String table) {
    return SHAPES.computeIfAbsent(
        table,
        t ->
            quietly(
                () -> {
                  TableDescription d = client().describeTable(r -> r.tableName(t)).table();
                  List<Index> indexes = new ArrayList<>();
                  for (GlobalSecondaryIndexDescription g : d.globalSecondaryIndexes()) {
                    indexes.add(
                        new Index(g.indexName(), names(g.keySchema()), projected(g.projection())));
                  }
                  for (LocalSecondaryIndexDescription l : d.localSecondaryIndexes()) {
                    indexes.add(
                        new Index(l.indexName(), names(l.keySchema()), projected(l.projection())));
                  }
                  return new Shape(names(d.keySchema()), List.copyOf(indexes));
                }));
  }

  private static List<String> names(List<KeySchemaElement> schema) {
    return schema.stream().map(KeySchemaElement::attributeName).toList();
  }

  private static Set<String> projected(Projection p) {
    if (p == null || p.projectionType() == null || p.projectionType() == ProjectionType.ALL)
      return null;
    return p.projectionType() == ProjectionType.INCLUDE
        ? new HashSet<>(p.nonKeyAttributes())
        : Set.of();
  }

  /** The full stored item (empty if there is none), read consistently outside the recording. */
  static Map<String, AttributeValue> read(String table, Map<String, AttributeValue> key) {
    return quietly(
        () -> {
          GetItemResponse r =
              client().getItem(b -> b.tableName(table).key(key).consistentRead(true));
          return r.hasItem() ? r.item() : Map.of();
        });
  }

  private static int size(Map<String, AttributeValue> item) {
    return item == null || item.isEmpty() ? 0 : DynamoLimits.itemBytes(item);
  }

  // ---- writes ----

  /**
   * The items a write request touches, each with its image now (before the request is sent); null:
   * not a write.
   */
  static List<Target> before(SdkRequest request) {
    List<Target> targets = new ArrayList<>();
    switch (request) {
      case PutItemRequest r ->
          targets.add(target(r.tableName(), shape(r.tableName()).keyOf(r.item()), Kind.PUT));
      case UpdateItemRequest r -> targets.add(target(r.tableName(), r.key(), Kind.UPDATE));
      case DeleteItemRequest r -> targets.add(target(r.tableName(), r.key(), Kind.DELETE));
      case TransactWriteItemsRequest r -> {
        for (TransactWriteItem w : r.transactItems()) {
          if (w.put() != null) {
            targets.add(
                target(
                    w.put().tableName(),
                    shape(w.put().tableName()).keyOf(w.put().item()),
                    Kind.PUT));
          } else if (w.update() != null) {
            targets.add(target(w.update().tableName(), w.update().key(), Kind.UPDATE));
          } else if (w.delete() != null) {
            targets.add(target(w.delete().tableName(), w.delete().key(), Kind.DELETE));
          } else if (w.conditionCheck() != null) {
            targets.add(
                target(w.conditionCheck().tableName(), w.conditionCheck().key(), Kind.CHECK));
          }
        }
      }
      case BatchWriteItemRequest r ->
          r.requestItems()
              .forEach(
                  (table, writes) -> {
                    for (WriteRequest w : writes) {
                      if (w.putRequest() != null)
                        targets.add(
                            target(table, shape(table).keyOf(w.putRequest().item()), Kind.PUT));
                      else if (w.deleteRequest() != null)
                        targets.add(target(table, w.deleteRequest().key(), Kind.DELETE));
                    }
                  });
      default -> {
        return null;
      }
    }
    return targets;
  }

  private static Target target(String table, Map<String, AttributeValue> key, Kind kind) {
    return new Target(table, key, kind, read(table, key));
  }

  /**
   * A write that succeeded: standard writes 1 WRU per KB started of the larger of the item before
   * and after, a transaction 2 per item (a ConditionCheck 2 per KB of the checked item),
   * BatchWriteItem each item as a single write (its unprocessed items not at all); plus the index
   * writes of every item that changed.
   */
  static Units after(SdkRequest request, SdkResponse response, List<Target> targets) {
    boolean transaction = request instanceof TransactWriteItemsRequest;
    List<Map<String, AttributeValue>> unprocessed = new ArrayList<>();
    if (response instanceof BatchWriteItemResponse b && b.hasUnprocessedItems()) {
      b.unprocessedItems()
          .values()
          .forEach(
              ws ->
                  ws.forEach(
                      w ->
                          unprocessed.add(
                              w.putRequest() != null
                                  ? w.putRequest().item()
                                  : w.deleteRequest().key())));
    }
    Units total = Units.NONE;
    for (Target t : targets) {
      Shape shape = shape(t.table());
      if (unprocessed.stream().anyMatch(u -> shape.keyOf(u).equals(t.key()))) continue;
      int before = size(t.before());
      if (t.kind() == Kind.CHECK) {
        total =
            total.plus(
                CONDITION_CHECK_IS_WRITE
                    ? new Units(0, 2 * DynamoLimits.writeUnits(before), 0, before)
                    : new Units(2 * DynamoLimits.readUnits(before, true), 0, 0, before));
        continue;
      }
      Map<String, AttributeValue> image =
          t.kind() == Kind.DELETE ? Map.of() : read(t.table(), t.key());
      int larger = Math.max(before, size(image));
      total =
          total.plus(
              new Units(
                  0,
                  (transaction ? 2 : 1) * DynamoLimits.writeUnits(larger),
                  indexWrites(shape, t.before(), image),
                  larger));
    }
    return total;
  }

  /**
   * A write DynamoDB refused. A failed condition still costs the write units of the item as it is
   * (at least 1), and writes no index. A cancelled transaction's charge is not documented: counted
   * as the transaction would cost on the items as they are (2 per KB each), without index writes,
   * an upper bound. Any other error: nothing.
   */
  static Units refused(SdkRequest request, Throwable error, List<Target> targets) {
    Units total = Units.NONE;
    if (error instanceof ConditionalCheckFailedException) {
      for (Target t : targets) {
        int before = size(t.before());
        total = total.plus(new Units(0, DynamoLimits.writeUnits(before), 0, before));
      }
    } else if (error instanceof TransactionCanceledException) {
      for (Target t : targets) {
        int before = size(t.before());
        total = total.plus(new Units(0, 2 * DynamoLimits.writeUnits(before), 0, before));
      }
    }
    return total;
  }

  /**
   * Index writes of one item (AWS, "Provisioned throughput considerations for Global Secondary
   * Indexes"): an item that enters an index costs one write of its index entry, one that leaves it
   * one write, one whose index key changes two (delete + put), one that stays with a changed entry
   * one; an item in no index before or after, or whose entry did not change, none. Each write is 1
   * WRU per KB started of the entry (ALL: the whole item), not doubled in a transaction (the
   * indexes are updated asynchronously, outside it).
   */
  static double indexWrites(
      Shape shape, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
    double units = 0;
    for (Index ix : shape.indexes()) {
      boolean was = ix.holds(before);
      boolean is = ix.holds(after);
      if (!was && !is) continue;
      Map<String, AttributeValue> old = was ? ix.entry(before, shape.key()) : Map.of();
      Map<String, AttributeValue> now = is ? ix.entry(after, shape.key()) : Map.of();
      if (was && is) {
        boolean sameKey = ix.key().stream().allMatch(a -> before.get(a).equals(after.get(a)));
        if (!sameKey)
          units += DynamoLimits.writeUnits(size(old)) + DynamoLimits.writeUnits(size(now));
        else if (!old.equals(now)) units += DynamoLimits.writeUnits(size(now));
      } else {
        units += DynamoLimits.writeUnits(size(was ? old : now));
      }
    }
    return units;
  }

  // ---- reads ----

  /**
   * A read that succeeded: GetItem the full item's size (a miss costs the minimum), 1 RRU per 4 KB
   * started strongly consistent, half eventually consistent; Query and Scan the sum of the items
   * they evaluated, rounded once; BatchGetItem every key as its own GetItem; TransactGetItems 2 RRU
   * per 4 KB of each item. Null: not a read.
   */
  static Units reads(SdkRequest request, SdkResponse response) {
    return switch (request) {
      case GetItemRequest r -> {
        Map<String, AttributeValue> item =
            ((GetItemResponse) response).hasItem() ? ((GetItemResponse) response).item() : Map.of();
        if (projects(r.projectionExpression(), r.hasAttributesToGet()) && !item.isEmpty())
          item = read(r.tableName(), r.key());
        int bytes = size(item);
        yield new Units(
            DynamoLimits.readUnits(bytes, Boolean.TRUE.equals(r.consistentRead())), 0, 0, bytes);
      }
      case QueryRequest r -> {
        QueryResponse q = (QueryResponse) response;
        List<Map<String, AttributeValue>> items = q.items();
        if (projects(r.projectionExpression(), r.hasAttributesToGet())
            || r.filterExpression() != null
            || r.hasQueryFilter()
            || r.select() != null) {
          QueryRequest full =
              r.toBuilder()
                  .projectionExpression(null)
                  .attributesToGet((java.util.Collection<String>) null)
                  .filterExpression(null)
                  .queryFilter(null)
                  .conditionalOperator((String) null)
                  .select((String) null)
                  .returnConsumedCapacity((String) null)
                  .build();
          items = quietly(() -> client().query(full).items());
        }
        long bytes = items.stream().mapToLong(Capacity::size).sum();
        yield new Units(
            DynamoLimits.readUnits((int) bytes, Boolean.TRUE.equals(r.consistentRead())),
            0,
            0,
            bytes);
      }
      case ScanRequest r -> {
        ScanResponse s = (ScanResponse) response;
        List<Map<String, AttributeValue>> items = s.items();
        if (projects(r.projectionExpression(), r.hasAttributesToGet())
            || r.filterExpression() != null
            || r.hasScanFilter()
            || r.select() != null) {
          ScanRequest full =
              r.toBuilder()
                  .projectionExpression(null)
                  .attributesToGet((java.util.Collection<String>) null)
                  .filterExpression(null)
                  .scanFilter(null)
                  .conditionalOperator((String) null)
                  .select((String) null)
                  .returnConsumedCapacity((String) null)
                  .build();
          items = quietly(() -> client().scan(full).items());
        }
        long bytes = items.stream().mapToLong(Capacity::size).sum();
        yield new Units(
            DynamoLimits.readUnits((int) bytes, Boolean.TRUE.equals(r.consistentRead())),
            0,
            0,
            bytes);
      }
      case BatchGetItemRequest r -> {
        BatchGetItemResponse b = (BatchGetItemResponse) response;
        Units total = Units.NONE;
        for (Map.Entry<String, KeysAndAttributes> e : r.requestItems().entrySet()) {
          String table = e.getKey();
          KeysAndAttributes ka = e.getValue();
          Shape shape = shape(table);
          List<Map<String, AttributeValue>> found = b.responses().getOrDefault(table, List.of());
          List<Map<String, AttributeValue>> skipped =
              b.hasUnprocessedKeys() && b.unprocessedKeys().containsKey(table)
                  ? b.unprocessedKeys().get(table).keys()
                  : List.of();
          boolean projected = projects(ka.projectionExpression(), ka.hasAttributesToGet());
          for (Map<String, AttributeValue> key : ka.keys()) {
            if (skipped.contains(key)) continue;
            Map<String, AttributeValue> item =
                found.stream().filter(i -> shape.keyOf(i).equals(key)).findFirst().orElse(Map.of());
            if (projected && !item.isEmpty()) item = read(table, key);
            int bytes = size(item);
            total =
                total.plus(
                    new Units(
                        DynamoLimits.readUnits(bytes, Boolean.TRUE.equals(ka.consistentRead())),
                        0,
                        0,
                        bytes));
          }
        }
        yield total;
      }
      case TransactGetItemsRequest r -> {
        TransactGetItemsResponse t = (TransactGetItemsResponse) response;
        Units total = Units.NONE;
        for (int i = 0; i < r.transactItems().size(); i++) {
          TransactGetItem g = r.transactItems().get(i);
          Map<String, AttributeValue> item =
              t.hasResponses() && i < t.responses().size() && t.responses().get(i).hasItem()
                  ? t.responses().get(i).item()
                  : Map.of();
          if (g.get().projectionExpression() != null && !item.isEmpty())
            item = read(g.get().tableName(), g.get().key());
          int bytes = size(item);
          total = total.plus(new Units(2 * DynamoLimits.readUnits(bytes, true), 0, 0, bytes));
        }
        yield total;
      }
      default -> null;
    };
  }

  private static boolean projects(String projectionExpression, boolean attributesToGet) {
    return projectionExpression != null || attributesToGet;
  }
}
