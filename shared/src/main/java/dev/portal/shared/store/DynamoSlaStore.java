package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.ACCOUNT_MANAGER_ID;
import static dev.portal.shared.store.Attrs.ASSIGNEE_ID;
import static dev.portal.shared.store.Attrs.AT;
import static dev.portal.shared.store.Attrs.GROUP_ID;
import static dev.portal.shared.store.Attrs.MEMBERS;
import static dev.portal.shared.store.Attrs.SLA;
import static dev.portal.shared.store.Attrs.TENANT_ID;
import static dev.portal.shared.store.Attrs.TICKET_SEQ;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.VERSION;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.num;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.Times;
import dev.portal.shared.sla.SlaSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link SlaStore} in the single table (docs/data-model.md, "SLA schedule"). */
public final class DynamoSlaStore implements SlaStore {
  /** A bucket outlives its minute by a week: long enough for any catch-up, then TTL removes it. */
  static final Duration BUCKET_RETENTION = Duration.ofDays(7);

  static final String POINT = "point";
  static final String CLOCK = "clock";
  static final String DUE_AT = "dueAt";
  static final String FIRE_AT = "fireAt";
  static final String LAST_MINUTE = "lastMinute";
  public static final String WARNING_PERCENT = "warningPercent";

  private final DynamoDbClient db;
  private final String table;
  private final Tables tables;

  public DynamoSlaStore(DynamoDbClient db, String table) {
    this.db = db;
    this.table = table;
    this.tables = new Tables(db, table, null);
  }

