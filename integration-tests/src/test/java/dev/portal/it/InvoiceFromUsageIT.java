package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.fn.billing.BillingFunction;
import dev.portal.fn.contracts.ContractsFunction;
import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.fn.projections.ProjectionsFunction;
import dev.portal.fn.ticketstatus.TicketStatusFunction;
import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.StreamPoller;
import dev.portal.shared.store.Keys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.json.tree.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /v1/invoices/from-usage} (issue 12) on a scripted March 2026 and a pinned clock, as
 * {@link ReportsMonthIT} does: Globex works 30 billable minutes on 5 March before its contract
 * starts on the 10th (60 prepaid minutes, 90.00 EUR an hour over), then 120 under it; Initech has
 * no contract and works 70 + 20 billable minutes on two tickets. Drafted on 2 April at 80.00 EUR an
 * hour for work outside contracts. Every amount is computed by hand below.
 *
 * <p>The methods run in order: the refusals first, because once a month has its invoice every call
 * answers with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvoiceFromUsageIT {
  private Fixtures f;
  private Fixtures other;
  // 20 February 2026, 10:00 in Moscow (the tenant has no settings: Europe/Moscow).
  private final ReportsMonthIT.PinnedClock clock =
      new ReportsMonthIT.PinnedClock(Instant.parse("2026-02-20T07:00:00Z"));
  private ApplicationContext context;
  private CreateTicketFunction createTicket;
  private BillingFunction billing;
  private ContractsFunction contracts;
  private TicketStatusFunction ticketStatus;
  private ProjectionsFunction projections;

  private String g1;
  private String g1Number;
  private String i1;
  private String i2;
  private String i3Number;
  private String i3Seq;

  @BeforeAll
  void aScriptedMonth() {
    f = new Fixtures();
    other = new Fixtures();
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
    ticketStatus = new TicketStatusFunction(context);
    projections = new ProjectionsFunction(context);

    Backend.Res rates =
        Req.from("contracts-put-cost-rates.json")
            .as(f.admin)
            .body("{\"currency\":\"EUR\",\"defaultPerHourMinor\":2500}")
            .send(contracts);
    assertEquals(200, rates.status(), rates::describe);

    // February: 15 billable minutes for Initech on a ticket that will not stay Initech's.
    Backend.Res i3 = ticket(f.ivan, "Old printer");
    i3Number = i3.str("number");
    i3Seq = i3Number.substring(i3Number.lastIndexOf('-') + 1);
    logTime(i3.str("id"), 15, true);

    // 5 March: Globex's contract is agreed to start on the 10th; work before it is outside it.
    clock.set(Instant.parse("2026-03-05T07:00:00Z"));
    Backend.Res contract =
        Req.from("contracts-create.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body(Fixtures.contractBody(f.globex, "2026-03-10", null, 60, "24x7"))
            .send(contracts);
    assertEquals(201, contract.status(), contract::describe);
    Backend.Res gt1 = ticket(f.alice, "Printer");
    Backend.Res gt2 = ticket(f.alice, "VPN");
    g1 = gt1.str("id");
    g1Number = gt1.str("number");
    i1 = ticket(f.ivan, "Mail").str("id");
    i2 = ticket(f.ivan, "Backup").str("id");
    logTime(g1, 30, true);
    logTime(gt2.str("id"), 10, false);

    // 10 March: under the contract, 120 billable minutes (60 over the 60 prepaid), 20 not.
    clock.set(Instant.parse("2026-03-10T07:00:00Z"));
    logTime(g1, 90, true);
    logTime(gt2.str("id"), 30, true);
    logTime(g1, 20, false);
    // Initech, no contract: 70 billable minutes on i1, 20 on i2, 15 not billable.
    logTime(i1, 45, true);
    logTime(i2, 20, true);
    logTime(i1, 25, true);
    logTime(i2, 15, false);

    clock.set(Instant.parse("2026-04-02T07:00:00Z"));
    drain();
  }

  @AfterAll
  void close() {
    if (context != null) context.close();
  }

  private int drain() {
    return new StreamPoller(
            context.getBean(DynamoDbClient.class),
            LocalMain.streamsClient(),
            Backend.TABLE,
            null,
            (event, id) -> projections.handle(event, new LocalLambdaContext(id)))
        .drain();
  }

  private Backend.Res ticket(Who who, String subject) {
    Backend.Res r =
        Req.from("create-ticket.json")
            .as(who)
            .header("idempotency-key", null)
            .body(
                "{\"subject\":\"" + subject + "\",\"description\":\"details of " + subject + "\"}")
            .send(createTicket);
    assertEquals(201, r.status(), r::describe);
    clock.advance(Duration.ofMinutes(7));
    return r;
  }

  private void logTime(String ticket, int minutes, boolean billable) {
    Backend.Res r =
        Req.from("billing-time-entry.json")
            .as(f.agent)
            .header("idempotency-key", null)
            .path("/v1/tickets/" + ticket + "/time-entries")
            .body("{\"minutes\":" + minutes + ",\"note\":\"work\",\"billable\":" + billable + "}")
            .send(billing);
    assertEquals(201, r.status(), r::describe);
    clock.advance(Duration.ofMinutes(7));
  }

  private Backend.Res draft(Who who, String body) {
    Req r = Req.from("billing-invoice-from-usage.json").header("idempotency-key", null).body(body);
    return (who == null ? r.anonymous() : r.as(who)).send(billing);
  }

  private static String body(String clientId, String month, String extra) {
    return "{\"clientId\":\""
        + clientId
        + "\",\"month\":\""
        + month
        + "\""
        + (extra == null ? "" : "," + extra)
        + "}";
  }

  private static final String EUR_80 =
      "\"outOfContractRate\":{\"amountMinor\":8000,\"currency\":\"EUR\"}";

  private List<JsonNode> invoicesOf(String clientId) {
    Backend.Res r =
        Req.from("invoices-list.json")
            .as(f.agent)
            .path("/v1/invoices")
            .query("clientId", clientId)
            .send(f.api.invoices);
    assertEquals(200, r.status(), r::describe);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode i : r.json().get("items").values()) out.add(i);
    return out;
  }

  private static List<String> errorFields(Backend.Res r) {
    assertEquals(400, r.status(), r::describe);
    JsonNode errors = r.json().get("errors");
    assertNotNull(errors, r::describe);
    List<String> out = new ArrayList<>();
    for (JsonNode e : errors.values()) out.add(e.get("field").getStringValue());
    return out;
  }

  private static long minor(JsonNode money) {
    return money.get("amountMinor").getLongValue();
  }

  @Test
  @Order(1)
  void refusalsWriteNothing() {
    assertEquals(
        List.of("outOfContractRate"),
        errorFields(draft(f.agent, body(f.globex, "2026-03", null))),
        "Globex worked 30 billable minutes outside its contract: a rate is needed");
    assertEquals(
        List.of("outOfContractRate.currency"),
        errorFields(
            draft(
                f.agent,
                body(
                    f.globex,
                    "2026-03",
                    "\"outOfContractRate\":{\"amountMinor\":8000,\"currency\":\"USD\"}"))),
        "the overage is in EUR: one invoice, one currency");
    assertEquals(
        List.of("month"),
        errorFields(draft(f.agent, body(f.globex, "2026-05", EUR_80))),
        "May is after 2 April");
    assertEquals(
        List.of("dueOn"),
        errorFields(
            draft(f.agent, body(f.globex, "2026-03", EUR_80 + ",\"dueOn\":\"2026-04-01\""))));
    Backend.Res empty = draft(f.agent, body(f.globex, "2026-02", EUR_80));
    assertEquals(409, empty.status(), empty::describe);
    assertTrue(empty.str("detail").contains("nothing to bill"), empty::describe);
    Backend.Res notBillable = draft(f.agent, body(f.initech, "2026-04", EUR_80));
    assertEquals(409, notBillable.status(), "nothing logged in April yet");

    // i3 is moved to Globex behind the API's back: its February minutes are Initech's ledger's,
    // but the line would name a ticket that is not Initech's.
    context
        .getBean(DynamoDbClient.class)
        .updateItem(
            r ->
                r.tableName(Backend.TABLE)
                    .key(
                        Map.of(
                            Keys.PK,
                            AttributeValue.fromS(Keys.ticketPk(f.tenant, Long.parseLong(i3Seq))),
                            Keys.SK,
                            AttributeValue.fromS(Keys.ticketSk())))
                    .updateExpression("SET clientId = :c")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(f.globex))));
    for (int attempt = 0; attempt < 2; attempt++) {
      Backend.Res stray = draft(f.agent, body(f.initech, "2026-02", EUR_80));
      assertEquals(409, stray.status(), stray::describe);
      assertTrue(stray.str("detail").contains(i3Number), stray::describe);
    }
    assertEquals(0, invoicesOf(f.globex).size(), "no refusal wrote an invoice");
    assertEquals(0, invoicesOf(f.initech).size());
  }

  @Test
  @Order(2)
  void globexsMarchIsTheOverageAndTheWorkBeforeItsContractAsComputedByHand() {
    Backend.Res r = draft(f.agent, body(f.globex, "2026-03", EUR_80));
    assertEquals(201, r.status(), r::describe);
    String id = r.str("id");
    assertEquals("/v1/invoices/" + id, r.headers().get("location"));
    assertEquals("2026-03", r.str("usageMonth"));
    assertEquals("2026-04-02", r.str("issuedOn"), "today in Moscow");
    assertEquals("2026-04-16", r.str("dueOn"), "14 days later");
    assertEquals("issued", r.str("status"));
    assertEquals("EUR", r.str("currency"));
    List<JsonNode> lines = new ArrayList<>();
    for (JsonNode l : r.json().get("lines").values()) lines.add(l);
    assertEquals(2, lines.size(), r::describe);
    // 90 + 30 billable minutes under a contract of 60: 60 over at 90.00/h = 90.00.
    assertEquals(
        "Overage of Support in 2026-03: 60 min over 60 prepaid at 90.00 EUR/h",
        lines.get(0).get("description").getStringValue());
    assertEquals(9000, minor(lines.get(0).get("amount")));
    assertEquals(1, lines.get(0).get("quantity").getLongValue());
    assertTrue(lines.get(0).get("ticketId").isNull());
    // 30 minutes on 5 March, before the contract started, at 80.00/h = 40.00; the 10 minutes not
    // billable are not billed.
    assertEquals(
        g1Number + " in 2026-03: 30 min outside any contract at 80.00 EUR/h",
        lines.get(1).get("description").getStringValue());
    assertEquals(4000, minor(lines.get(1).get("amount")));
    assertEquals(g1, lines.get(1).get("ticketId").getStringValue());
    assertEquals(9000 + 4000, minor(r.json().get("total")));

    Backend.Res again = draft(f.agent, body(f.globex, "2026-03", null));
    assertEquals(200, again.status(), again::describe);
    assertEquals(id, again.str("id"), "the month's invoice, whatever the body");
    assertEquals(r.raw(), again.raw());
    Backend.Res byAdmin = draft(f.admin, body(f.globex, "2026-03", EUR_80));
    assertEquals(200, byAdmin.status(), byAdmin::describe);
    assertEquals(id, byAdmin.str("id"));
    assertEquals(1, invoicesOf(f.globex).size());
  }

  @Test
  @Order(3)
  void concurrentDraftsOfOneMonthWriteOneInvoice() throws Exception {
    int callers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Backend.Res>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return draft(
                      f.agent, body(f.initech, "2026-03", EUR_80 + ",\"dueOn\":\"2026-04-30\""));
                }));
      }
      start.countDown();
      int created = 0;
      Set<String> ids = new HashSet<>();
      Backend.Res first = null;
      for (Future<Backend.Res> a : answers) {
        Backend.Res r = a.get();
        assertTrue(r.status() == 201 || r.status() == 200, r::describe);
        if (r.status() == 201) {
          created++;
          first = r;
        }
        ids.add(r.str("id"));
      }
      assertEquals(1, created, "one call drafts, the others answer with its invoice");
      assertEquals(1, ids.size(), "the same id for all: " + ids);
      assertEquals(1, invoicesOf(f.initech).size());

      // i1: 45 + 25 = 70 min at 80.00/h = 93.333… rounded up to 93.34; i2: 20 min = 26.666… to
      // 26.67; the 15 minutes not billable are not billed.
      List<JsonNode> lines = new ArrayList<>();
      for (JsonNode l : first.json().get("lines").values()) lines.add(l);
      assertEquals(2, lines.size(), first::describe);
      assertEquals(i1, lines.get(0).get("ticketId").getStringValue());
      assertEquals(9334, minor(lines.get(0).get("amount")));
      assertTrue(
          lines
              .get(0)
              .get("description")
              .getStringValue()
              .contains(": 70 min outside any contract"),
          first::describe);
      assertEquals(i2, lines.get(1).get("ticketId").getStringValue());
      assertEquals(2667, minor(lines.get(1).get("amount")));
      assertEquals(9334 + 2667, minor(first.json().get("total")));
      assertEquals("2026-04-30", first.str("dueOn"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(4)
  void profitabilityCountsTheWorkOutsideContractsNotTheOverageAgain() {
    drain();
    Map<String, JsonNode> april = profitabilityRows("2026-04");
    assertEquals(
        4000,
        april.get(f.globex).get("invoicedMinor").getLongValue(),
        "the line of work outside the contract; the overage is March's revenue already");
    assertEquals(9334 + 2667, april.get(f.initech).get("invoicedMinor").getLongValue());
    JsonNode globexMarch = profitabilityRows("2026-03").get(f.globex);
    assertEquals(9000, globexMarch.get("overageMinor").getLongValue());
    assertEquals(0, globexMarch.get("invoicedMinor").getLongValue());
  }

  private Map<String, JsonNode> profitabilityRows(String month) {
    Backend.Res r =
        Req.from("ticket-status-profitability.json")
            .as(f.admin)
            .query("month", month)
            .send(ticketStatus);
    assertEquals(200, r.status(), r::describe);
    Map<String, JsonNode> out = new java.util.HashMap<>();
    for (JsonNode row : r.json().get("rows").values())
      out.put(row.get("clientId").getStringValue(), row);
    return out;
  }

  @Test
  @Order(5)
  void aRepeatIsTwoReadsByKey() {
    DynamoRequests.start();
    Backend.Res r = draft(f.agent, body(f.globex, "2026-03", null));
    List<String> seen = DynamoRequests.stop();
    assertEquals(200, r.status(), r::describe);
    assertEquals(List.of("GetItem", "GetItem"), seen.subList(0, 2), "the claim, the invoice");
    assertFalse(seen.contains("Scan") || seen.contains("Query"), seen::toString);
  }

  @Test
  @Order(6)
  void everyCallerButStaffOfTheTenantIsRefused() {
    String march = body(f.globex, "2026-03", EUR_80);
    assertEquals(401, draft(null, march).status());
    assertEquals(403, draft(f.alice, march).status(), "a plain client");
    assertEquals(403, draft(f.bob, march).status(), "the client's own administrator");
    assertEquals(403, draft(Who.roleless(f.tenant), march).status());
    Backend.Res foreign = draft(other.agent, march);
    assertEquals(404, foreign.status(), "another tenant's agent: " + foreign.describe());
    assertEquals(404, draft(other.admin, march).status(), "another tenant's admin");
    assertEquals(404, draft(f.agent, body("cli_nosuch", "2026-03", EUR_80)).status());
    assertEquals(List.of("month"), errorFields(draft(f.agent, body(f.globex, "2026-13", null))));
    assertEquals(List.of("month"), errorFields(draft(f.agent, body(f.globex, "March", null))));
    assertEquals(
        List.of("month"), errorFields(draft(f.agent, "{\"clientId\":\"" + f.globex + "\"}")));
    assertEquals(
        List.of("clientId"), errorFields(draft(f.agent, body("cli#x/../y", "2026-03", null))));
    assertEquals(
        List.of("clientId", "extra"),
        errorFields(draft(f.agent, "{\"month\":\"2026-03\",\"extra\":1}")));
    assertEquals(
        List.of("outOfContractRate.amountMinor"),
        errorFields(
            draft(
                f.agent,
                body(
                    f.globex,
                    "2026-03",
                    "\"outOfContractRate\":{\"amountMinor\":-1,\"currency\":\"EUR\"}"))));
  }

  private Backend.Res setStatus(String invoiceId, String status) {
    return Req.from("billing-patch-invoice.json")
        .as(f.agent)
        .path("/v1/invoices/" + invoiceId)
        .body("{\"status\":\"" + status + "\"}")
        .send(billing);
  }

  /**
   * Voiding the month's invoice frees the month: the next call drafts a new invoice (a new number),
   * later calls return that one, and the voided invoice stays as it was.
   */
  @Test
  @Order(7)
  void aVoidedMonthIsDraftedAgain() {
    Backend.Res first = draft(f.agent, body(f.globex, "2026-03", EUR_80));
    assertEquals(200, first.status(), first::describe);
    Backend.Res voided = setStatus(first.str("id"), "void");
    assertEquals(200, voided.status(), voided::describe);
    Backend.Res again = draft(f.agent, body(f.globex, "2026-03", EUR_80));
    assertEquals(201, again.status(), again::describe);
    assertFalse(first.str("id").equals(again.str("id")));
    assertFalse(first.str("number").equals(again.str("number")), "a new number");
    assertEquals(9000 + 4000, minor(again.json().get("total")));
    Backend.Res third = draft(f.agent, body(f.globex, "2026-03", null));
    assertEquals(200, third.status(), third::describe);
    assertEquals(again.str("id"), third.str("id"));
    List<String> statuses = new ArrayList<>();
    for (JsonNode i : invoicesOf(f.globex)) statuses.add(i.get("status").getStringValue());
    // The list is read through another context, whose clock is today's: the draft shows overdue.
    statuses.sort(null);
    assertEquals(List.of("overdue", "void"), statuses);
    Backend.Res paid = setStatus(again.str("id"), "paid");
    assertEquals(200, paid.status(), paid::describe);
    assertEquals(
        200,
        draft(f.agent, body(f.globex, "2026-03", null)).status(),
        "a paid invoice keeps its month");
  }

  /** A tenant whose language is Russian gets its invoice lines in Russian. */
  @Test
  @Order(8)
  void linesAreInTheTenantsLanguage() {
    Backend.Res settings =
        Req.from("tenant-admin-patch-tenant.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body("{\"language\":\"ru\"}")
            .send(f.api.tenantAdmin);
    assertEquals(200, settings.status(), settings::describe);
    Backend.Res english = draft(f.agent, body(f.initech, "2026-03", EUR_80));
    assertEquals(200, english.status(), "drafted in English earlier: " + english.describe());
    assertEquals(200, setStatus(english.str("id"), "void").status());
    Backend.Res r = draft(f.agent, body(f.initech, "2026-03", EUR_80));
    assertEquals(201, r.status(), r::describe);
    List<String> texts = new ArrayList<>();
    for (JsonNode l : r.json().get("lines").values()) {
      texts.add(l.get("description").getStringValue());
    }
    assertFalse(texts.isEmpty(), r::describe);
    for (String t : texts) {
      assertTrue(t.matches(".+ за 2026-03: \\d+ мин вне договора по \\d+\\.\\d{2} EUR/ч"), t);
    }
  }
}
