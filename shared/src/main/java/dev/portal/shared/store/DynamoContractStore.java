package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.AGENT_EMAIL;
import static dev.portal.shared.store.Attrs.AT;
import static dev.portal.shared.store.Attrs.BILLABLE;
import static dev.portal.shared.store.Attrs.CALENDAR;
import static dev.portal.shared.store.Attrs.CLIENT_ID;
import static dev.portal.shared.store.Attrs.CONTRACT_ID;
import static dev.portal.shared.store.Attrs.CREATED_AT;
import static dev.portal.shared.store.Attrs.CURRENCY;
import static dev.portal.shared.store.Attrs.ENDS_ON;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.INTERNAL;
import static dev.portal.shared.store.Attrs.LANGUAGE;
import static dev.portal.shared.store.Attrs.MINUTES;
import static dev.portal.shared.store.Attrs.MONTH;
import static dev.portal.shared.store.Attrs.NAME;
import static dev.portal.shared.store.Attrs.NOTE;
import static dev.portal.shared.store.Attrs.OVERAGE_RATE_MINOR;
import static dev.portal.shared.store.Attrs.PREPAID_MINUTES_PER_MONTH;
import static dev.portal.shared.store.Attrs.REACTION_MINUTES;
import static dev.portal.shared.store.Attrs.RESOLUTION_MINUTES;
import static dev.portal.shared.store.Attrs.STARTS_ON;
import static dev.portal.shared.store.Attrs.TICKET_ID;
import static dev.portal.shared.store.Attrs.TICKET_PREFIX;
import static dev.portal.shared.store.Attrs.TICKET_SEQ;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.ZONE_ID;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.num;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;
import static dev.portal.shared.store.Tables.key;

import dev.portal.shared.domain.ActiveContract;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.KeptMonths;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.MonthUsage;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.domain.Times;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.log.JsonLog;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link ContractStore} on the single table; keys in {@link Keys}, patterns in docs/data-model.md.
 */
public final class DynamoContractStore implements ContractStore {
  /**
   * Attempts of a ledger transaction that DynamoDB cancelled because a concurrent one touched the
   * same aggregate.
   */
  static final int LEDGER_ATTEMPTS = 12;

  /** Attribute-name prefix of the contract summaries on a client's active-contract item. */
  private static final String SUMMARY_PREFIX = "c_";

  private final DynamoDbClient db;
  private final String table;
  private final Tables tables;
  private final ZoneId defaultZone;
  static final String PRIORITIES = "priorities";
  static final String WARNING_PERCENT = DynamoSlaStore.WARNING_PERCENT;

  public DynamoContractStore(
      DynamoDbClient db, String table, CursorCodec cursors, ZoneId defaultZone) {
    this.db = db;
    this.table = table;
    this.tables = new Tables(db, table, cursors);
    this.defaultZone = defaultZone;
  }

  @Override
  public void create(Contract c, Optional<CompletedIdempotency> record) {
    // The pointer keeps one summary attribute per contract (c_<id>) and the latest contract's end
    // date at the top
    // level, where the condition can see it. ISO dates compare as strings; an open-ended latest
    // contract has no
    // lastEndsOn, so the comparison is false and it blocks any successor.
    Map<String, AttributeValue> summary = new HashMap<>();
    summary.put(CONTRACT_ID, s(c.id()));
    summary.put(STARTS_ON, s(c.startsOn().toString()));
    if (c.endsOn() != null) summary.put(ENDS_ON, s(c.endsOn().toString()));
    summary.put(REACTION_MINUTES, n(c.sla().reactionMinutes()));
    summary.put(RESOLUTION_MINUTES, n(c.sla().resolutionMinutes()));
    summary.put(CALENDAR, s(c.sla().calendar().wire()));
    putPriorities(summary, c.sla());
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":summary", AttributeValue.fromM(summary));
    values.put(":id", s(c.id()));
    values.put(":startsOn", s(c.startsOn().toString()));
    values.put(":type", s("active_contract"));
    String update = "SET #c = :summary, lastContractId = :id, #type = :type";
    if (c.endsOn() != null) {
      update += ", lastEndsOn = :endsOn";
      values.put(":endsOn", s(c.endsOn().toString()));
    } else {
      update += " REMOVE lastEndsOn";
    }
    Update pointer =
        Update.builder()
            .tableName(table)
            .key(key(Keys.activeContractPk(c.tenantId(), c.clientId()), Keys.ACTIVE_CONTRACT_SK))
            .updateExpression(update)
            .conditionExpression("attribute_not_exists(pk) OR lastEndsOn < :startsOn")
            .expressionAttributeNames(Map.of("#c", SUMMARY_PREFIX + c.id(), "#type", TYPE))
            .expressionAttributeValues(values)
            .build();
    List<TransactWriteItem> writes =
        new ArrayList<>(
            List.of(
                TransactWriteItem.builder()
                    .put(
                        Put.builder()
                            .tableName(table)
                            .item(contractItem(c))
                            .conditionExpression("attribute_not_exists(pk)")
                            .build())
                    .build(),
                TransactWriteItem.builder().update(pointer).build()));
    record.ifPresent(r -> writes.add(DynamoIdempotencyStore.completion(table, r, c.createdAt())));
    try {
      db.transactWriteItems(rq -> rq.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (record.isPresent() && DynamoIdempotencyStore.collided(e, 2, record.get().claim())) {
        throw new IdempotencyCollision();
      }
      if (Tables.conditionFailedAt(e, 1) || Tables.conflictedAt(e, 1)) {
        throw new PortalException.Conflict(
            "the client's current contract has not ended before "
                + c.startsOn()
                + "; end it first (PATCH /v1/contracts/{id} with endsOn)");
      }
      throw e;
    }
  }

