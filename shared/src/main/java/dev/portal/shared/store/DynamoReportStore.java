package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.AGENTS;
import static dev.portal.shared.store.Attrs.CLIENT_ID;
import static dev.portal.shared.store.Attrs.CURRENCY;
import static dev.portal.shared.store.Attrs.DEFAULT_PER_HOUR_MINOR;
import static dev.portal.shared.store.Attrs.EMAIL;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.MONTH;
import static dev.portal.shared.store.Attrs.NAME;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.UPDATED_AT;
import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.s;

import dev.portal.shared.domain.Money;
import dev.portal.shared.report.ClientProfit;
import dev.portal.shared.report.CostRates;
import dev.portal.shared.report.ProfitChange;
import dev.portal.shared.report.SupportFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link ReportStore} in the single table: counters updated with {@code ADD}, in one transaction
 * with a marker of the change, so a change counts once however often the stream hands it over. A
 * month's partition ({@code TENANT#<t>#METRICS#MONTH#<m>}) holds one item per client, assignee and
 * group, told apart by the sort key's prefix.
 */
public final class DynamoReportStore implements ReportStore {
  /**
   * Longer than the stream keeps records (24 hours): a replay can only bring changes younger than
   * their marker.
   */
  static final Duration MARKER_RETENTION = Duration.ofDays(2);

  private static final String NOT_A_COUNTER = "#";

  private final DynamoDbClient db;
  private final String table;

  /** Markers are put unconditionally: a rebuild re-counts changes the stream counted before. */
  private final boolean rebuilding;

  private final Tables tables;

  public DynamoReportStore(DynamoDbClient db, String table) {
    this(db, table, false);
  }

  private DynamoReportStore(DynamoDbClient db, String table, boolean rebuilding) {
    this.db = db;
    this.table = table;
    this.rebuilding = rebuilding;
    this.tables = new Tables(db, table, null);
  }

  @Override
  public ReportStore rebuilding() {
    return new DynamoReportStore(db, table, true);
  }

