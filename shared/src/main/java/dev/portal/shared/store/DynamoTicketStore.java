package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.ACTOR_EMAIL;
import static dev.portal.shared.store.Attrs.ACTOR_KIND;
import static dev.portal.shared.store.Attrs.ASSIGNEE_ID;
import static dev.portal.shared.store.Attrs.AT;
import static dev.portal.shared.store.Attrs.CALENDAR;
import static dev.portal.shared.store.Attrs.CHANNEL;
import static dev.portal.shared.store.Attrs.CLIENT_ID;
import static dev.portal.shared.store.Attrs.CONTRACT_ID;
import static dev.portal.shared.store.Attrs.CREATED_AT;
import static dev.portal.shared.store.Attrs.DATA;
import static dev.portal.shared.store.Attrs.DESCRIPTION;
import static dev.portal.shared.store.Attrs.EVENT_TYPE;
import static dev.portal.shared.store.Attrs.FIRST_RESPONSE_AT;
import static dev.portal.shared.store.Attrs.GROUP_ID;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.NUMBER;
import static dev.portal.shared.store.Attrs.PAUSED_MILLIS;
import static dev.portal.shared.store.Attrs.PAUSED_SINCE;
import static dev.portal.shared.store.Attrs.PRIORITY;
import static dev.portal.shared.store.Attrs.PUBLIC;
import static dev.portal.shared.store.Attrs.RATING_COMMENT;
import static dev.portal.shared.store.Attrs.RATING_SCORE;
import static dev.portal.shared.store.Attrs.REACTION_DUE_AT;
import static dev.portal.shared.store.Attrs.REQUESTER_EMAIL;
import static dev.portal.shared.store.Attrs.REQUESTER_NAME;
import static dev.portal.shared.store.Attrs.RESOLUTION_DUE_AT;
import static dev.portal.shared.store.Attrs.RESOLVED_AT;
import static dev.portal.shared.store.Attrs.SEQ;
import static dev.portal.shared.store.Attrs.SLA;
import static dev.portal.shared.store.Attrs.STATUS;
import static dev.portal.shared.store.Attrs.SUBJECT;
import static dev.portal.shared.store.Attrs.TICKET_ID;
import static dev.portal.shared.store.Attrs.TICKET_SEQ;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.UPDATED_AT;
import static dev.portal.shared.store.Attrs.VERSION;
import static dev.portal.shared.store.Attrs.ZONE_ID;
import static dev.portal.shared.store.Attrs.flag;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.num;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Rating;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketSla;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.TicketSummary;
import dev.portal.shared.domain.Times;
import dev.portal.shared.log.JsonLog;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link TicketStore} on the single table; key layout in {@link Keys}, patterns in
 * docs/data-model.md.
 */
public final class DynamoTicketStore implements TicketStore {
  static final String TICKET_NUMBER = "ticketNumber";
  static final String TICKET_CLIENT = "ticketClientId";
  private static final String TICKET_REQUESTER = "ticketRequesterEmail";

  /**
   * On a ticket written without a transaction: the events of that change, until the next change
   * replaces the list (see {@link #updateThenAppend}). Not projected into any index.
   */
  static final String PENDING_EVENTS = "pendingEvents";

  /**
   * The tenant item's pointer to its default group ({@code POST /v1/groups} with {@code default:
   * true}).
   */
  static final String DEFAULT_GROUP = "defaultGroupId";

  /**
   * What the list indexes (GSI5..GSI9) copy: what a list shows ({@link TicketSummary}), read by
   * {@link #summaryFrom}. Neither the description (the bulk of a ticket) nor what a comment changes
   * ({@code updatedAt}, {@code version}): a comment then writes no index. DynamoDB allows 100 such
   * attributes over all indexes: five indexes of these use 75. PortalTableTest holds a projected
   * item against the whole one.
   */
  public static final List<String> LIST_ATTRIBUTES =
      List.of(
          ID,
          NUMBER,
          SUBJECT,
          STATUS,
          PRIORITY,
          CHANNEL,
          CLIENT_ID,
          REQUESTER_EMAIL,
          REQUESTER_NAME,
          CREATED_AT,
          FIRST_RESPONSE_AT,
          RESOLVED_AT,
          SLA,
          ASSIGNEE_ID,
          GROUP_ID);

  private final DynamoDbClient db;
  private final String table;
  private final CursorCodec cursors;
  private final Tables tables;
  private final ZoneId defaultZone;

  public DynamoTicketStore(
      DynamoDbClient db, String table, CursorCodec cursors, ZoneId defaultZone) {
    this.db = db;
    this.table = table;
    this.cursors = cursors;
    this.tables = new Tables(db, table, cursors);
    this.defaultZone = defaultZone;
  }

