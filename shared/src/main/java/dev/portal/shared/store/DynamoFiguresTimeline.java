package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.log.JsonLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link FiguresTimeline} on the single table; keys in {@link Keys}. */
public final class DynamoFiguresTimeline implements FiguresTimeline {
  private final DynamoDbClient db;
  private final String table;
  private final Tables tables;

  public DynamoFiguresTimeline(DynamoDbClient db, String table) {
    this.db = db;
    this.table = table;
    this.tables = new Tables(db, table, null);
  }

  @Override
  public List<Stored> tickets(String tenantId) {
    // The tenant's list index holds every ticket but only what a list shows; the rebuild needs the
    // whole items, so the index gives the keys and BatchGetItem the tickets (100 keys a request).
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (Map<String, AttributeValue> i :
        queryIndex(Keys.TENANT_TICKETS, Keys.tenantTicketsPk(tenantId))) {
      keys.add(Map.of(Keys.PK, i.get(Keys.PK), Keys.SK, i.get(Keys.SK)));
    }
    // Read before anything is cleared: keys DynamoDB keeps unprocessed fail the rebuild here
    // (Tables.batchGet, five attempts a request), with the figures untouched, to be run again.
    List<Stored> out = new ArrayList<>();
    for (Map<String, AttributeValue> i : tables.batchGet(keys, true)) {
      out.add(
          new Stored(
              DynamoTicketStore.ticketFrom(tenantId, i),
              DynamoTicketStore.pendingEventItems(tenantId, i)));
    }
    out.sort(java.util.Comparator.comparingLong(s -> s.ticket().seq()));
    return out;
  }

  @Override
  public List<Map<String, AttributeValue>> events(String tenantId, long seq) {
    return query(Keys.ticketPk(tenantId, seq), Keys.EVENT_SK_PREFIX);
  }

  @Override
  public void writeListedEvent(String tenantId, Map<String, AttributeValue> event) {
    if (!DynamoTicketStore.putEventOnce(db, table, event)) return;
    JsonLog.warn(
        "event written from its ticket's pending list by the figures rebuild",
        "tenant",
        tenantId,
        "ticket",
        str(event, DynamoTicketStore.TICKET_NUMBER),
        "eventId",
        str(event, Attrs.ID));
  }

  @Override
  public List<Map<String, AttributeValue>> invoices(String tenantId) {
    return queryIndex(Keys.TENANT_INVOICES, Keys.tenantInvoicesPk(tenantId));
  }

  @Override
  public Set<String> countedMonths(String tenantId) {
    Set<String> months = new TreeSet<>();
    for (Map<String, AttributeValue> i :
        query(Keys.metricsPk(tenantId), Keys.METRICS_MONTH_SK_PREFIX)) {
      months.add(str(i, Keys.SK).substring(Keys.METRICS_MONTH_SK_PREFIX.length()));
    }
    return months;
  }

  /**
   * Deletes the month partitions' rows first and the {@code METRICS} partition's last, in requests
   * of their own: the latter's month rows are what {@link #countedMonths} reads, so a wipe that
   * stops part-way (a throttled table: {@link Tables#batchWrite} gives up after five attempts a
   * request) still names every month whose client, assignee, group or profitability rows remain,
   * and the rebuild run again clears them too rather than count on top of them.
   */
  @Override
  public int wipe(String tenantId, Collection<String> months) {
    List<WriteRequest> monthRows = new ArrayList<>();
    for (String m : new TreeSet<>(months)) {
      deletes(Keys.metricsClientsPk(tenantId, m), monthRows);
      deletes(Keys.profitPk(tenantId, m), monthRows);
    }
    List<WriteRequest> namingRows = new ArrayList<>();
    deletes(Keys.metricsPk(tenantId), namingRows);
    tables.batchWriteInOrder(List.of(monthRows, namingRows));
    return monthRows.size() + namingRows.size();
  }

  /** Adds a delete of every item of partition {@code pk} to {@code out}. */
  private void deletes(String pk, List<WriteRequest> out) {
    for (Map<String, AttributeValue> i : query(pk, "")) {
      Map<String, AttributeValue> key = Tables.key(str(i, Keys.PK), str(i, Keys.SK));
      out.add(
          WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
    }
  }

  /** Every item of a partition whose sort key begins with {@code prefix}, consistent, all pages. */
  private List<Map<String, AttributeValue>> query(String pk, String prefix) {
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(pk)));
    String condition = "pk = :pk";
    if (!prefix.isEmpty()) {
      condition += " AND begins_with(sk, :prefix)";
      values.put(":prefix", s(prefix));
    }
    return pages(
        QueryRequest.builder()
            .tableName(table)
            .consistentRead(true)
            .keyConditionExpression(condition)
            .expressionAttributeValues(values)
            .build());
  }

  private List<Map<String, AttributeValue>> queryIndex(int index, String partition) {
    return pages(
        QueryRequest.builder()
            .tableName(table)
            .indexName(Keys.gsiName(index))
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", Keys.gsiPk(index)))
            .expressionAttributeValues(Map.of(":pk", s(partition)))
            .build());
  }

  private List<Map<String, AttributeValue>> pages(QueryRequest first) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    db.queryPaginator(first).items().forEach(out::add);
    return out;
  }
}