  @Override
  public void change(Contract c, LocalDate endsOn, SlaTerms sla) {
    List<String> contractSet = new ArrayList<>();
    List<String> contractRemove = new ArrayList<>();
    List<String> pointerSet = new ArrayList<>();
    List<String> pointerRemove = new ArrayList<>();
    Map<String, AttributeValue> values = new HashMap<>();
    if (endsOn != null) {
      values.put(":e", s(endsOn.toString()));
      values.put(":id", s(c.id()));
      contractSet.add("endsOn = :e");
      pointerSet.add("lastEndsOn = :e");
      pointerSet.add("#c.endsOn = :e");
    }
    if (sla != null) {
      Map<String, AttributeValue> terms = new HashMap<>();
      terms.put(REACTION_MINUTES, n(sla.reactionMinutes()));
      terms.put(RESOLUTION_MINUTES, n(sla.resolutionMinutes()));
      terms.put(CALENDAR, s(sla.calendar().wire()));
      putPriorities(terms, sla);
      for (String name :
          List.of(REACTION_MINUTES, RESOLUTION_MINUTES, CALENDAR, PRIORITIES, WARNING_PERCENT)) {
        AttributeValue v = terms.get(name);
        if (v == null) {
          contractRemove.add(name);
          pointerRemove.add("#c." + name);
        } else {
          values.put(":" + name, v);
          contractSet.add(name + " = :" + name);
          pointerSet.add("#c." + name + " = :" + name);
        }
      }
    }
    if (contractSet.isEmpty()) return;
    Map<String, AttributeValue> contractValues = new HashMap<>(values);
    contractValues.keySet().remove(":id");
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .update(
                    Update.builder()
                        .tableName(table)
                        .key(key(Keys.contractPk(c.tenantId(), c.id()), Keys.CONTRACT_SK))
                        .updateExpression(expression(contractSet, contractRemove))
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(contractValues)
                        .build())
                .build(),
            TransactWriteItem.builder()
                .update(
                    Update.builder()
                        .tableName(table)
                        .key(
                            key(
                                Keys.activeContractPk(c.tenantId(), c.clientId()),
                                Keys.ACTIVE_CONTRACT_SK))
                        .updateExpression(expression(pointerSet, pointerRemove))
                        // Only the latest contract can be ended; any contract still on the pointer
                        // can get new terms.
                        .conditionExpression(
                            endsOn != null ? "lastContractId = :id" : "attribute_exists(#c)")
                        .expressionAttributeNames(Map.of("#c", SUMMARY_PREFIX + c.id()))
                        .expressionAttributeValues(values)
                        .build())
                .build());
    // Every time entry under the contract updates its item (the months it keeps), so a change meets
    // concurrent entries: a conflict wrote nothing and is sent again, as the entry's own is.
    for (int attempt = 1; ; attempt++) {
      try {
        db.transactWriteItems(r -> r.transactItems(writes));
        return;
      } catch (TransactionCanceledException ex) {
        if (Tables.conditionFailedAt(ex, 1)) {
          throw new PortalException.Conflict(
              endsOn != null
                  ? "only the client's latest contract can be ended"
                  : "the contract is not among the client's contracts");
        }
        if (Tables.conditionFailedAt(ex, 0)) throw notFound();
        if (!Tables.conflictedAnywhere(ex)) throw ex;
        if (attempt >= LEDGER_ATTEMPTS) {
          throw new PortalException.Conflict("the contract changed at the same moment; try again");
        }
        JsonLog.info(
            "contract change conflict, retrying",
            "tenant",
            c.tenantId(),
            "contract",
            c.id(),
            "attempt",
            attempt);
        Tables.pause(attempt);
      }
    }
  }

  private static PortalException.NotFound notFound() {
    return new PortalException.NotFound("no such contract");
  }

  private static String expression(List<String> set, List<String> remove) {
    return "SET "
        + String.join(", ", set)
        + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
  }

  @Override
  public Optional<Contract> find(String tenantId, String contractId) {
    return held(tenantId, contractId).map(Held::contract);
  }

  @Override
  public Optional<Held> held(String tenantId, String contractId) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(key(Keys.contractPk(tenantId, contractId), Keys.CONTRACT_SK)))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(heldFrom(tenantId, item));
  }

  private static Held heldFrom(String tenantId, Map<String, AttributeValue> item) {
    Contract c = contractFrom(tenantId, item);
    return new Held(c, MonthBalances.read(item, c.id()));
  }

  @Override
  public Page<Held> list(String tenantId, String clientId, int limit, String cursor) {
    if (clientId == null) {
      return tables.indexPage(
          tenantId,
          Keys.TENANT_CONTRACTS,
          Keys.tenantContractsPk(tenantId),
          false,
          limit,
          cursor,
          i -> heldFrom(tenantId, i));
    }
    // The client's partition also holds the months of its work outside any contract, below every
    // contract's sort key.
    return tables.indexPageFrom(
        tenantId,
        Keys.CLIENT_CONTRACTS,
        Keys.clientContractsPk(tenantId, clientId),
        Keys.CONTRACTS_FROM,
        false,
        limit,
        cursor,
        i -> heldFrom(tenantId, i));
  }

  @Override
  public ClientMonths clientMonths(String tenantId, String clientId) {
    List<Held> contracts = new ArrayList<>();
    KeptMonths uncontracted = KeptMonths.NONE;
    boolean found = false;
    for (Map<String, AttributeValue> i :
        db.queryPaginator(
                r ->
                    r.tableName(table)
                        .indexName(Keys.gsiName(Keys.CLIENT_CONTRACTS))
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", Keys.gsiPk(Keys.CLIENT_CONTRACTS)))
                        .expressionAttributeValues(
                            Map.of(":pk", s(Keys.clientContractsPk(tenantId, clientId))))
                        .scanIndexForward(false))
            .items()) {
      found = true;
      if (UNCONTRACTED_TYPE.equals(str(i, TYPE))) {
        uncontracted = MonthBalances.read(i, null);
      } else {
        contracts.add(heldFrom(tenantId, i));
      }
    }
    return new ClientMonths(contracts, uncontracted, found);
  }

  @Override
  public ClientMonths clientMonths(String tenantId, String clientId, List<String> contractIds) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String id : contractIds) keys.add(key(Keys.contractPk(tenantId, id), Keys.CONTRACT_SK));
    keys.add(key(Keys.ledgerPk(tenantId, clientId, null), Keys.UNCONTRACTED_MONTHS_SK));
    List<Held> contracts = new ArrayList<>();
    KeptMonths uncontracted = KeptMonths.NONE;
    for (Map<String, AttributeValue> i : batchGet(keys)) {
      if (UNCONTRACTED_TYPE.equals(str(i, TYPE))) {
        uncontracted = MonthBalances.read(i, null);
      } else {
        contracts.add(heldFrom(tenantId, i));
      }
    }
    // As the client's contracts partition lists them: latest start first.
    contracts.sort(
        java.util.Comparator.comparing((Held h) -> h.contract().startsOn())
            .thenComparing(h -> h.contract().id())
            .reversed());
    return new ClientMonths(contracts, uncontracted, true);
  }

  @Override
  public MonthAggregates monthAggregates(
      String tenantId,
      String clientId,
      boolean checkClient,
      List<String> contractIds,
      boolean uncontracted,
      YearMonth month) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    if (checkClient) keys.add(key(Keys.clientPk(tenantId, clientId), Keys.CLIENT_SK));
    for (String id : contractIds) {
      keys.add(key(Keys.contractPk(tenantId, id), Keys.usageSk(month.toString())));
    }
    if (uncontracted) {
      keys.add(key(Keys.ledgerPk(tenantId, clientId, null), Keys.usageSk(month.toString())));
    }
    boolean clientFound = false;
    Map<String, MonthUsage> usage = new HashMap<>();
    if (keys.isEmpty()) return new MonthAggregates(false, usage);
    for (Map<String, AttributeValue> item : batchGet(keys)) {
      if (Keys.CLIENT_SK.equals(str(item, Keys.SK))) {
        clientFound = true;
        continue;
      }
      MonthUsage u = usageFrom(item);
      usage.put(ContractStore.usageKey(u.contractId(), month), u);
    }
    return new MonthAggregates(clientFound, usage);
  }

  /** A month aggregate; its {@code contractId} is null for work outside any contract. */
  private static MonthUsage usageFrom(Map<String, AttributeValue> item) {
    String contractId = str(item, CONTRACT_ID);
    return new MonthUsage(
        "-".equals(contractId) ? null : contractId,
        Times.month(str(item, MONTH)),
        num(item, "usedMinutes"),
        num(item, "nonBillableMinutes"),
        num(item, "entries"));
  }

  @Override
  public ClientTerms clientTerms(String tenantId, String clientId) {
    Map<String, AttributeValue> clientKey = key(Keys.clientPk(tenantId, clientId), Keys.CLIENT_SK);
    Map<String, AttributeValue> activeKey =
        key(Keys.activeContractPk(tenantId, clientId), Keys.ACTIVE_CONTRACT_SK);
    Optional<Client> client = Optional.empty();
    Map<String, AttributeValue> active = null;
    // Consistent, as a portal create's read is (TicketStore.opening): ticket creation decides on
    // the contracts without checking them again.
    for (Map<String, AttributeValue> item : batchGet(List.of(clientKey, activeKey))) {
      if (Keys.CLIENT_SK.equals(str(item, Keys.SK)))
        client = Optional.of(DynamoDirectoryStore.clientFrom(item));
      else active = item;
    }
    return new ClientTerms(client, new ClientContracts(summaries(active)));
  }

  @Override
  public LedgerContext ledgerContext(String tenantId, String clientId) {
    Map<String, AttributeValue> tenantKey = key(Keys.tenantPk(tenantId), Keys.TENANT_SK);
    Map<String, AttributeValue> activeKey =
        key(Keys.activeContractPk(tenantId, clientId), Keys.ACTIVE_CONTRACT_SK);
    ZoneId zone = defaultZone;
    List<ActiveContract> contracts = List.of();
    for (Map<String, AttributeValue> item : batchGet(List.of(tenantKey, activeKey))) {
      if (Keys.TENANT_SK.equals(str(item, Keys.SK))) {
        if (str(item, ZONE_ID) != null) zone = Times.zone(str(item, ZONE_ID));
      } else {
        contracts = summaries(item);
      }
    }
    return new LedgerContext(zone, contracts);
  }

  static List<ActiveContract> summaries(Map<String, AttributeValue> i) {
    if (i == null || i.isEmpty()) return List.of();
    List<ActiveContract> out = new ArrayList<>();
    i.forEach(
        (name, v) -> {
          if (!name.startsWith(SUMMARY_PREFIX) || !v.hasM()) return;
          Map<String, AttributeValue> m = v.m();
          out.add(
              new ActiveContract(
                  str(m, CONTRACT_ID),
                  Times.date(str(m, STARTS_ON)),
                  str(m, ENDS_ON) == null ? null : Times.date(str(m, ENDS_ON)),
                  terms(m)));
        });
    return out;
  }

  @Override
  public Reading read(
      String tenantId, List<String> contractIds, String clientId, List<YearMonth> months) {
    Map<String, Map<String, AttributeValue>> wanted = new LinkedHashMap<>();
    wanted.put("tenant", key(Keys.tenantPk(tenantId), Keys.TENANT_SK));
    for (String id : contractIds) {
      wanted.put("contract|" + id, key(Keys.contractPk(tenantId, id), Keys.CONTRACT_SK));
      for (YearMonth m : months) {
        wanted.put(
            "usage|" + ContractStore.usageKey(id, m),
            key(Keys.contractPk(tenantId, id), Keys.usageSk(m.toString())));
      }
    }
    if (clientId != null) {
      for (YearMonth m : months) {
        wanted.put(
            "usage|" + ContractStore.usageKey(null, m),
            key(Keys.ledgerPk(tenantId, clientId, null), Keys.usageSk(m.toString())));
      }
    }
    Map<String, String> byKey = new HashMap<>();
    wanted.forEach(
        (name, k) -> byKey.put(k.get(Keys.PK).s() + "\u001f" + k.get(Keys.SK).s(), name));
    List<Map<String, AttributeValue>> found = batchGet(new ArrayList<>(wanted.values()));

    Map<String, Contract> contracts = new HashMap<>();
    Map<String, MonthUsage> usage = new HashMap<>();
    ZoneId zone = defaultZone;
    for (Map<String, AttributeValue> item : found) {
      String name = byKey.get(str(item, Keys.PK) + "\u001f" + str(item, Keys.SK));
      if (name == null) continue;
      if (name.equals("tenant")) {
        if (str(item, ZONE_ID) != null) zone = Times.zone(str(item, ZONE_ID));
      } else if (name.startsWith("contract|")) {
        Contract c = contractFrom(tenantId, item);
        contracts.put(c.id(), c);
      } else {
        usage.put(name.substring("usage|".length()), usageFrom(item));
      }
    }
    return new Reading(contracts, zone, usage);
  }

  @Override
  public Map<Long, TicketOwner> ticketOwners(String tenantId, java.util.Collection<Long> seqs) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (long seq : new java.util.TreeSet<>(seqs))
      keys.add(key(Keys.ticketPk(tenantId, seq), Keys.ticketSk()));
    Map<Long, TicketOwner> out = new HashMap<>();
    for (Map<String, AttributeValue> item :
        tables.batchGet(keys, true, "pk, id, clientId", Map.of())) {
      String pk = str(item, Keys.PK);
      long seq = Long.parseLong(pk.substring(pk.lastIndexOf('#') + 1));
      out.put(seq, new TicketOwner(str(item, "id"), str(item, "clientId")));
    }
    return out;
  }

  /** Consistent, as each of this store's BatchGetItems is (docs/data-model.md). */
  private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
    return tables.batchGet(keys, true);
  }

  @Override
  public Optional<WorkLogReading> workLog(String tenantId, String clientId, YearMonth month) {
    Map<String, AttributeValue> clientKey = key(Keys.clientPk(tenantId, clientId), Keys.CLIENT_SK);
    Map<String, AttributeValue> tenantKey = key(Keys.tenantPk(tenantId), Keys.TENANT_SK);
    Map<String, AttributeValue> activeKey =
        key(Keys.activeContractPk(tenantId, clientId), Keys.ACTIVE_CONTRACT_SK);
    String name = null;
    String language = null;
    String prefix = DynamoTicketStore.defaultPrefix(tenantId);
    ZoneId zone = defaultZone;
    List<ActiveContract> contracts = List.of();
    for (Map<String, AttributeValue> item : batchGet(List.of(clientKey, tenantKey, activeKey))) {
      String sk = str(item, Keys.SK);
      if (Keys.CLIENT_SK.equals(sk)) {
        name = str(item, NAME);
      } else if (Keys.TENANT_SK.equals(sk)) {
        if (str(item, ZONE_ID) != null) zone = Times.zone(str(item, ZONE_ID));
        if (str(item, TICKET_PREFIX) != null) prefix = str(item, TICKET_PREFIX);
        language = str(item, LANGUAGE);
      } else {
        contracts = summaries(item);
      }
    }
    if (name == null) return Optional.empty();
    List<String> ledgers = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    for (ActiveContract c : contracts) {
      boolean overlaps =
          !c.startsOn().isAfter(month.atEndOfMonth())
              && (c.endsOn() == null || !c.endsOn().isBefore(month.atDay(1)));
      if (overlaps) {
        ledgers.add(Keys.ledgerPk(tenantId, clientId, c.contractId()));
        ran.add(c.contractId());
      }
    }
    ledgers.add(Keys.ledgerPk(tenantId, clientId, null));
    List<TimeEntry> entries = new ArrayList<>();
    for (String ledger : ledgers) {
      for (Map<String, AttributeValue> i :
          db.queryPaginator(
                  r ->
                      r.tableName(table)
                          .consistentRead(true)
                          .keyConditionExpression("pk = :pk AND begins_with(sk, :month)")
                          .expressionAttributeValues(
                              Map.of(
                                  ":pk",
                                  s(ledger),
                                  ":month",
                                  s(Keys.entryMonthPrefix(month.toString())))))
              .items()) {
        entries.add(entryFrom(i));
      }
    }
    entries.sort(java.util.Comparator.comparing(TimeEntry::at).thenComparing(TimeEntry::id));
    return Optional.of(new WorkLogReading(name, prefix, zone, language, entries, ran));
  }

  static TimeEntry entryFrom(Map<String, AttributeValue> i) {
    return new TimeEntry(
        str(i, ID),
        str(i, TICKET_ID),
        num(i, TICKET_SEQ),
        str(i, CLIENT_ID),
        str(i, CONTRACT_ID),
        Times.month(str(i, MONTH)),
        (int) num(i, MINUTES),
        str(i, NOTE),
        Attrs.flag(i, BILLABLE),
        instant(i, AT),
        str(i, AGENT_EMAIL),
        Attrs.flag(i, INTERNAL));
  }

  @Override
  public Page<TimeEntry> ticketEntries(String tenantId, long ticketSeq, int limit, String cursor) {
    return tables.indexPage(
        tenantId,
        Keys.TICKET_TIME_ENTRIES,
        Keys.ticketTimeEntriesPk(tenantId, ticketSeq),
        true,
        limit,
        cursor,
        DynamoContractStore::entryFrom);
  }

  @Override
  public void log(
      TimeEntry e, Ticket ticket, TicketEvent event, Optional<CompletedIdempotency> record) {
    String ledger = Keys.ledgerPk(ticket.tenantId(), e.clientId(), e.contractId());
    String month = e.month().toString();
    Map<String, AttributeValue> entry = new HashMap<>();
    entry.put(Keys.PK, s(ledger));
    entry.put(Keys.SK, s(Keys.entrySk(month, Times.iso(e.at()), e.id())));
    entry.put(TYPE, s("time_entry"));
    entry.put(ID, s(e.id()));
    entry.put(TICKET_ID, s(e.ticketId()));
    entry.put(TICKET_SEQ, n(e.ticketSeq()));
    entry.put(CLIENT_ID, s(e.clientId()));
    put(entry, CONTRACT_ID, e.contractId());
    entry.put(MONTH, s(month));
    entry.put(MINUTES, n(e.minutes()));
    put(entry, NOTE, e.note());
    entry.put(BILLABLE, Attrs.bool(e.billable()));
    put(entry, AT, e.at());
    put(entry, AGENT_EMAIL, e.agentEmail());
    if (e.internal()) entry.put(INTERNAL, Attrs.bool(true));
    // The ticket's list of its entries, in the order they were logged.
    entry.put(
        Keys.gsiPk(Keys.TICKET_TIME_ENTRIES),
        s(Keys.ticketTimeEntriesPk(ticket.tenantId(), e.ticketSeq())));
    entry.put(Keys.gsiSk(Keys.TICKET_TIME_ENTRIES), s(Times.iso(e.at()) + "#" + e.id()));

    Map<String, AttributeValue> eventItem = DynamoTicketStore.eventItem(ticket, event);
    eventItem.put(Keys.SK, s(Keys.timeEventSk(event.seq(), e.id())));

    String tenantId = ticket.tenantId();
    Map<String, AttributeValue> keeperKey =
        e.contractId() != null
            ? key(Keys.contractPk(tenantId, e.contractId()), Keys.CONTRACT_SK)
            : key(ledger, Keys.UNCONTRACTED_MONTHS_SK);
    // Most entries add to a month the keeping item already holds; the first of a month learns
    // otherwise from the failed condition and goes again with the right step.
    KeptMonths.Step step = KeptMonths.Step.ADD;
    // For a START: the first month the item will tell. The entry's month when it had no entries
    // before; else the next, unless that one had entries too (old code, during a deploy or after a
    // rollback, adds to the aggregates without the slots), then the one after.
    YearMonth from = e.month();
    YearMonth next = e.month().plusMonths(1);
    for (int attempt = 1; ; attempt++) {
      boolean starting = step == KeptMonths.Step.START;
      List<TransactWriteItem> writes =
          new ArrayList<>(
              List.of(
                  tables.putNew(entry),
                  TransactWriteItem.builder()
                      .update(aggregate(e, ledger, starting && from.equals(e.month())))
                      .build(),
                  tables.putNew(eventItem)));
      // The entry and its idempotency record are one write: a retry after a lost answer finds the
      // record, never logs twice.
      record.ifPresent(r -> writes.add(DynamoIdempotencyStore.completion(table, r, e.at())));
      int nextUnused = -1;
      if (starting && !from.isAfter(next)) {
        nextUnused = writes.size();
        writes.add(
            TransactWriteItem.builder()
                .conditionCheck(
                    ConditionCheck.builder()
                        .tableName(table)
                        .key(key(ledger, Keys.usageSk(next.toString())))
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build());
      }
      int keeper = -1;
      if (step != KeptMonths.Step.SKIP) {
        keeper = writes.size();
        writes.add(
            TransactWriteItem.builder()
                .update(
                    MonthBalances.update(
                        table,
                        keeperKey,
                        step,
                        e.month(),
                        e.billable() ? e.minutes() : 0,
                        e.billable() ? 0 : e.minutes(),
                        from,
                        e.contractId() != null ? null : uncontractedItem(tenantId, e.clientId())))
                .build());
      }
      try {
        db.transactWriteItems(r -> r.transactItems(writes));
        return;
      } catch (TransactionCanceledException ex) {
        if (record.isPresent() && DynamoIdempotencyStore.collided(ex, 3, record.get().claim())) {
          throw new IdempotencyCollision();
        }
        // Nothing of a cancelled attempt was written (the entry id is new), so a retry adds once.
        boolean conflict = Tables.conflictedAnywhere(ex);
        boolean keptMonthsMoved = !conflict && keeper >= 0 && Tables.conditionFailedAt(ex, keeper);
        boolean monthHadEntries = !conflict && starting && Tables.conditionFailedAt(ex, 1);
        boolean nextHadEntries = !conflict && Tables.conditionFailedAt(ex, nextUnused);
        if (!conflict && !keptMonthsMoved && !monthHadEntries && !nextHadEntries) throw ex;
        if (attempt >= LEDGER_ATTEMPTS) {
          throw new PortalException.Conflict("too many time entries at the same moment; try again");
        }
        if (keptMonthsMoved) {
          step = MonthBalances.read(keeperAsItIs(ex, keeper, keeperKey), null).stepFor(e.month());
          from = e.month();
          continue;
        }
        if (nextHadEntries) {
          from = next.plusMonths(1);
          continue;
        }
        if (monthHadEntries) {
          from = next;
          continue;
        }
        JsonLog.info(
            "ledger transaction conflict, retrying",
            "tenant",
            tenantId,
            "ticket",
            ticket.number(),
            "month",
            month,
            "attempt",
            attempt);
        Tables.pause(attempt);
      }
    }
  }

  /**
   * The month's aggregate grows by the entry; {@code mustBeNew} when the entry starts an item's
   * kept months, which are complete from this month only if it had no entries before.
   */
  private Update aggregate(TimeEntry e, String ledger, boolean mustBeNew) {
    Map<String, AttributeValue> values =
        MonthBalances.amounts(e.billable() ? e.minutes() : 0, e.billable() ? 0 : e.minutes());
    values.put(":client", s(e.clientId()));
    values.put(":contract", s(e.contractId() == null ? "-" : e.contractId()));
    values.put(":month", s(e.month().toString()));
    return Update.builder()
        .tableName(table)
        .key(key(ledger, Keys.usageSk(e.month().toString())))
        .updateExpression(
            "ADD usedMinutes :used, nonBillableMinutes :nonBillable, entries :one"
                + " SET #type = :usage, clientId = :client, contractId = :contract, #month = :month")
        .conditionExpression(mustBeNew ? "attribute_not_exists(pk)" : null)
        .expressionAttributeNames(Map.of("#type", TYPE, "#month", MONTH))
        .expressionAttributeValues(withUsageType(values))
        .build();
  }

  /**
   * The keeping item as the cancelled transaction saw it (DynamoDB returns it with the failed
   * condition), or read again where the answer carried none (an item that does not exist).
   */
  private Map<String, AttributeValue> keeperAsItIs(
      TransactionCanceledException ex, int keeper, Map<String, AttributeValue> keeperKey) {
    List<CancellationReason> reasons = ex.cancellationReasons();
    if (reasons != null && reasons.size() > keeper && reasons.get(keeper).hasItem()) {
      return reasons.get(keeper).item();
    }
    return db.getItem(r -> r.tableName(table).consistentRead(true).key(keeperKey)).item();
  }

  static final String UNCONTRACTED_TYPE = "uncontracted_months";

  /**
   * What the item of a client's work outside any contract is created with: it sits in the client's
   * contracts partition of GSI3, so the usage report's Query reads it with the contracts.
   */
  static Map<String, AttributeValue> uncontractedItem(String tenantId, String clientId) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(TYPE, s(UNCONTRACTED_TYPE));
    item.put(CLIENT_ID, s(clientId));
    item.put(Keys.gsiPk(Keys.CLIENT_CONTRACTS), s(Keys.clientContractsPk(tenantId, clientId)));
    item.put(Keys.gsiSk(Keys.CLIENT_CONTRACTS), s(Keys.UNCONTRACTED_CONTRACTS_SK));
    return item;
  }

  /**
   * The item of a new client's work outside any contract, keeping every month from the start (a new
   * client has no entries from before months were kept).
   */
  static Map<String, AttributeValue> newUncontractedItem(String tenantId, String clientId) {
    Map<String, AttributeValue> item = uncontractedItem(tenantId, clientId);
    item.put(Keys.PK, s(Keys.ledgerPk(tenantId, clientId, null)));
    item.put(Keys.SK, s(Keys.UNCONTRACTED_MONTHS_SK));
    MonthBalances.start(item);
    return item;
  }

  private static Map<String, AttributeValue> withUsageType(Map<String, AttributeValue> values) {
    values.put(":usage", s("usage"));
    return values;
  }

  static Map<String, AttributeValue> contractItem(Contract c) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.contractPk(c.tenantId(), c.id())));
    item.put(Keys.SK, s(Keys.CONTRACT_SK));
    item.put(TYPE, s("contract"));
    item.put(ID, s(c.id()));
    item.put(CLIENT_ID, s(c.clientId()));
    item.put(NAME, s(c.name()));
    item.put(STARTS_ON, s(c.startsOn().toString()));
    if (c.endsOn() != null) item.put(ENDS_ON, s(c.endsOn().toString()));
    item.put(REACTION_MINUTES, n(c.sla().reactionMinutes()));
    item.put(RESOLUTION_MINUTES, n(c.sla().resolutionMinutes()));
    item.put(CALENDAR, s(c.sla().calendar().wire()));
    putPriorities(item, c.sla());
    item.put(PREPAID_MINUTES_PER_MONTH, n(c.prepaidMinutesPerMonth()));
    item.put(OVERAGE_RATE_MINOR, n(c.overageRate().amountMinor()));
    item.put(CURRENCY, s(c.overageRate().currency()));
    put(item, CREATED_AT, c.createdAt());
    // A new contract has had no entries: every month it keeps is complete.
    MonthBalances.start(item);
    String sk = Keys.contractSk(c.startsOn().toString(), c.id());
    item.put(Keys.gsiPk(Keys.TENANT_CONTRACTS), s(Keys.tenantContractsPk(c.tenantId())));
    item.put(Keys.gsiSk(Keys.TENANT_CONTRACTS), s(sk));
    item.put(
        Keys.gsiPk(Keys.CLIENT_CONTRACTS), s(Keys.clientContractsPk(c.tenantId(), c.clientId())));
    item.put(Keys.gsiSk(Keys.CLIENT_CONTRACTS), s(sk));
    return item;
  }

  static Contract contractFrom(String tenantId, Map<String, AttributeValue> i) {
    return new Contract(
        tenantId,
        str(i, ID),
        str(i, CLIENT_ID),
        str(i, NAME),
        Times.date(str(i, STARTS_ON)),
        str(i, ENDS_ON) == null ? null : Times.date(str(i, ENDS_ON)),
        terms(i),
        (int) num(i, PREPAID_MINUTES_PER_MONTH),
        new Money(num(i, OVERAGE_RATE_MINOR), str(i, CURRENCY)),
        instant(i, CREATED_AT));
  }

  /**
   * Per-priority minutes, on the contract and on its summary: {@code priorities} = {urgent:
   * {reactionMinutes, ...}}.
   */
  private static void putPriorities(Map<String, AttributeValue> item, SlaTerms sla) {
    if (sla.warningPercent() != null) item.put(WARNING_PERCENT, n(sla.warningPercent()));
    if (sla.byPriority().isEmpty()) return;
    Map<String, AttributeValue> m = new HashMap<>();
    sla.byPriority()
        .forEach(
            (p, minutes) ->
                m.put(
                    p.wire(),
                    AttributeValue.fromM(
                        Map.of(
                            REACTION_MINUTES,
                            n(minutes.reactionMinutes()),
                            RESOLUTION_MINUTES,
                            n(minutes.resolutionMinutes())))));
    item.put(PRIORITIES, AttributeValue.fromM(m));
  }

  private static SlaTerms terms(Map<String, AttributeValue> i) {
    Map<Priority, SlaTerms.Minutes> byPriority = new EnumMap<>(Priority.class);
    AttributeValue priorities = i.get(PRIORITIES);
    if (priorities != null && priorities.hasM()) {
      priorities
          .m()
          .forEach(
              (wire, v) ->
                  Priority.fromWire(wire)
                      .ifPresent(
                          p ->
                              byPriority.put(
                                  p,
                                  new SlaTerms.Minutes(
                                      (int) num(v.m(), REACTION_MINUTES),
                                      (int) num(v.m(), RESOLUTION_MINUTES)))));
    }
    return new SlaTerms(
        (int) num(i, REACTION_MINUTES),
        (int) num(i, RESOLUTION_MINUTES),
        SlaCalendar.fromWire(str(i, CALENDAR)).orElseThrow(),
        byPriority,
        i.get(WARNING_PERCENT) == null || i.get(WARNING_PERCENT).n() == null
            ? null
            : (int) num(i, WARNING_PERCENT));
  }
}