  /**
   * What every draw of a number sets on the tenant's item, {@code :p} and {@code :z} the defaults:
   * the first number fixes the prefix it was made with, and a never-configured tenant gets a zone.
   */
  private static final String KEEP_PREFIX_AND_ZONE =
      "SET ticketPrefix = if_not_exists(ticketPrefix, :p), zoneId = if_not_exists(zoneId, :z)";

  @Override
  public NumberedTenant nextNumber(String tenantId) {
    // One request both draws the number and reads the settings; a tenant nobody configured gets its
    // id as prefix. It meets portal creates' transactions on the same item, and is sent again.
    Map<String, AttributeValue> item =
        Tables.besideTransactions(
            () ->
                db.updateItem(
                        r ->
                            r.tableName(table)
                                .key(Tables.key(Keys.tenantPk(tenantId), Keys.TENANT_SK))
                                .updateExpression(KEEP_PREFIX_AND_ZONE + " ADD ticketSeq :one")
                                .expressionAttributeValues(
                                    Map.of(
                                        ":p",
                                        s(defaultPrefix(tenantId)),
                                        ":z",
                                        s(defaultZone.getId()),
                                        ":one",
                                        n(1)))
                                .returnValues(ReturnValue.ALL_NEW))
                    .attributes());
    return new NumberedTenant(
        DynamoDirectoryStore.tenantFrom(tenantId, item, defaultZone),
        num(item, TICKET_SEQ),
        str(item, DEFAULT_GROUP));
  }

  /**
   * Whether another create took the number: the counter moved (its condition failed), or a
   * concurrent transaction held the counter, the ticket or one of its events (the items of this
   * number, {@code [0, numberItems)}), which only another draw of the same number writes.
   */
  private static boolean drawLost(TransactionCanceledException e, int counter, int numberItems) {
    if (Tables.conditionFailedAt(e, counter)) return true;
    for (int i = 0; i < numberItems; i++) if (Tables.conflictedAt(e, i)) return true;
    return false;
  }