  @Override
  public boolean apply(
      String tenantId,
      String changeId,
      String month,
      String day,
      Scope scope,
      SupportFigures figures,
      ProfitChange profit,
      Instant now) {
    if (figures.isEmpty() && profit == null) return false;
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                Put.builder()
                    .tableName(table)
                    .item(
                        Map.of(
                            Keys.PK,
                            s(Keys.projectedPk(tenantId, changeId)),
                            Keys.SK,
                            s(Keys.PROJECTED_SK),
                            TYPE,
                            s("projected"),
                            Keys.TTL,
                            n(now.plus(MARKER_RETENTION).getEpochSecond())))
                    .conditionExpression(rebuilding ? null : "attribute_not_exists(pk)")
                    .build())
            .build());
    if (!figures.isEmpty()) {
      writes.add(add(Keys.metricsPk(tenantId), Keys.metricsMonthSk(month), figures));
      writes.add(add(Keys.metricsPk(tenantId), Keys.metricsDaySk(day), figures));
      String monthPk = Keys.metricsClientsPk(tenantId, month);
      if (scope.clientId() != null) {
        writes.add(add(monthPk, Keys.metricsClientSk(scope.clientId()), figures));
      }
      writes.add(add(monthPk, Keys.metricsAssigneeSk(scope.assigneeId()), figures));
      writes.add(add(monthPk, Keys.metricsGroupSk(scope.groupId()), figures));
    }
    if (profit != null) writes.add(profit(tenantId, profit));
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (Tables.conditionFailedAt(e, 0)) return false;
      throw e;
    }
  }

  // Attribute names of a client's profitability month; per-currency and per-contract figures carry
  // the code or the
  // contract id after a prefix ending in '#', which neither can contain.
  static final String P_BILLABLE = "minutesBillable";
  static final String P_NOT_BILLABLE = "minutesNotBillable";
  static final String P_UNCOSTED = "minutesUncosted";
  static final String P_COST = "cost#";
  static final String P_INVOICED = "invoiced#";
  static final String P_USED = "used#";
  static final String P_TERMS = "terms#";

  /**
   * {@code ADD} of the change's minutes and money, {@code SET} of the contract's terms (the same
   * every time).
   */
  private TransactWriteItem profit(String tenantId, ProfitChange p) {
    Map<String, Long> adds = new LinkedHashMap<>();
    if (p.minutesBillable() != 0) adds.put(P_BILLABLE, p.minutesBillable());
    if (p.minutesNotBillable() != 0) adds.put(P_NOT_BILLABLE, p.minutesNotBillable());
    if (p.minutesUncosted() != 0) adds.put(P_UNCOSTED, p.minutesUncosted());
    if (p.cost() != null) adds.put(P_COST + p.cost().currency(), p.cost().amountMinor());
    if (p.invoiced() != null)
      adds.put(P_INVOICED + p.invoiced().currency(), p.invoiced().amountMinor());
    Map<String, String> names =
        new HashMap<>(Map.of("#type", TYPE, "#client", CLIENT_ID, "#month", MONTH));
    Map<String, AttributeValue> values =
        new HashMap<>(
            Map.of(":type", s("profit"), ":client", s(p.clientId()), ":month", s(p.month())));
    StringBuilder set = new StringBuilder("SET #type = :type, #client = :client, #month = :month");
    if (p.contract() != null) {
      ProfitChange.ContractUse c = p.contract();
      adds.put(P_USED + c.contractId(), c.minutes());
      set.append(", #terms = :terms");
      names.put("#terms", P_TERMS + c.contractId());
      values.put(
          ":terms",
          AttributeValue.fromM(
              Map.of(
                  "prepaidMinutes",
                  n(c.prepaidMinutes()),
                  "rateMinor",
                  n(c.overageRate().amountMinor()),
                  CURRENCY,
                  s(c.overageRate().currency()))));
    }
    StringBuilder expr = new StringBuilder(set);
    int i = 0;
    for (Map.Entry<String, Long> a : adds.entrySet()) {
      expr.append(i == 0 ? " ADD " : ", ").append("#a").append(i).append(" :a").append(i);
      names.put("#a" + i, a.getKey());
      values.put(":a" + i, n(a.getValue()));
      i++;
    }
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table)
                .key(
                    Tables.key(
                        Keys.profitPk(tenantId, p.month()), Keys.profitClientSk(p.clientId())))
                .updateExpression(expr.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build())
        .build();
  }

  @Override
  public List<ClientProfit> profitOfMonth(String tenantId, String month) {
    List<ClientProfit> out = new ArrayList<>();
    for (Map<String, AttributeValue> item :
        db.queryPaginator(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(
                            Map.of(":pk", s(Keys.profitPk(tenantId, month)))))
            .items()) {
      out.add(clientProfit(item));
    }
    return out;
  }

  static ClientProfit clientProfit(Map<String, AttributeValue> item) {
    Map<String, Long> cost = new TreeMap<>();
    Map<String, Long> invoiced = new TreeMap<>();
    List<ProfitChange.ContractUse> contracts = new ArrayList<>();
    item.forEach(
        (k, v) -> {
          if (k.startsWith(P_COST)) cost.put(k.substring(P_COST.length()), Long.parseLong(v.n()));
          if (k.startsWith(P_INVOICED))
            invoiced.put(k.substring(P_INVOICED.length()), Long.parseLong(v.n()));
          if (k.startsWith(P_TERMS) && v.hasM()) {
            String ct = k.substring(P_TERMS.length());
            Map<String, AttributeValue> t = v.m();
            contracts.add(
                new ProfitChange.ContractUse(
                    ct,
                    Attrs.num(item, P_USED + ct),
                    Attrs.num(t, "prepaidMinutes"),
                    new Money(Attrs.num(t, "rateMinor"), Attrs.str(t, CURRENCY))));
          }
        });
    contracts.sort(java.util.Comparator.comparing(ProfitChange.ContractUse::contractId));
    return new ClientProfit(
        Attrs.str(item, CLIENT_ID),
        Attrs.num(item, P_BILLABLE),
        Attrs.num(item, P_NOT_BILLABLE),
        Attrs.num(item, P_UNCOSTED),
        cost,
        invoiced,
        contracts);
  }

  @Override
  public Optional<CostRates> costRates(String tenantId) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Tables.key(Keys.costRatesPk(tenantId), Keys.COST_RATES_SK)))
            .item();
    if (item == null || item.isEmpty()) return Optional.empty();
    Map<String, Long> agents = new TreeMap<>();
    AttributeValue a = item.get(AGENTS);
    if (a != null && a.hasM())
      a.m().forEach((email, rate) -> agents.put(email, Long.parseLong(rate.n())));
    Long def =
        item.containsKey(DEFAULT_PER_HOUR_MINOR) ? Attrs.num(item, DEFAULT_PER_HOUR_MINOR) : null;
    return Optional.of(new CostRates(Attrs.str(item, CURRENCY), def, agents));
  }

  @Override
  public void putCostRates(String tenantId, CostRates rates, Instant now) {
    Map<String, AttributeValue> agents = new HashMap<>();
    rates.agents().forEach((email, rate) -> agents.put(email, n(rate)));
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.costRatesPk(tenantId)));
    item.put(Keys.SK, s(Keys.COST_RATES_SK));
    item.put(TYPE, s("cost_rates"));
    item.put(CURRENCY, s(rates.currency()));
    if (rates.defaultPerHourMinor() != null)
      item.put(DEFAULT_PER_HOUR_MINOR, n(rates.defaultPerHourMinor()));
    item.put(AGENTS, AttributeValue.fromM(agents));
    Attrs.put(item, UPDATED_AT, now);
    db.putItem(r -> r.tableName(table).item(item));
  }

  /**
   * {@code ADD} of every counter; names are ours (SupportFigures), passed as placeholders all the
   * same.
   */
  private TransactWriteItem add(String pk, String sk, SupportFigures figures) {
    StringBuilder expr = new StringBuilder("SET #type = :type ADD ");
    Map<String, String> names = new HashMap<>(Map.of("#type", TYPE));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", s("metrics")));
    int i = 0;
    for (Map.Entry<String, Long> c : figures.counters().entrySet()) {
      if (i > 0) expr.append(", ");
      expr.append("#c").append(i).append(" :c").append(i);
      names.put("#c" + i, c.getKey());
      values.put(":c" + i, n(c.getValue()));
      i++;
    }
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table)
                .key(Tables.key(pk, sk))
                .updateExpression(expr.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build())
        .build();
  }

  @Override
  public Map<String, SupportFigures> tenantMonths(
      String tenantId, String fromMonth, String toMonth) {
    return query(
        "pk = :pk AND sk BETWEEN :a AND :b",
        Map.of(
            ":pk",
            s(Keys.metricsPk(tenantId)),
            ":a",
            s(Keys.metricsMonthSk(fromMonth)),
            ":b",
            s(Keys.metricsMonthSk(toMonth))),
        Keys.METRICS_MONTH_SK_PREFIX);
  }

  @Override
  public Map<String, SupportFigures> clientsOfMonth(String tenantId, String month) {
    return ofMonth(tenantId, month, Keys.METRICS_CLIENT_SK_PREFIX);
  }

  @Override
  public Map<String, SupportFigures> assigneesOfMonth(String tenantId, String month) {
    return ofMonth(tenantId, month, Keys.METRICS_ASSIGNEE_SK_PREFIX);
  }

  @Override
  public Map<String, SupportFigures> groupsOfMonth(String tenantId, String month) {
    return ofMonth(tenantId, month, Keys.METRICS_GROUP_SK_PREFIX);
  }

  /**
   * The month's partition holds clients', assignees' and groups' rows; the sort key's prefix picks
   * one kind.
   */
  private Map<String, SupportFigures> ofMonth(String tenantId, String month, String prefix) {
    return query(
        "pk = :pk AND begins_with(sk, :prefix)",
        Map.of(":pk", s(Keys.metricsClientsPk(tenantId, month)), ":prefix", s(prefix)),
        prefix);
  }

  @Override
  public Map<String, String> staffNames(String tenantId, java.util.Collection<String> emails) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String e : emails) {
      keys.add(Tables.key(Keys.staff(tenantId, e), Keys.STAFF_SK));
    }
    Map<String, String> out = new TreeMap<>();
    for (Map<String, AttributeValue> item : names(keys)) {
      String email = Attrs.str(item, EMAIL);
      if (email != null) out.put(Keys.normalizeEmail(email), Attrs.str(item, NAME));
    }
    return out;
  }

  @Override
  public Map<String, String> groupNames(String tenantId, java.util.Collection<String> groupIds) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String g : groupIds) {
      keys.add(Tables.key(Keys.groupPk(tenantId, g), Keys.groupSk()));
    }
    Map<String, String> out = new TreeMap<>();
    for (Map<String, AttributeValue> item : names(keys)) {
      String id = Attrs.str(item, ID);
      if (id != null) out.put(id, Attrs.str(item, NAME));
    }
    return out;
  }

  /**
   * BatchGetItem of {@code keys} (100 per request, the API's limit), projected to the names;
   * eventually consistent (half the read units): a name may lag a rename by a moment.
   */
  private List<Map<String, AttributeValue>> names(List<Map<String, AttributeValue>> keys) {
    return tables.batchGet(keys, false, "#e, #i, #n", Map.of("#e", EMAIL, "#i", ID, "#n", NAME));
  }

  /**
   * Every item of the key condition, page after page, keyed by its sort key without {@code prefix}.
   */
  private Map<String, SupportFigures> query(
      String condition, Map<String, AttributeValue> values, String prefix) {
    Map<String, SupportFigures> out = new TreeMap<>();
    for (Map<String, AttributeValue> item :
        db.queryPaginator(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression(condition)
                        .expressionAttributeValues(values))
            .items()) {
      out.put(Attrs.str(item, Keys.SK).substring(prefix.length()), figures(item));
    }
    return out;
  }

  @Override
  public Map<String, SupportFigures> clientMonths(
      String tenantId, String clientId, List<String> months) {
    Map<String, SupportFigures> out = new TreeMap<>();
    if (months.isEmpty()) return out;
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String m : months) {
      keys.add(Tables.key(Keys.metricsClientsPk(tenantId, m), Keys.metricsClientSk(clientId)));
    }
    for (Map<String, AttributeValue> item : tables.batchGet(keys, true)) {
      String pk = Attrs.str(item, Keys.PK);
      out.put(pk.substring(pk.lastIndexOf('#') + 1), figures(item));
    }
    return out;
  }

  private static SupportFigures figures(Map<String, AttributeValue> item) {
    Map<String, Long> counters = new LinkedHashMap<>();
    item.forEach(
        (k, v) -> {
          if (v.n() != null && !k.startsWith(NOT_A_COUNTER) && !k.equals(Keys.TTL))
            counters.put(k, Long.parseLong(v.n()));
        });
    return new SupportFigures(counters);
  }
}
