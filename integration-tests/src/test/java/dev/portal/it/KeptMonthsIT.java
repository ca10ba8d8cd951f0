package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.fn.billing.BillingFunction;
import dev.portal.fn.contracts.ContractsFunction;
import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.shared.store.Keys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.json.tree.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Balances kept beside the contract (issue 14): every read route of contracts is one DynamoDB
 * request in a warm container, months roll over after 12, a backdated entry is never lost, and
 * items written before months were kept read the month aggregates instead. On a pinned clock; the
 * tenant has no settings, so its calendar is Europe/Moscow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeptMonthsIT {
  private final ReportsMonthIT.PinnedClock clock =
      new ReportsMonthIT.PinnedClock(Instant.parse("2026-03-10T07:00:00Z"));
  private ApplicationContext context;
  private CreateTicketFunction createTicket;
  private BillingFunction billing;
  private ContractsFunction contracts;
  private DynamoDbClient db;

  @BeforeAll
  void pinnedContext() {
    context =
        ApplicationContext.builder()
            .properties(
                Map.of(
                    "table.name",
                    Backend.TABLE,
                    "cursor.secret",
                    Backend.CURSOR_SECRET,
                    "files.bucket",
                    Backend.FILES_BUCKET))
            .beanDefinitions(
                RuntimeBeanDefinition.builder(Clock.class, () -> clock)
                    .singleton(true)
                    .replaces(Clock.class)
                    .build())
            .start();
    createTicket = new CreateTicketFunction(context);
    billing = new BillingFunction(context);
    contracts = new ContractsFunction(context);
    db = context.getBean(DynamoDbClient.class);
  }

  @AfterAll
  void close() {
    if (context != null) context.close();
  }

  @Test
  void everyContractReadIsOneRequestInAWarmContainer() {
    clock.set(Instant.parse("2026-03-10T07:00:00Z"));
    Fixtures f = new Fixtures();
    String contract = contract(f, f.globex);
    String ticket = ticket(f.alice, "printer");
    log(f.agent, ticket, 30, true);
    log(f.agent, ticket, 10, false);
    log(f.agent, ticket(f.ivan, "no contract"), 20, true);
    // Warm: this container has read the tenant's settings (its zone) once.
    assertEquals(200, get(f.agent, contract).status());

    DynamoRequests.start();
    Backend.Res one = get(f.bob, contract);
    assertEquals(List.of("GetItem"), DynamoRequests.stop(), "the contract with its months");
    assertEquals(30, num(one.json().get("balance"), "usedMinutes"));
    assertEquals("2026-03-01", one.json().get("balance").get("periodStart").getStringValue());

    DynamoRequests.start();
    Backend.Res all = list(f.agent);
    assertEquals(List.of("Query"), DynamoRequests.stop(), "one page with its balances");
    assertEquals(30, num(all.items().values().iterator().next().get("balance"), "usedMinutes"));

    DynamoRequests.start();
    Backend.Res own = list(f.bob);
    assertEquals(List.of("Query"), DynamoRequests.stop());
    assertEquals(
        List.of(contract),
        AccessIT.ids(own),
        "the client's partition also holds its months outside any contract, never listed");

    DynamoRequests.start();
    Backend.Res usage = usage(f.agent, f.globex, "2026-03");
    assertEquals(List.of("Query"), DynamoRequests.stop(), "contracts and work outside them");
    assertEquals(200, usage.status(), usage::describe);
    assertEquals(40, num(usage.json(), "usedMinutes"));
    assertEquals(30, num(usage.json(), "billableMinutes"));
    assertEquals(10, num(usage.json(), "nonBillableMinutes"));
    assertEquals(600, num(usage.json(), "prepaidMinutes"));

    DynamoRequests.start();
    Backend.Res initech = usage(f.agent, f.initech, "2026-03");
    assertEquals(List.of("Query"), DynamoRequests.stop(), "a client without contracts");
    assertEquals(20, num(initech.json(), "uncontractedBillableMinutes"));
    assertEquals(0, initech.json().get("contracts").size());

    DynamoRequests.start();
    Backend.Res unknown = usage(f.agent, "cli_nosuchclient", "2026-03");
    assertEquals(404, unknown.status(), unknown::describe);
    assertEquals(
        List.of("Query", "BatchGetItem"),
        DynamoRequests.stop(),
        "an empty partition: the client item tells an unknown client");
  }

  @Test
  void monthsRollOverAfterTwelveAndABackdatedEntryIsNeverLost() {
    clock.set(Instant.parse("2026-03-10T07:00:00Z"));
    Fixtures f = new Fixtures();
    String contract = contract(f, f.globex);
    String ticket = ticket(f.alice, "long job");
    log(f.agent, ticket, 30, true);

    // April 2027 is 13 months on: its first entry takes March 2026's slot.
    clock.set(Instant.parse("2027-04-10T07:00:00Z"));
    log(f.agent, ticket, 5, true);
    assertEquals(5, num(get(f.agent, contract).json().get("balance"), "usedMinutes"));
    DynamoRequests.start();
    Backend.Res march = usage(f.agent, f.globex, "2026-03");
    assertEquals(
        List.of("Query", "BatchGetItem"),
        DynamoRequests.stop(),
        "a month no longer kept is read from its aggregate");
    assertEquals(30, num(march.json(), "billableMinutes"));
    DynamoRequests.start();
    assertEquals(0, num(usage(f.agent, f.globex, "2026-06").json(), "billableMinutes"));
    assertEquals(List.of("Query"), DynamoRequests.stop(), "a kept month without work");

    // Backdated past the kept months (the clock went back): the item is left alone and the
    // month's aggregate still counts it.
    clock.set(Instant.parse("2026-03-20T07:00:00Z"));
    log(f.agent, ticket, 7, true);
    assertEquals(37, num(usage(f.agent, f.globex, "2026-03").json(), "billableMinutes"));
    // Backdated into a kept month that had no work: it starts there.
    clock.set(Instant.parse("2027-01-15T07:00:00Z"));
    log(f.agent, ticket, 3, true);
    log(f.agent, ticket, 4, false);
    DynamoRequests.start();
    Backend.Res january = usage(f.agent, f.globex, "2027-01");
    assertEquals(List.of("Query"), DynamoRequests.stop());
    assertEquals(3, num(january.json(), "billableMinutes"));
    assertEquals(4, num(january.json(), "nonBillableMinutes"));
    clock.set(Instant.parse("2027-04-11T07:00:00Z"));
    assertEquals(5, num(usage(f.agent, f.globex, "2027-04").json(), "billableMinutes"));

    Map<String, AttributeValue> item = contractItem(f.tenant, contract);
    List<String> held = new ArrayList<>();
    item.forEach(
        (name, v) -> {
          if (name.startsWith("bm")) held.add(v.s());
        });
    assertTrue(held.size() <= 13, held::toString);
    assertFalse(held.contains("2026-03"), "March 2026's figures left the item: " + held);
    assertEquals(List.of("2027-01", "2027-04"), held.stream().sorted().toList());
  }

  @Test
  void itemsWrittenBeforeMonthsWereKeptReadTheMonthAggregates() {
    clock.set(Instant.parse("2026-03-10T07:00:00Z"));
    Fixtures f = new Fixtures();
    String contract = contract(f, f.globex);
    String ticket = ticket(f.alice, "old data");
    log(f.agent, ticket, 30, true);
    String outside = ticket(f.ivan, "no contract");
    log(f.agent, outside, 20, true);
    // As a deployed table holds them: no kept months on the contract, no item of Initech's work
    // outside any contract.
    forgetKeptMonths(f.tenant, contract);
    db.deleteItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(
                    Map.of(
                        "pk", AttributeValue.fromS(Keys.ledgerPk(f.tenant, f.initech, null)),
                        "sk", AttributeValue.fromS("#MONTHS"))));

    assertEquals(200, get(f.agent, contract).status());
    DynamoRequests.start();
    Backend.Res read = get(f.agent, contract);
    assertEquals(List.of("GetItem", "BatchGetItem"), DynamoRequests.stop());
    assertEquals(30, num(read.json().get("balance"), "usedMinutes"));
    // The first entry after the change starts the kept months, complete from the next month:
    // March had entries before.
    log(f.agent, ticket, 10, true);
    DynamoRequests.start();
    assertEquals(40, num(get(f.agent, contract).json().get("balance"), "usedMinutes"));
    assertEquals(List.of("GetItem", "BatchGetItem"), DynamoRequests.stop());

    clock.set(Instant.parse("2026-04-10T07:00:00Z"));
    log(f.agent, ticket, 5, true);
    log(f.agent, outside, 15, true);
    // A minute later by this container's settings cache: warm it again.
    assertEquals(200, get(f.agent, contract).status());
    DynamoRequests.start();
    assertEquals(5, num(get(f.agent, contract).json().get("balance"), "usedMinutes"));
    assertEquals(List.of("GetItem"), DynamoRequests.stop(), "April is kept whole");
    DynamoRequests.start();
    Backend.Res april = usage(f.agent, f.initech, "2026-04");
    assertEquals(List.of("Query"), DynamoRequests.stop(), "April had no entry before: complete");
    assertEquals(15, num(april.json(), "uncontractedBillableMinutes"));
    DynamoRequests.start();
    Backend.Res march = usage(f.agent, f.initech, "2026-03");
    assertEquals(List.of("Query", "BatchGetItem"), DynamoRequests.stop());
    assertEquals(20, num(march.json(), "uncontractedBillableMinutes"));
    assertEquals(40, num(usage(f.agent, f.globex, "2026-03").json(), "billableMinutes"));
  }

  private Map<String, AttributeValue> contractItem(String tenant, String contract) {
    return db.getItem(
            r ->
                r.tableName(Backend.TABLE)
                    .consistentRead(true)
                    .key(
                        Map.of(
                            "pk", AttributeValue.fromS(Keys.contractPk(tenant, contract)),
                            "sk", AttributeValue.fromS("#CONTRACT"))))
        .item();
  }

  private void forgetKeptMonths(String tenant, String contract) {
    List<String> names = new ArrayList<>();
    contractItem(tenant, contract)
        .keySet()
        .forEach(
            n -> {
              if (n.equals("balancesFrom") || n.matches("b[mune]\\d+")) names.add(n);
            });
    Map<String, String> placeholders = new java.util.HashMap<>();
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      placeholders.put("#a" + i, names.get(i));
      refs.add("#a" + i);
    }
    db.updateItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(
                    Map.of(
                        "pk", AttributeValue.fromS(Keys.contractPk(tenant, contract)),
                        "sk", AttributeValue.fromS("#CONTRACT")))
                .updateExpression("REMOVE " + String.join(", ", refs))
                .expressionAttributeNames(placeholders));
    assertFalse(contractItem(tenant, contract).containsKey("balancesFrom"));
  }

  private static long num(JsonNode node, String field) {
    return node.get(field).getNumberValue().longValue();
  }

  private String contract(Fixtures f, String clientId) {
    Backend.Res r =
        Req.from("contracts-create.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body(Fixtures.contractBody(clientId, "2020-01-01", null, 600, "24x7"))
            .send(contracts);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  private String ticket(Who who, String subject) {
    Backend.Res r =
        Req.from("create-ticket.json")
            .as(who)
            .header("idempotency-key", null)
            .body("{\"subject\":\"" + subject + "\",\"description\":\"details\"}")
            .send(createTicket);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  private void log(Who who, String ticket, int minutes, boolean billable) {
    Backend.Res r =
        Req.from("billing-time-entry.json")
            .as(who)
            .header("idempotency-key", null)
            .path("/v1/tickets/" + ticket + "/time-entries")
            .body("{\"minutes\":" + minutes + ",\"billable\":" + billable + "}")
            .send(billing);
    assertEquals(201, r.status(), r::describe);
  }

  private Backend.Res get(Who who, String id) {
    return Req.from("contracts-get.json").as(who).path("/v1/contracts/" + id).send(contracts);
  }

  private Backend.Res list(Who who) {
    return Req.from("contracts-list.json").as(who).send(contracts);
  }

  private Backend.Res usage(Who who, String clientId, String month) {
    return Req.from("contracts-client-usage.json")
        .as(who)
        .path("/v1/clients/" + clientId + "/usage")
        .query("month", month)
        .send(contracts);
  }
}