  /**
   * Moves the tenant's counter from the last number {@code read} to the ticket's seq, as {@link
   * #nextNumber} would have drawn it; the first number also fixes the prefix it was made with.
   */
  private UpdateItemRequest drawn(Ticket ticket, Opening read) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":p", s(read.settings().ticketPrefix()));
    values.put(":z", s(defaultZone.getId()));
    values.put(":seq", n(ticket.seq()));
    if (read.lastSeq() > 0) values.put(":last", n(read.lastSeq()));
    return UpdateItemRequest.builder()
        .tableName(table)
        .key(Tables.key(Keys.tenantPk(ticket.tenantId()), Keys.TENANT_SK))
        .updateExpression(KEEP_PREFIX_AND_ZONE + ", ticketSeq = :seq")
        // While no number is drawn a settings change may still set the prefix (PATCH /v1/tenant).
        .conditionExpression(
            read.lastSeq() > 0
                ? "ticketSeq = :last"
                : "attribute_not_exists(ticketSeq)"
                    + " AND (attribute_not_exists(ticketPrefix) OR ticketPrefix = :p)")
        .expressionAttributeValues(values)
        .build();
  }

  static String defaultPrefix(String tenantId) {
    return dev.portal.shared.domain.TenantSettings.defaultPrefix(tenantId);
  }

  @Override
  public Opening opening(String tenantId, String clientId, String contactEmail) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>(4);
    keys.add(Tables.key(Keys.tenantPk(tenantId), Keys.TENANT_SK));
    keys.add(Tables.key(Keys.clientPk(tenantId, clientId), Keys.CLIENT_SK));
    keys.add(Tables.key(Keys.activeContractPk(tenantId, clientId), Keys.ACTIVE_CONTRACT_SK));
    if (contactEmail != null)
      keys.add(Tables.key(Keys.contactPk(tenantId, contactEmail), Keys.CONTACT_SK));
    Map<String, AttributeValue> tenant = Map.of();
    Optional<dev.portal.shared.domain.Client> client = Optional.empty();
    dev.portal.shared.domain.ClientContracts contracts =
        dev.portal.shared.domain.ClientContracts.NONE;
    Optional<dev.portal.shared.domain.Contact> contact = Optional.empty();
    for (Map<String, AttributeValue> item : tables.batchGet(keys, true)) {
      switch (str(item, Keys.SK)) {
        case Keys.TENANT_SK -> tenant = item;
        case Keys.CLIENT_SK -> client = Optional.of(DynamoDirectoryStore.clientFrom(item));
        case Keys.ACTIVE_CONTRACT_SK ->
            contracts =
                new dev.portal.shared.domain.ClientContracts(DynamoContractStore.summaries(item));
        case Keys.CONTACT_SK -> contact = Optional.of(DynamoDirectoryStore.contactFrom(item));
        default -> {}
      }
    }
    return new Opening(
        DynamoDirectoryStore.tenantFrom(tenantId, tenant, defaultZone),
        tenant.containsKey(TICKET_SEQ) ? num(tenant, TICKET_SEQ) : 0,
        str(tenant, DEFAULT_GROUP),
        client,
        contracts,
        contact);
  }

  @Override
  public void createNumbered(
      Ticket ticket,
      Opening read,
      List<TicketEvent> events,
      Optional<CompletedIdempotency> idempotency) {
    write(ticket, events, idempotency, List.of(), read);
  }

  @Override
  public void create(
      Ticket ticket,
      List<TicketEvent> events,
      Optional<CompletedIdempotency> idempotency,
      List<Also> also) {
    write(ticket, events, idempotency, also, null);
  }

  /** The ticket's transaction; with {@code read}, it also draws the ticket's number. */
  private void write(
      Ticket ticket,
      List<TicketEvent> events,
      Optional<CompletedIdempotency> idempotency,
      List<Also> also,
      Opening read) {
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(conditionalPut(ticketItem(ticket), "attribute_not_exists(pk)", Map.of()));
    int counter = read == null ? -1 : writes.size();
    if (read != null) writes.add(update(drawn(ticket, read)));
    for (TicketEvent e : events)
      writes.add(conditionalPut(eventItem(ticket, e), "attribute_not_exists(pk)", Map.of()));
    int idempotencyPut = writes.size();
    idempotency.ifPresent(
        i -> writes.add(DynamoIdempotencyStore.completion(table, i, ticket.createdAt())));
    AlsoAt at = addAlso(writes, ticket.tenantId(), ticket.createdAt(), also);
    for (int attempt = 1; ; attempt++) {
      try {
        db.transactWriteItems(r -> r.transactItems(writes));
        return;
      } catch (TransactionCanceledException e) {
        if (at.writtenBefore(e)) return;
        if (idempotency.isPresent()
            && DynamoIdempotencyStore.collided(e, idempotencyPut, idempotency.get().claim())) {
          throw new IdempotencyCollision();
        }
        if (at.recorded() != null
            && DynamoIdempotencyStore.collided(e, at.recordIndex(), at.recorded())) {
          throw new IdempotencyCollision();
        }
        if (counter >= 0 && drawLost(e, counter, idempotencyPut)) throw new NumberTaken();
        // A number the atomic ADD drew is this create's alone, but a portal create that read an
        // older last number may hold its ticket for the moment its transaction takes (and fails):
        // nothing was written, and the same transaction goes through once that one is over.
        if (counter < 0
            && attempt < Tables.CONFLICT_ATTEMPTS
            && Tables.onlyConflictedIn(e, 0, idempotencyPut)) {
          Tables.pause(attempt);
          continue;
        }
        throw e;
      }
    }
  }

  @Override
  public void appendBeside(Ticket ticket, TicketEvent event, String sideId, List<Also> also) {
    Map<String, AttributeValue> item = eventItem(ticket, event);
    String sk = Keys.sideEventSk(event.seq(), sideId);
    item.put(Keys.SK, s(sk));
    if (event.isPublic()) item.put(Keys.gsiSk(Keys.PUBLIC_TIMELINE), s(sk));
    if (also.isEmpty()) {
      db.putItem(
          r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
      return;
    }
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(conditionalPut(item, "attribute_not_exists(pk)", Map.of()));
    AlsoAt at = addAlso(writes, ticket.tenantId(), event.at(), also);
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (at.writtenBefore(e)) return;
      if (at.watcher() >= 0) {
        // The watcher's own item first, then the ticket's count (DynamoWatcherStore's order).
        if (Tables.conditionFailedAt(e, at.watcher())) {
          throw new WatcherRefused(
              at.watcherAdded() ? WatcherRefused.Reason.PRESENT : WatcherRefused.Reason.ABSENT);
        }
        if (at.watcherAdded() && Tables.conditionFailedAt(e, at.watcher() + 1)) {
          throw new WatcherRefused(WatcherRefused.Reason.FULL);
        }
      }
      throw e;
    }
  }

  @Override
  public Optional<Ticket> find(String tenantId, long seq) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.ticketPk(tenantId, seq), Keys.TICKET_SK)))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(ticketFrom(tenantId, item));
  }

  @Override
  public boolean update(
      Ticket changed, List<TicketEvent> events, long expectedVersion, List<Also> also) {
    if (also.isEmpty()) {
      Map<String, AttributeValue> item = ticketItem(changed);
      int alone = DynamoLimits.writeUnits(DynamoLimits.itemBytes(item));
      item.put(PENDING_EVENTS, pendingItem(events));
      // The events ride in the ticket's last started KB for free; a larger change (a long comment)
      // keeps the transaction, so a stale pending list never makes the ticket's next write dearer.
      if (DynamoLimits.writeUnits(DynamoLimits.itemBytes(item)) == alone) {
        return updateThenAppend(changed, item, events, expectedVersion);
      }
    }
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        conditionalPut(
            ticketItem(changed), "#version = :expected", Map.of(":expected", n(expectedVersion))));
    for (TicketEvent e : events)
      writes.add(conditionalPut(eventItem(changed, e), "attribute_not_exists(pk)", Map.of()));
    AlsoAt at = addAlso(writes, changed.tenantId(), changed.updatedAt(), also);
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (at.writtenBefore(e)) return true;
      if (at.recorded() != null
          && DynamoIdempotencyStore.collided(e, at.recordIndex(), at.recorded())) {
        throw new IdempotencyCollision();
      }
      if (Tables.conditionFailedAt(e, 0) || Tables.conflictedAt(e, 0)) return false;
      throw e;
    }
  }

  /**
   * A change with nothing else to write atomically, in two plain writes instead of a transaction
   * (which bills every item twice): the ticket with its new events listed in {@link
   * #PENDING_EVENTS}, on its version, then each event, once. A process killed between the two loses
   * nothing: the ticket's stream record carries the pending events, and {@link
   * PendingEvents#repair} writes whichever is missing (docs/data-model.md, "Concurrency").
   */
  private boolean updateThenAppend(
      Ticket changed,
      Map<String, AttributeValue> item,
      List<TicketEvent> events,
      long expectedVersion) {
    try {
      db.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("#version = :expected")
                  .expressionAttributeNames(Map.of("#version", VERSION))
                  .expressionAttributeValues(Map.of(":expected", n(expectedVersion)))
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
    } catch (ConditionalCheckFailedException e) {
      // The SDK resends a put whose answer was lost (a 500 or a broken connection after the write
      // committed), and the resend fails on the version our own write moved: the stored item being
      // exactly ours says so, and the change goes on rather than being decided again (a comment
      // written twice). Event ids alone would not do: a concurrent change at the same version gets
      // the same ids; the whole item (its time, actor, events) is this request's.
      if (!item.equals(e.item())) return false;
    } catch (TransactionConflictException e) {
      return false;
    }
    for (TicketEvent e : events) {
      try {
        putEventOnce(db, table, eventItem(changed, e));
      } catch (SdkException failed) {
        // The change is committed and its stream record owes the event: the repair writes it, so
        // the caller still gets the change's answer.
        JsonLog.warn(
            "event left to the stream's repair",
            "tenant",
            changed.tenantId(),
            "ticket",
            changed.number(),
            "eventId",
            e.id(),
            "error",
            failed.getClass().getSimpleName());
      }
    }
    return true;
  }

  /**
   * Puts an event item unless it exists (the request and the repair may both try): an event, and
   * the mail its stream record queues, is written once.
   *
   * @return false when it was there already
   */
  static boolean putEventOnce(DynamoDbClient db, String table, Map<String, AttributeValue> event) {
    try {
      db.putItem(
          r -> r.tableName(table).item(event).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /**
   * The events a change added, as the ticket's {@link #PENDING_EVENTS} holds them: each event's own
   * fields only (the ticket's facts and the keys come from the ticket item).
   */
  static AttributeValue pendingItem(List<TicketEvent> events) {
    List<AttributeValue> list = new ArrayList<>();
    for (TicketEvent e : events) list.add(AttributeValue.fromM(pendingEntry(e)));
    return AttributeValue.fromL(list);
  }

  /**
   * One entry of {@link #PENDING_EVENTS}: the event's own fields, its mail's kind and recipients.
   */
  private static Map<String, AttributeValue> pendingEntry(TicketEvent e) {
    Map<String, AttributeValue> m = new HashMap<>();
    putEventFields(m, e);
    put(m, Keys.OUTBOX_KIND, e.mail());
    if (!e.mailTo().isEmpty())
      m.put(Keys.OUTBOX_TO, AttributeValue.fromL(e.mailTo().stream().map(Attrs::s).toList()));
    return m;
  }

  /**
   * The event items a ticket item's {@link #PENDING_EVENTS} owes, made from the stored attributes
   * as they are, without reading them into domain types: the repair of a change written by a newer
   * version writes an event type or field this code does not know as that version listed it (an
   * attribute that version would add to the event item outside its entry is not known here). Empty
   * when the item lists none.
   */
  static List<Map<String, AttributeValue>> pendingEventItems(
      String tenantId, Map<String, AttributeValue> ticket) {
    AttributeValue v = ticket.get(PENDING_EVENTS);
    if (v == null || !v.hasL()) return List.of();
    long seq = num(ticket, SEQ);
    TicketFacts facts =
        new TicketFacts(
            str(ticket, ID),
            str(ticket, NUMBER),
            str(ticket, CLIENT_ID),
            str(ticket, REQUESTER_EMAIL));
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (AttributeValue entry : v.l()) items.add(eventItem(tenantId, seq, facts, entry.m()));
    return items;
  }

  @Override
  public Page<TicketSummary> list(String tenantId, TicketQuery query, int limit, String cursor) {
    int index;
    String partition;
    switch (query) {
      case TicketQuery.Tenant t -> {
        index = Keys.TENANT_TICKETS;
        partition = Keys.tenantTicketsPk(tenantId);
      }
      case TicketQuery.OfClient c -> {
        index = Keys.CLIENT_TICKETS;
        partition = Keys.clientTicketsPk(tenantId, c.clientId());
      }
      case TicketQuery.OfRequester r -> {
        index = Keys.REQUESTER_TICKETS;
        partition = Keys.requesterTicketsPk(tenantId, r.clientId(), r.email());
      }
      case TicketQuery.OfAssignee a -> {
        index = Keys.ASSIGNEE_TICKETS;
        partition = Keys.assigneeTicketsPk(tenantId, a.assigneeId());
      }
      case TicketQuery.OfGroup g -> {
        index = Keys.GROUP_TICKETS;
        partition = Keys.groupTicketsPk(tenantId, g.groupId());
      }
    }
    // Forward: the sort key puts open work first and, within a status, the newest ticket first.
    String prefix = query.status() == null ? "" : Keys.ticketListPrefix(query.status());
    return tables.indexPage(
        tenantId, index, partition, prefix, true, limit, cursor, DynamoTicketStore::summaryFrom);
  }

  @Override
  public Timeline events(
      String tenantId, long ticketSeq, boolean publicOnly, int limit, String cursor) {
    QueryResponse res;
    String queryId;
    if (publicOnly) {
      String partition = Keys.publicTimelinePk(tenantId, ticketSeq);
      queryId = Tables.queryId(Keys.PUBLIC_TIMELINE, partition);
      res = tables.queryIndex(tenantId, Keys.PUBLIC_TIMELINE, partition, true, limit, cursor);
    } else {
      String partition = Keys.ticketPk(tenantId, ticketSeq);
      queryId = "table|" + partition;
      Map<String, AttributeValue> start = cursors.decode(tenantId, queryId, cursor);
      res =
          db.query(
              QueryRequest.builder()
                  .tableName(table)
                  .consistentRead(true)
                  .keyConditionExpression("pk = :pk AND begins_with(sk, :events)")
                  .expressionAttributeValues(
                      Map.of(":pk", s(partition), ":events", s(Keys.EVENT_SK_PREFIX)))
                  .exclusiveStartKey(start)
                  .limit(limit)
                  .build());
    }
    Page<TicketEvent> page =
        new Page<>(
            res.items().stream().map(DynamoTicketStore::eventFrom).toList(),
            cursors.encode(tenantId, queryId, res.lastEvaluatedKey()));
    Optional<TicketFacts> owner =
        res.items().isEmpty() || str(res.items().getFirst(), TICKET_ID) == null
            ? Optional.empty()
            : Optional.of(factsFrom(res.items().getFirst()));
    return new Timeline(page, owner);
  }

  private static TicketFacts factsFrom(Map<String, AttributeValue> event) {
    return new TicketFacts(
        str(event, TICKET_ID),
        str(event, TICKET_NUMBER),
        str(event, TICKET_CLIENT),
        str(event, TICKET_REQUESTER));
  }

  /**
   * Where the {@link Also} writes whose failure means something sit in the transaction (-1, null:
   * none).
   */
  private record AlsoAt(
      int claim,
      String inboundToken,
      int recordIndex,
      IdempotencyClaim recorded,
      int watcher,
      boolean watcherAdded) {

    /**
     * What a cancelled transaction's claim says. True: its condition failed on this transaction's
     * own completion of an inbound claim ({@code inboundToken}, set only when the claim is an
     * inbound one), written by an earlier send of the same transaction whose answer was lost; the
     * ClientRequestToken makes the SDK's resend a success in AWS, not on an emulator that ignores
     * it, and everything else in the transaction was written with it. False: the claim did not
     * fail.
     *
     * @throws ClaimLost when the claim failed otherwise: another delivery or confirmation holds it
     */
    boolean writtenBefore(TransactionCanceledException e) {
      if (claim < 0 || !Tables.conditionFailedAt(e, claim)) return false;
      if (inboundToken != null && DynamoMailStore.heldBy(e, claim, inboundToken, "done")) {
        return true;
      }
      throw new ClaimLost();
    }
  }

  /** Appends the {@link Also} writes. */
  private AlsoAt addAlso(
      List<TransactWriteItem> writes, String tenantId, Instant now, List<Also> also) {
    int claim = -1;
    Also claimedBy = null;
    int recordIndex = -1;
    IdempotencyClaim recorded = null;
    int watcher = -1;
    boolean watcherAdded = false;
    for (Also a : also) {
      switch (a) {
        case Also.InboundDone done -> {
          claim = writes.size();
          claimedBy = a;
          writes.add(
              update(
                  DynamoMailStore.completeInbound(
                      table, tenantId, done.hash(), done.claimToken(), done.logEntryId())));
        }
        case Also.MailLog log ->
            writes.add(
                TransactWriteItem.builder()
                    .put(
                        Put.builder()
                            .tableName(table)
                            .item(DynamoMailStore.logItem(tenantId, log.entry()))
                            .build())
                    .build());
        case Also.OutboundDone done -> {
          claim = writes.size();
          claimedBy = a;
          writes.add(update(DynamoMailStore.outboundDone(table, tenantId, done.dedupeKey())));
        }
        case Also.OutboundNotSent notSent -> {
          claim = writes.size();
          claimedBy = a;
          writes.add(
              update(
                  DynamoMailStore.outboundNotSent(
                      table, tenantId, notSent.dedupeKey(), notSent.token(), notSent.reason())));
        }
        case Also.SentMessage m ->
            writes.add(
                TransactWriteItem.builder()
                    .put(
                        Put.builder()
                            .tableName(table)
                            .item(
                                DynamoMailStore.messageItem(tenantId, m.messageId(), m.ticketSeq()))
                            .build())
                    .build());
        case Also.Thread t ->
            writes.add(
                TransactWriteItem.builder()
                    .put(
                        Put.builder()
                            .tableName(table)
                            .item(DynamoMailStore.threadItem(tenantId, t.ticketSeq(), t.thread()))
                            .build())
                    .build());
        case Also.UploadStored u -> {
          claim = writes.size();
          claimedBy = a;
          writes.add(
              update(
                  DynamoMailStore.uploadStored(
                      table, tenantId, u.ticketSeq(), u.attachmentId(), u.eventId())));
        }
        case Also.Recorded r -> {
          recordIndex = writes.size();
          recorded = r.record().claim();
          writes.add(DynamoIdempotencyStore.completion(table, r.record(), now));
        }
        case Also.WatcherAdded w -> {
          watcher = writes.size();
          watcherAdded = true;
          writes.addAll(
              DynamoWatcherStore.added(table, tenantId, w.ticketSeq(), w.watcher(), w.max()));
        }
        case Also.WatcherRemoved w -> {
          watcher = writes.size();
          writes.addAll(DynamoWatcherStore.removed(table, tenantId, w.ticketSeq(), w.email()));
        }
      }
    }
    // The last claim is the one a cancellation is checked against.
    String inboundToken = claimedBy instanceof Also.InboundDone done ? done.claimToken() : null;
    return new AlsoAt(claim, inboundToken, recordIndex, recorded, watcher, watcherAdded);
  }

  private static TransactWriteItem update(UpdateItemRequest u) {
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(u.tableName())
                .key(u.key())
                .updateExpression(u.updateExpression())
                .conditionExpression(u.conditionExpression())
                .expressionAttributeNames(u.expressionAttributeNames())
                .expressionAttributeValues(u.expressionAttributeValues())
                .returnValuesOnConditionCheckFailure(u.returnValuesOnConditionCheckFailure())
                .build())
        .build();
  }

  private TransactWriteItem conditionalPut(
      Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
    Put.Builder p = Put.builder().tableName(table).item(item).conditionExpression(condition);
    if (condition.contains("#version")) p.expressionAttributeNames(Map.of("#version", VERSION));
    if (!values.isEmpty()) p.expressionAttributeValues(values);
    return TransactWriteItem.builder().put(p.build()).build();
  }

  static Map<String, AttributeValue> ticketItem(Ticket t) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.ticketPk(t.tenantId(), t.seq())));
    item.put(Keys.SK, s(Keys.TICKET_SK));
    item.put(TYPE, s("ticket"));
    item.put(ID, s(t.id()));
    item.put(SEQ, n(t.seq()));
    item.put(NUMBER, s(t.number()));
    item.put(SUBJECT, s(t.subject()));
    item.put(DESCRIPTION, s(t.description()));
    item.put(STATUS, s(t.status().wire()));
    item.put(PRIORITY, s(t.priority().wire()));
    item.put(CHANNEL, s(t.channel().wire()));
    put(item, CLIENT_ID, t.clientId());
    put(item, CONTRACT_ID, t.contractId());
    item.put(REQUESTER_EMAIL, s(t.requester().email()));
    put(item, REQUESTER_NAME, t.requester().name());
    put(item, CREATED_AT, t.createdAt());
    put(item, UPDATED_AT, t.updatedAt());
    put(item, FIRST_RESPONSE_AT, t.firstResponseAt());
    put(item, RESOLVED_AT, t.resolvedAt());
    if (t.rating() != null) {
      item.put(RATING_SCORE, n(t.rating().score()));
      put(item, RATING_COMMENT, t.rating().comment());
    }
    item.put(VERSION, n(t.version()));
    if (t.sla() != null) item.put(SLA, slaItem(t.sla()));
    put(item, ASSIGNEE_ID, t.assigneeId());
    put(item, GROUP_ID, t.groupId());

    // One copy per list scope; the sort key moves only with the status (Keys.ticketListSk).
    String listSk = Keys.ticketListSk(t.status(), t.seq());
    index(item, Keys.TENANT_TICKETS, Keys.tenantTicketsPk(t.tenantId()), listSk);
    if (t.clientId() != null) {
      // Tickets of unknown senders have no client: they stay out of every client-scoped index.
      index(item, Keys.CLIENT_TICKETS, Keys.clientTicketsPk(t.tenantId(), t.clientId()), listSk);
      index(
          item,
          Keys.REQUESTER_TICKETS,
          Keys.requesterTicketsPk(t.tenantId(), t.clientId(), t.requester().email()),
          listSk);
    }
    // The desk's lists: every ticket is in its assignee's partition or the unassigned one; only a
    // queued one in a group's.
    index(
        item, Keys.ASSIGNEE_TICKETS, Keys.assigneeTicketsPk(t.tenantId(), t.assigneeId()), listSk);
    if (t.groupId() != null)
      index(item, Keys.GROUP_TICKETS, Keys.groupTicketsPk(t.tenantId(), t.groupId()), listSk);
    return item;
  }

  private static void index(Map<String, AttributeValue> item, int n, String pk, String sk) {
    item.put(Keys.gsiPk(n), s(pk));
    item.put(Keys.gsiSk(n), s(sk));
  }

  static Ticket ticketFrom(String tenantId, Map<String, AttributeValue> i) {
    Rating rating =
        i.containsKey(RATING_SCORE)
            ? new Rating((int) num(i, RATING_SCORE), str(i, RATING_COMMENT))
            : null;
    return Ticket.builder()
        .tenantId(tenantId)
        .id(str(i, ID))
        .seq(num(i, SEQ))
        .number(str(i, NUMBER))
        .subject(str(i, SUBJECT))
        .description(str(i, DESCRIPTION))
        .status(TicketStatus.fromWire(str(i, STATUS)).orElseThrow())
        .priority(Priority.fromWire(str(i, PRIORITY)).orElseThrow())
        .channel(Channel.fromWire(str(i, CHANNEL)))
        .clientId(str(i, CLIENT_ID))
        .contractId(str(i, CONTRACT_ID))
        .requester(new Person(str(i, REQUESTER_EMAIL), str(i, REQUESTER_NAME)))
        .createdAt(instant(i, CREATED_AT))
        .updatedAt(instant(i, UPDATED_AT))
        .firstResponseAt(instant(i, FIRST_RESPONSE_AT))
        .resolvedAt(instant(i, RESOLVED_AT))
        .rating(rating)
        .version(num(i, VERSION))
        .sla(slaFrom(i.get(SLA)))
        .assigneeId(str(i, ASSIGNEE_ID))
        .groupId(str(i, GROUP_ID))
        .build();
  }

  /** A list's item: only {@link #LIST_ATTRIBUTES} (and keys) are read, as the indexes hold them. */
  static TicketSummary summaryFrom(Map<String, AttributeValue> i) {
    return new TicketSummary(
        str(i, ID),
        str(i, NUMBER),
        str(i, SUBJECT),
        TicketStatus.fromWire(str(i, STATUS)).orElseThrow(),
        Priority.fromWire(str(i, PRIORITY)).orElseThrow(),
        Channel.fromWire(str(i, CHANNEL)),
        str(i, CLIENT_ID),
        new Person(str(i, REQUESTER_EMAIL), str(i, REQUESTER_NAME)),
        instant(i, CREATED_AT),
        instant(i, FIRST_RESPONSE_AT),
        instant(i, RESOLVED_AT),
        slaFrom(i.get(SLA)),
        str(i, ASSIGNEE_ID),
        str(i, GROUP_ID));
  }

  /** The SLA clocks as one map attribute, so a ticket without a contract simply has none. */
  static AttributeValue slaItem(TicketSla sla) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put(CALENDAR, s(sla.calendar().wire()));
    m.put(ZONE_ID, s(sla.zone().getId()));
    put(m, REACTION_DUE_AT, sla.reactionDueAt());
    put(m, RESOLUTION_DUE_AT, sla.resolutionDueAt());
    put(m, PAUSED_SINCE, sla.pausedSince());
    m.put(PAUSED_MILLIS, n(sla.pausedMillis()));
    if (sla.warningPercent() != null) {
      m.put(DynamoSlaStore.WARNING_PERCENT, n(sla.warningPercent()));
    }
    return AttributeValue.fromM(m);
  }

  static TicketSla slaFrom(AttributeValue v) {
    if (v == null || !v.hasM()) return null;
    Map<String, AttributeValue> m = v.m();
    return new TicketSla(
        SlaCalendar.fromWire(str(m, CALENDAR)).orElseThrow(),
        Times.zone(str(m, ZONE_ID)),
        instant(m, REACTION_DUE_AT),
        instant(m, RESOLUTION_DUE_AT),
        instant(m, PAUSED_SINCE),
        num(m, PAUSED_MILLIS),
        DynamoSlaStore.warningPercent(Map.of(SLA, v)));
  }

  static Map<String, AttributeValue> eventItem(Ticket t, TicketEvent e) {
    return eventItem(
        t.tenantId(),
        t.seq(),
        new TicketFacts(t.id(), t.number(), t.clientId(), t.requester().email()),
        pendingEntry(e));
  }

  /**
   * An event item from its {@link #pendingEntry} (the event's own fields, its mail's kind and
   * recipients): the one place both the request's write and the stream's repair build it.
   */
  private static Map<String, AttributeValue> eventItem(
      String tenantId, long ticketSeq, TicketFacts t, Map<String, AttributeValue> entry) {
    Map<String, AttributeValue> item = new HashMap<>(entry);
    AttributeValue mailKind = item.remove(Keys.OUTBOX_KIND);
    AttributeValue mailTo = item.remove(Keys.OUTBOX_TO);
    String sk = Keys.eventSk(num(entry, SEQ));
    item.put(Keys.PK, s(Keys.ticketPk(tenantId, ticketSeq)));
    item.put(Keys.SK, s(sk));
    item.put(TYPE, s("event"));
    // The ticket's unchanging facts, so a timeline read can decide access without reading the
    // ticket.
    item.put(TICKET_ID, s(t.id()));
    item.put(TICKET_NUMBER, s(t.number()));
    put(item, TICKET_CLIENT, t.clientId());
    item.put(TICKET_REQUESTER, s(t.requesterEmail()));
    if (flag(entry, PUBLIC))
      index(item, Keys.PUBLIC_TIMELINE, Keys.publicTimelinePk(tenantId, ticketSeq), sk);
    if (mailKind != null) {
      // What the table's stream hands the outbox function: the mail's kind and whose ticket it is,
      // so the stream record alone says what to queue (the event's key does not name the tenant in
      // a form worth parsing).
      Map<String, AttributeValue> outbox =
          new HashMap<>(
              Map.of(
                  Keys.OUTBOX_KIND,
                  mailKind,
                  Keys.OUTBOX_TENANT,
                  s(tenantId),
                  Keys.OUTBOX_TICKET_SEQ,
                  n(ticketSeq)));
      if (mailTo != null) outbox.put(Keys.OUTBOX_TO, mailTo);
      item.put(Keys.OUTBOX, AttributeValue.fromM(outbox));
    }
    return item;
  }

  /** An event's own fields, as an event item and a ticket's pending list both hold them. */
  private static void putEventFields(Map<String, AttributeValue> m, TicketEvent e) {
    m.put(ID, s(e.id()));
    m.put(SEQ, n(e.seq()));
    m.put(EVENT_TYPE, s(e.type().wire()));
    put(m, AT, e.at());
    m.put(ACTOR_KIND, s(e.actor().kind().wire()));
    put(m, ACTOR_EMAIL, e.actor().email());
    m.put(PUBLIC, Attrs.bool(e.isPublic()));
    m.put(DATA, Attrs.fromPlain(e.data()));
  }

  /** The event of an event item (its mail's recipients are not read back). */
  @SuppressWarnings("unchecked")
  static TicketEvent eventFrom(Map<String, AttributeValue> i) {
    AttributeValue data = i.get(DATA);
    Map<String, Object> plain = data == null ? Map.of() : (Map<String, Object>) Attrs.toPlain(data);
    return new TicketEvent(
        str(i, ID),
        num(i, SEQ),
        EventType.fromWire(str(i, EVENT_TYPE)),
        instant(i, AT),
        new Actor(ActorKind.fromWire(str(i, ACTOR_KIND)), str(i, ACTOR_EMAIL)),
        flag(i, PUBLIC),
        plain == null ? Map.of() : new LinkedHashMap<>(plain),
        outboxKind(i),
        List.of());
  }

  private static String outboxKind(Map<String, AttributeValue> i) {
    AttributeValue v = i.get(Keys.OUTBOX);
    return v == null || !v.hasM() ? null : str(v.m(), Keys.OUTBOX_KIND);
  }
}
