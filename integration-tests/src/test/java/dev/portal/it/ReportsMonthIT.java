package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.fn.billing.BillingFunction;
import dev.portal.fn.contracts.ContractsFunction;
import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.fn.projections.ProjectionsFunction;
import dev.portal.fn.ticketactions.TicketActionsFunction;
import dev.portal.fn.ticketstatus.TicketStatusFunction;
import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.StreamPoller;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.json.tree.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Profitability and the client's work log (issue 12) on a scripted March 2026, on a pinned clock:
 * two clients (Globex under a contract of 60 prepaid minutes at 90.00 EUR an hour of overage,
 * Initech with none), two agents with their own cost rates, invoices issued, voided and issued in
 * April. Every expected figure is computed by hand below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsMonthIT {
  /** A clock the test moves by hand; the functions of this class read time only through it. */
  static final class PinnedClock extends Clock {
    private volatile Instant now;

    PinnedClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    void set(Instant at) {
      now = at;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  // Made in @BeforeAll: FreshTable drops the table after this instance is built and before
  // @BeforeAll runs.
  private Fixtures f;
  private Fixtures other;
  // 10 March 2026, 10:00 in Moscow (the tenant has no settings: Europe/Moscow, ticket prefix from
  // the tenant id).
  private final PinnedClock clock = new PinnedClock(Instant.parse("2026-03-10T07:00:00Z"));
  private ApplicationContext context;
  private CreateTicketFunction createTicket;
  private TicketActionsFunction ticketActions;
  private BillingFunction billing;
  private ContractsFunction contracts;
  private TicketStatusFunction ticketStatus;
  private ProjectionsFunction projections;

  private Who agentA; // 60.00 EUR an hour
  private Who agentB; // the default, 25.00 EUR an hour
  private String g1Number;
  private String g2Number;

  @BeforeAll
  void aScriptedMonth() {
    f = new Fixtures();
    other = new Fixtures();
    agentA = Who.agent(f.tenant);
    agentB = Who.agent(f.tenant, "bea");
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
    assertTrue(context.getBean(Clock.class) == clock, "the functions read the pinned clock");
    createTicket = new CreateTicketFunction(context);
    ticketActions = new TicketActionsFunction(context);
    billing = new BillingFunction(context);
    contracts = new ContractsFunction(context);
    ticketStatus = new TicketStatusFunction(context);
    projections = new ProjectionsFunction(context);

    Backend.Res rates =
        putRates(
            f.admin,
            "{\"currency\":\"EUR\",\"defaultPerHourMinor\":2500,"
                + "\"agents\":[{\"email\":\""
                + agentA.email()
                + "\",\"perHourMinor\":6000}]}");
    assertEquals(200, rates.status(), rates::describe);
    Backend.Res contract =
        Req.from("contracts-create.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body(Fixtures.contractBody(f.globex, "2026-03-01", null, 60, "24x7"))
            .send(contracts);
    assertEquals(201, contract.status(), contract::describe);

    Backend.Res g1 = ticket(f.alice, "Printer");
    Backend.Res g2 = ticket(f.alice, "VPN");
    Backend.Res i1 = ticket(f.ivan, "Mail");
    g1Number = g1.str("number");
    g2Number = g2.str("number");
    step();
    // Globex: 90 + 30 billable (60 prepaid, 60 over), 20 not billable.
    logTime(agentA, g1.str("id"), 90, true, "Replaced the fuser");
    logTime(agentB, g2.str("id"), 30, true, "VPN: профиль перевыпущен");
    logTime(agentB, g1.str("id"), 20, false, "Internal: ordered parts");
    // Initech: 45 billable, 15 not; no contract.
    logTime(agentA, i1.str("id"), 45, true, "Mailbox moved");
    logTime(agentB, i1.str("id"), 15, false, "=cmd|' /C calc'!A0");
    // Invoices to Initech: one issued in March, one issued in March and voided, one issued in
    // April.
    String kept = invoice(f.initech, "2026-03-15");
    String voided = invoice(f.initech, "2026-03-20");
    invoice(f.initech, "2026-04-02");
    assertFalse(kept.equals(voided));
    Backend.Res v =
        Req.from("billing-patch-invoice.json")
            .as(f.agent)
            .path("/v1/invoices/" + voided)
            .body("{\"status\":\"void\"}")
            .send(billing);
    assertEquals(200, v.status(), v::describe);
    // April: 10 minutes on Globex, inside April's prepaid minutes.
    clock.set(Instant.parse("2026-04-03T08:00:00Z"));
    logTime(agentA, g1.str("id"), 10, true, "Follow-up");
    drain();
  }

  @AfterAll
  void close() {
    if (context != null) context.close();
  }

  private void step() {
    clock.advance(Duration.ofMinutes(7));
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
    step();
    return r;
  }

  private void logTime(Who who, String ticket, int minutes, boolean billable, String note) {
    Backend.Res r =
        Req.from("billing-time-entry.json")
            .as(who)
            .header("idempotency-key", null)
            .path("/v1/tickets/" + ticket + "/time-entries")
            .body(
                "{\"minutes\":"
                    + minutes
                    + ",\"note\":\""
                    + note.replace("\"", "\\\"")
                    + "\",\"billable\":"
                    + billable
                    + "}")
            .send(billing);
    assertEquals(201, r.status(), r::describe);
    step();
  }

  private String invoice(String clientId, String issuedOn) {
    Backend.Res r =
        Req.from("billing-create-invoice.json")
            .as(f.agent)
            .header("idempotency-key", null)
            .body(Fixtures.invoiceBody(clientId, null, issuedOn, "2026-05-31"))
            .send(billing);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  private Backend.Res putRates(Who who, String body) {
    Req r = Req.from("contracts-put-cost-rates.json").body(body);
    return (who == null ? r.anonymous() : r.as(who)).send(contracts);
  }

  private Backend.Res profitability(Who who, String month, String accept) {
    Req r = Req.from("ticket-status-profitability.json").query("month", month);
    if (accept != null) r = r.header("accept", accept);
    return (who == null ? r.anonymous() : r.as(who)).send(ticketStatus);
  }

  private Backend.Res workLog(Who who, String clientId, String month, String accept) {
    Req r =
        Req.from("contracts-time-entries.json")
            .path("/v1/clients/" + clientId + "/time-entries")
            .query("month", month);
    if (accept != null) r = r.header("accept", accept);
    return (who == null ? r.anonymous() : r.as(who)).send(contracts);
  }

  private Backend.Res statement(Who who, String clientId, String month, String lang) {
    return statement(who, clientId, month, lang, "application/pdf");
  }

  private Backend.Res statement(
      Who who, String clientId, String month, String lang, String accept) {
    Req r =
        Req.from("contracts-statements.json")
            .path("/v1/clients/" + clientId + "/statements/" + month)
            .header("accept", accept);
    r = lang == null ? r.query() : r.query("lang", lang);
    return (who == null ? r.anonymous() : r.as(who)).send(contracts);
  }

  /** The statement's text as a PDF reader extracts it, after checking its font is embedded. */
  private static String pdfText(Backend.Res r) throws java.io.IOException {
    assertEquals("application/pdf", r.headers().get("content-type"));
    byte[] pdf = java.util.Base64.getDecoder().decode(r.raw());
    try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      var resources = doc.getPage(0).getResources();
      for (var name : resources.getFontNames()) {
        assertTrue(resources.getFont(name).isEmbedded(), "font " + name + " is embedded");
      }
      return new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
    }
  }

  private Backend.Res supportByClient(Who who, String month) {
    return Req.from("ticket-status-list.json")
        .as(who)
        .path("/v1/reports/support")
        .query("from", month, "to", month, "by", "client")
        .send(ticketStatus);
  }

  private static long n(JsonNode row, String field) {
    return row.get(field).getLongValue();
  }

  private static List<JsonNode> rows(Backend.Res r) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode row : r.json().get("rows").values()) out.add(row);
    return out;
  }

  @Test
  void profitabilityAsCountedByHandPutsTheLossMakingClientFirst() {
    Backend.Res r = profitability(f.admin, "2026-03", null);
    assertEquals(200, r.status(), r::describe);
    List<JsonNode> rows = rows(r);
    assertEquals(2, rows.size(), r::describe);
    JsonNode globex = rows.get(0);
    assertEquals(
        f.globex, globex.get("clientId").getStringValue(), "the loss-making client stands first");
    assertEquals("EUR", globex.get("currency").getStringValue());
    assertEquals(120, n(globex, "minutesBillable"));
    assertEquals(20, n(globex, "minutesNotBillable"));
    assertEquals(60, n(globex, "prepaidMinutes"));
    assertEquals(60, n(globex, "prepaidMinutesUsed"));
    assertEquals(60, n(globex, "overageMinutes"));
    assertEquals(9000, n(globex, "overageMinor"), "60 min at 90.00 EUR/h");
    assertEquals(0, n(globex, "invoicedMinor"));
    assertEquals(9000, n(globex, "revenueMinor"));
    // A at 60.00/h: 90 min = 9000; B at 25.00/h: 30 min = 1250, 20 min = 833.33 rounded up to 834.
    assertEquals(9000 + 1250 + 834, n(globex, "costMinor"));
    assertEquals(9000 - 11084, n(globex, "marginMinor"));
    assertEquals(0, n(globex, "minutesUncosted"));

    JsonNode initech = rows.get(1);
    assertEquals(f.initech, initech.get("clientId").getStringValue());
    assertEquals(45, n(initech, "minutesBillable"));
    assertEquals(15, n(initech, "minutesNotBillable"));
    assertEquals(0, n(initech, "prepaidMinutes"));
    assertEquals(0, n(initech, "overageMinor"));
    assertEquals(
        69000,
        n(initech, "invoicedMinor"),
        "2 x 120.00 + 450.00; the voided one taken back, April's not here");
    assertEquals(69000, n(initech, "revenueMinor"));
    assertEquals(4500 + 625, n(initech, "costMinor"), "45 min at 60.00/h, 15 min at 25.00/h");
    assertEquals(69000 - 5125, n(initech, "marginMinor"));

    List<JsonNode> april = rows(profitability(f.admin, "2026-04", null));
    assertEquals(2, april.size());
    assertEquals(f.globex, april.get(0).get("clientId").getStringValue());
    assertEquals(
        -1000, n(april.get(0), "marginMinor"), "10 min at 60.00/h, inside April's prepaid minutes");
    assertEquals(69000, n(april.get(1), "invoicedMinor"));
  }

  @Test
  void profitabilityAsCsvIsTheSameTable() {
    Backend.Res r = profitability(f.admin, "2026-03", "text/csv");
    assertEquals(200, r.status(), r::describe);
    assertTrue(r.headers().get("content-type").startsWith("text/csv"), r.headers()::toString);
    System.out.println("profitability CSV sample:\n" + r.raw());
    String[] lines = r.raw().split("\r\n");
    assertEquals(
        "\uFEFFclientId,currency,minutesBillable,minutesNotBillable,prepaidMinutes,prepaidMinutesUsed,"
            + "overageMinutes,overageMinor,invoicedMinor,revenueMinor,costMinor,marginMinor,minutesUncosted,otherCurrencies",
        lines[0]);
    assertEquals(f.globex + ",EUR,120,20,60,60,60,9000,0,9000,11084,-2084,0,", lines[1]);
    assertEquals(f.initech + ",EUR,45,15,0,0,0,0,69000,69000,5125,63875,0,", lines[2]);
    assertEquals(3, lines.length);
  }

  @Test
  void aReplayedStreamCountsNoMinuteOrInvoiceTwice() {
    String before = profitability(f.admin, "2026-03", "text/csv").raw();
    int replayed = drain();
    assertTrue(replayed > 10, "replayed " + replayed);
    assertEquals(before, profitability(f.admin, "2026-03", "text/csv").raw());
  }

  @Test
  void theWorkLogListsTheMonthsEntriesWithTicketNumbers() {
    Backend.Res r = workLog(f.agent, f.globex, "2026-03", null);
    assertEquals(200, r.status(), r::describe);
    assertEquals("Globex", r.str("clientName"));
    List<JsonNode> rows = rows(r);
    assertEquals(3, rows.size(), r::describe);
    assertEquals(
        List.of(g1Number, g2Number, g1Number),
        rows.stream().map(x -> x.get("ticketNumber").getStringValue()).toList());
    assertEquals(List.of(90L, 30L, 20L), rows.stream().map(x -> n(x, "minutes")).toList());
    assertEquals("Replaced the fuser", rows.get(0).get("note").getStringValue());
    assertEquals(agentB.email(), rows.get(1).get("agentEmail").getStringValue());
    assertFalse(rows.get(2).get("billable").getBooleanValue());
    assertEquals("2026-03-10", rows.get(0).get("date").getStringValue());
    assertEquals(120, n(r.json(), "minutesBillable"));
    assertEquals(20, n(r.json(), "minutesNotBillable"));
    assertEquals(1, rows(workLog(f.agent, f.globex, "2026-04", null)).size(), "April's entry only");
    assertEquals(0, rows(workLog(f.agent, f.globex, "2026-02", null)).size());

    Backend.Res bob = workLog(f.bob, f.globex, "2026-03", null);
    assertEquals(200, bob.status(), bob::describe);
    List<JsonNode> own = rows(bob);
    assertEquals(2, own.size(), "a client's administrator sees the billable entries");
    assertNull(own.get(0).get("agentEmail"), "and not who logged them");
    assertEquals(0, n(bob.json(), "minutesNotBillable"));
  }

  @Test
  void theWorkLogAsCsvNeutralisesFormulae() {
    Backend.Res r = workLog(f.admin, f.initech, "2026-03", "text/csv");
    assertEquals(200, r.status(), r::describe);
    System.out.println("work-log CSV sample:\n" + r.raw());
    String[] lines = r.raw().split("\r\n");
    assertEquals(
        "\uFEFFdate,ticketNumber,ticketId,minutes,billable,note,internal,agentEmail,contractId,entryId,at",
        lines[0]);
    assertEquals(3, lines.length);
    assertTrue(
        lines[2].contains(",15,false,'=cmd|' /C calc'!A0,false," + agentB.email() + ",,"),
        lines[2]);
  }

  @Test
  void theStatementPdfHoldsTheBalanceAndTheWorkLogLinesInEnglishByDefault() throws Exception {
    Backend.Res r = statement(f.agent, f.globex, "2026-03", null);
    assertEquals(200, r.status(), r::describe);
    String text = pdfText(r);
    assertTrue(text.contains("Monthly statement"), text);
    assertTrue(text.contains("Client: Globex"), text);
    assertTrue(
        text.contains("prepaid 60 min, used 120 min, remaining 0 min, overage 60 min: 90.00 EUR"),
        text);
    assertTrue(text.contains("2026-03-10 " + g1Number + " 90 yes Replaced the fuser"), text);
    assertTrue(text.contains("2026-03-10 " + g2Number + " 30 yes VPN: профиль перевыпущен"), text);
    assertTrue(text.contains(g1Number + " 20 no Internal: ordered parts"), text);
    assertTrue(text.contains("Total billable: 120 min; not billable: 20 min"), text);
  }

  @Test
  void theStatementInRussianAndForTheClientsAdministrator() throws Exception {
    String text = pdfText(statement(f.bob, f.globex, "2026-03", "ru"));
    assertTrue(text.contains("Ежемесячный отчёт"), text);
    assertTrue(text.contains("Журнал работ"), text);
    assertTrue(
        text.contains(
            "предоплачено 60 мин, использовано 120 мин, осталось 0 мин, сверх пакета 60 мин: 90.00 EUR"),
        text);
    assertTrue(text.contains(g2Number + " 30 да VPN: профиль перевыпущен"), text);
    assertFalse(text.contains("ordered parts"), "a client's administrator sees billable work only");
    assertTrue(text.contains("Заявок открыто: 2; решено: 0"), text);
    assertTrue(text.contains("В этом месяце счета не выставлялись."), text);
    String initech = pdfText(statement(f.admin, f.initech, "2026-03", null));
    assertTrue(initech.contains("No contract ran in this month."), initech);
    assertTrue(initech.contains("Billable work outside any contract: 45 min"), initech);
    assertTrue(initech.contains("Tickets opened: 1; resolved: 0"), initech);
    assertTrue(initech.contains("Satisfaction: no ratings"), initech);
    // March's two invoices, the voided one too; April's is not in March's statement.
    assertTrue(initech.contains(" of 2026-03-15, due 2026-05-31: "), initech);
    assertTrue(initech.contains(" of 2026-03-20, due 2026-05-31: "), initech);
    assertTrue(initech.contains("(void)"), initech);
    assertFalse(initech.contains("2026-04-02"), initech);
  }

  /**
   * The same statement as JSON (no {@code Accept: application/pdf}): the usage report's and the
   * work log's shapes, the month's support figures as the support report keeps them for the client,
   * and the invoices issued in the month.
   */
  @Test
  void theStatementAsJsonHoldsUsageWorkLogSupportFiguresAndTheMonthsInvoices() {
    Backend.Res r = statement(f.ivan, f.initech, "2026-03", null, "application/json");
    assertEquals(200, r.status(), r::describe);
    JsonNode json = r.json();
    assertEquals("2026-03", json.get("month").getStringValue());
    assertEquals("en", json.get("language").getStringValue());
    assertEquals(45, n(json.get("usage"), "uncontractedBillableMinutes"));
    JsonNode log = json.get("workLog");
    assertEquals(1, log.get("rows").size(), "a client's administrator: the billable entry only");
    assertEquals(45, n(log.get("rows").get(0), "minutes"));
    assertNull(log.get("rows").get(0).get("agentEmail"));
    JsonNode support = json.get("support");
    assertEquals(1, n(support, "opened"), "Initech opened one ticket in March");
    assertEquals(0, n(support, "csatCount"));
    assertTrue(support.get("csatAverage") == null || support.get("csatAverage").isNull());
    Backend.Res report = supportByClient(f.agent, "2026-03");
    assertEquals(200, report.status(), report::describe);
    JsonNode row = null;
    for (JsonNode x : report.json().get("rows").values()) {
      if (f.initech.equals(x.get("clientId").getStringValue())) row = x;
    }
    assertTrue(row != null, report::describe);
    for (String k :
        List.of(
            "opened",
            "resolved",
            "slaReactionMet",
            "slaReactionBreached",
            "slaResolutionMet",
            "slaResolutionBreached",
            "csatCount")) {
      assertEquals(n(row, k), n(support, k), k + " as the support report has it");
    }
    List<String> statuses = new ArrayList<>();
    List<String> issued = new ArrayList<>();
    for (JsonNode i : json.get("invoices").values()) {
      statuses.add(i.get("status").getStringValue());
      issued.add(i.get("issuedOn").getStringValue());
    }
    assertEquals(List.of("2026-03-15", "2026-03-20"), issued, "March's, oldest first");
    assertEquals(List.of("issued", "void"), statuses);
    assertFalse(json.get("invoicesTruncated").getBooleanValue());
    Backend.Res month = statement(f.agent, f.initech, "2026-3", null, "application/json");
    assertEquals(400, month.status(), month::describe);
  }

  @Test
  void aReportReadIsABoundedNumberOfRequests() {
    DynamoRequests.start();
    assertEquals(200, profitability(f.admin, "2026-03", null).status());
    assertEquals(
        List.of("GetItem", "Query"), DynamoRequests.stop(), "cost rates, the month's partition");
    DynamoRequests.start();
    assertEquals(200, workLog(f.agent, f.globex, "2026-03", null).status());
    assertEquals(
        List.of("BatchGetItem", "Query", "Query"),
        DynamoRequests.stop(),
        "client, tenant and contracts; the contract's ledger and the work outside any contract");
    DynamoRequests.start();
    assertEquals(200, statement(f.agent, f.globex, "2026-03", null).status());
    assertEquals(
        List.of("BatchGetItem", "Query", "Query", "BatchGetItem", "BatchGetItem", "Query"),
        DynamoRequests.stop(),
        "the work log's, then its month's contracts and the client's months outside contracts"
            + " (consistent, with the months they keep), the client's kept figures of the month,"
            + " its invoices of the month");
  }

  @Test
  void everyNewRouteAnswers401And403And404() {
    // GET /v1/clients/{id}/statements/{month}
    assertEquals(401, statement(null, f.globex, "2026-03", null).status());
    assertEquals(403, statement(Who.roleless(f.tenant), f.globex, "2026-03", null).status());
    assertEquals(403, statement(f.alice, f.globex, "2026-03", null).status(), "a plain client");
    assertEquals(
        404,
        statement(f.ivan, f.globex, "2026-03", null).status(),
        "another client's administrator");
    assertEquals(
        404, statement(other.agent, f.globex, "2026-03", null).status(), "another tenant's agent");
    assertEquals(404, statement(f.agent, "cli_nosuch", "2026-03", null).status());
    assertEquals(400, statement(f.agent, f.globex, "2026-03", "de").status());
    // GET /v1/clients/{id}/time-entries
    assertEquals(401, workLog(null, f.globex, "2026-03", null).status());
    assertEquals(403, workLog(Who.roleless(f.tenant), f.globex, "2026-03", null).status());
    assertEquals(403, workLog(f.alice, f.globex, "2026-03", null).status(), "a plain client");
    assertEquals(
        404, workLog(f.ivan, f.globex, "2026-03", null).status(), "another client's administrator");
    assertEquals(
        404, workLog(other.agent, f.globex, "2026-03", null).status(), "another tenant's agent");
    assertEquals(
        404,
        workLog(other.admin, f.globex, "2026-03", "text/csv").status(),
        "another tenant's admin");
    assertEquals(404, workLog(f.agent, "cli_nosuch", "2026-03", null).status());
    assertEquals(400, workLog(f.agent, f.globex, "2026-13", null).status());
    assertEquals(400, workLog(f.agent, f.globex, null, null).status());
    // GET /v1/reports/profitability
    assertEquals(401, profitability(null, "2026-03", null).status());
    assertEquals(403, profitability(f.agent, "2026-03", null).status(), "admins only");
    assertEquals(403, profitability(f.bob, "2026-03", null).status());
    assertEquals(403, profitability(Who.roleless(f.tenant), "2026-03", null).status());
    assertEquals(400, profitability(f.admin, "March", null).status());
    Backend.Res foreign = profitability(other.admin, "2026-03", null);
    assertEquals(200, foreign.status());
    assertEquals(0, rows(foreign).size(), "another tenant's admin sees none of these clients");
    // PUT /v1/reports/cost-rates
    String body = "{\"currency\":\"EUR\",\"defaultPerHourMinor\":2500}";
    assertEquals(401, putRates(null, body).status());
    assertEquals(403, putRates(f.agent, body).status());
    assertEquals(403, putRates(f.bob, body).status());
    Backend.Res bad =
        putRates(
            other.admin,
            "{\"currency\":\"XXQ\",\"agents\":[{\"email\":\"a@b.example\","
                + "\"perHourMinor\":1},{\"email\":\"A@b.example\",\"perHourMinor\":2}],\"extra\":1}");
    assertEquals(400, bad.status(), bad::describe);
    assertTrue(
        bad.raw().contains("currency")
            && bad.raw().contains("agents[1].email")
            && bad.raw().contains("extra"),
        bad::describe);
  }
}