  /**
   * One put per point, 25 a BatchWriteItem ({@link Tables#batchWrite}); points DynamoDB keeps
   * unprocessed five attempts a request are an {@link IllegalStateException} naming how many were
   * not written, and {@link dev.portal.shared.sla.SlaScheduler} says why a redelivery of the stream
   * record finishes the job.
   */
  @Override
  public void schedule(Collection<SlaSchedule.Entry> entries) {
    List<WriteRequest> writes = new ArrayList<>();
    for (SlaSchedule.Entry e : entries) {
      Map<String, AttributeValue> item = new HashMap<>();
      item.put(Keys.PK, s(Keys.slaDuePk(e.minute())));
      item.put(
          Keys.SK,
          s(
              Keys.slaDueSk(
                  e.tenantId(),
                  e.ticketSeq(),
                  e.point().wire(),
                  e.clock().wire(),
                  Times.iso(e.dueAt()))));
      item.put(TYPE, s("sla_due"));
      item.put(TENANT_ID, s(e.tenantId()));
      item.put(TICKET_SEQ, n(e.ticketSeq()));
      item.put(POINT, s(e.point().wire()));
      item.put(CLOCK, s(e.clock().wire()));
      item.put(DUE_AT, s(Times.iso(e.dueAt())));
      item.put(FIRE_AT, s(Times.iso(e.fireAt())));
      item.put(Keys.TTL, n(e.fireAt().plus(BUCKET_RETENTION).getEpochSecond()));
      writes.add(
          WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    tables.batchWrite(writes);
  }

  @Override
  public List<SlaSchedule.Entry> due(String minute) {
    List<SlaSchedule.Entry> out = new ArrayList<>();
    for (Map<String, AttributeValue> i :
        db.queryPaginator(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.slaDuePk(minute)))))
            .items()) {
      out.add(
          new SlaSchedule.Entry(
              str(i, TENANT_ID),
              num(i, TICKET_SEQ),
              SlaSchedule.Point.fromWire(str(i, POINT)),
              SlaSchedule.ClockKind.fromWire(str(i, CLOCK)),
              instant(i, DUE_AT),
              instant(i, FIRE_AT)));
    }
    return out;
  }

  @Override
  public Map<TicketRef, TicketNow> tickets(Collection<TicketRef> refs) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (TicketRef r : new java.util.LinkedHashSet<>(refs))
      keys.add(ticketKey(r.tenantId(), r.seq()));
    Map<TicketRef, TicketNow> out = new LinkedHashMap<>();
    for (Map<String, AttributeValue> item : tables.batchGet(keys, true)) {
      TicketNow t = ticketNow(item);
      out.put(new TicketRef(t.ticket().tenantId(), t.ticket().seq()), t);
    }
    return out;
  }

  @Override
  public Optional<TicketNow> ticket(String tenantId, long seq) {
    Map<String, AttributeValue> item =
        db.getItem(r -> r.tableName(table).consistentRead(true).key(ticketKey(tenantId, seq)))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ticketNow(item));
  }

  private static TicketNow ticketNow(Map<String, AttributeValue> item) {
    Ticket t = DynamoTicketStore.ticketFrom(Keys.tenantOfTicketPk(str(item, Keys.PK)), item);
    return new TicketNow(t, str(item, ASSIGNEE_ID), str(item, GROUP_ID), warningPercent(item));
  }

  /**
   * The share of the window after which a ticket's warning fires, as its contract set it ({@code
   * sla.warningPercent}).
   */
  public static Integer warningPercent(Map<String, AttributeValue> ticketItem) {
    AttributeValue sla = ticketItem == null ? null : ticketItem.get(SLA);
    if (sla == null
        || !sla.hasM()
        || sla.m().get(WARNING_PERCENT) == null
        || sla.m().get(WARNING_PERCENT).n() == null) {
      return null;
    }
    return (int) num(sla.m(), WARNING_PERCENT);
  }

  private static Map<String, AttributeValue> ticketKey(String tenantId, long seq) {
    return Tables.key(Keys.ticketPk(tenantId, seq), Keys.ticketSk());
  }

  @Override
  public List<String> groupMembers(String tenantId, String groupId, int max) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.groupPk(tenantId, groupId), Keys.GROUP_SK))
                        .projectionExpression(MEMBERS))
            .item();
    if (item == null || item.isEmpty()) return List.of();
    AttributeValue members = item.get(MEMBERS);
    List<String> out = new ArrayList<>();
    if (members != null && members.hasSs()) out.addAll(members.ss());
    else if (members != null && members.hasL())
      members
          .l()
          .forEach(
              v -> {
                if (v.s() != null) out.add(v.s());
              });
    return out.stream().limit(max).toList();
  }

  @Override
  public Optional<String> accountManager(String tenantId, String clientId) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.clientPk(tenantId, clientId), Keys.clientSk()))
                        .projectionExpression(ACCOUNT_MANAGER_ID))
            .item();
    return Optional.ofNullable(item == null ? null : str(item, ACCOUNT_MANAGER_ID));
  }

  @Override
  public Fired fire(
      Ticket ticket,
      SlaSchedule.Entry entry,
      TicketEvent event,
      String sideId,
      List<String> to,
      Instant now) {
    Map<String, AttributeValue> claim =
        Map.of(
            Keys.PK,
            s(Keys.ticketPk(ticket.tenantId(), ticket.seq())),
            Keys.SK,
            s(
                Keys.slaFiredSk(
                    entry.point().wire(), entry.clock().wire(), Times.iso(entry.dueAt()))),
            TYPE,
            s("sla_fired"),
            "eventId",
            s(event.id()),
            AT,
            s(Times.iso(now)));
    Map<String, AttributeValue> item = DynamoTicketStore.eventItem(ticket, event);
    item.put(Keys.SK, s(Keys.sideEventSk(event.seq(), sideId)));
    item.remove(Keys.OUTBOX);
    if (event.mail() != null && !to.isEmpty()) {
      item.put(
          Keys.OUTBOX,
          AttributeValue.fromM(
              Map.of(
                  Keys.OUTBOX_KIND,
                  s(event.mail()),
                  Keys.OUTBOX_TENANT,
                  s(ticket.tenantId()),
                  Keys.OUTBOX_TICKET_SEQ,
                  n(ticket.seq()),
                  Keys.OUTBOX_TO,
                  AttributeValue.fromL(to.stream().map(AttributeValue::fromS).toList()))));
    }
    List<TransactWriteItem> writes =
        List.of(
            tables.putNew(claim),
            tables.putNew(item),
            TransactWriteItem.builder()
                .conditionCheck(
                    ConditionCheck.builder()
                        .tableName(table)
                        .key(ticketKey(ticket.tenantId(), ticket.seq()))
                        .conditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", VERSION))
                        .expressionAttributeValues(Map.of(":v", n(ticket.version())))
                        .build())
                .build());
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
      return Fired.WRITTEN;
    } catch (TransactionCanceledException e) {
      if (Tables.conditionFailedAt(e, 0)) return Fired.DUPLICATE;
      if (Tables.conditionFailedAt(e, 2)) return Fired.TICKET_CHANGED;
      throw e;
    }
  }

  @Override
  public Optional<Instant> checkpoint() {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.slaTickerPk(), Keys.slaTickerSk())))
            .item();
    return Optional.ofNullable(item == null ? null : instant(item, LAST_MINUTE));
  }

  @Override
  public void advance(Instant minute) {
    try {
      db.updateItem(
          r ->
              r.tableName(table)
                  .key(Tables.key(Keys.slaTickerPk(), Keys.slaTickerSk()))
                  .updateExpression("SET #m = :m, #t = :t")
                  .conditionExpression("attribute_not_exists(#m) OR #m < :m")
                  .expressionAttributeNames(Map.of("#m", LAST_MINUTE, "#t", TYPE))
                  .expressionAttributeValues(
                      Map.of(":m", s(Times.iso(minute)), ":t", s("sla_checkpoint"))));
    } catch (ConditionalCheckFailedException laterAlready) {
      // A concurrent tick got further: its checkpoint stands.
    }
  }
}
