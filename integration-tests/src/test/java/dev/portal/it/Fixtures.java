package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.shared.report.FiguresRebuild;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.DynamoFiguresTimeline;
import dev.portal.shared.store.ReportStore;
import io.micronaut.json.tree.JsonNode;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One tenant with two client companies, set up through the API itself. */
final class Fixtures {
  final Backend api = Backend.get();
  final String tenant = Backend.newTenant();
  final Who admin = Who.admin(tenant);
  final Who agent = Who.agent(tenant);
  final String globex;
  final String initech;
  final Who alice;
  final Who carol;
  final Who bob;
  final Who ivan;

  Fixtures() {
    // The staff the tokens name (identity's staff routes will create them; until then they are
    // seeded).
    staff(agent, dev.portal.shared.domain.Role.AGENT);
    staff(admin, dev.portal.shared.domain.Role.ADMIN);
    globex = createClient("Globex");
    initech = createClient("Initech");
    alice = Who.client(tenant, globex, "alice@globex.example");
    carol = Who.client(tenant, globex, "carol@globex.example");
    bob = Who.clientAdmin(tenant, globex, "bob@globex.example");
    ivan = Who.clientAdmin(tenant, initech, "ivan@initech.example");
  }

  /** Seeds a staff member of the tenant for {@code who}. */
  void staff(Who who, dev.portal.shared.domain.Role role) {
    api.context
        .getBean(dev.portal.shared.store.MembershipStore.class)
        .createStaff(
            tenant,
            new dev.portal.shared.domain.Staff(
                who.email(), who.sub(), role, true, java.time.Instant.now()));
  }

  String createClient(String name) {
    Backend.Res r =
        Req.from("tenant-admin-create-client.json")
            .as(admin)
            .header("idempotency-key", null)
            .body(
                "{\"name\":\""
                    + name
                    + "\",\"emailDomains\":[\""
                    + name.toLowerCase()
                    + "-"
                    + tenant
                    + ".example\"]}")
            .send(api.tenantAdmin);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  Backend.Res createTicket(Who who, String subject) {
    return Req.from("create-ticket.json")
        .as(who)
        .header("idempotency-key", null)
        .body("{\"subject\":\"" + subject + "\",\"description\":\"details of " + subject + "\"}")
        .send(api.createTicket);
  }

  String ticket(Who who, String subject) {
    Backend.Res r = createTicket(who, subject);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  Backend.Res get(Who who, String ref) {
    return Req.from("ticket-status-get.json")
        .as(who)
        .path("/v1/tickets/" + ref)
        .send(api.ticketStatus);
  }

  Backend.Res events(Who who, String ref) {
    return Req.from("ticket-status-events.json")
        .as(who)
        .path("/v1/tickets/" + ref + "/events")
        .send(api.ticketStatus);
  }

  Backend.Res comment(Who who, String id, String json) {
    return Req.from("ticket-actions-comment.json")
        .as(who)
        .header("idempotency-key", null)
        .path("/v1/tickets/" + id + "/comments")
        .body(json)
        .send(api.ticketActions);
  }

  Backend.Res patch(Who who, String id, String json) {
    return Req.from("ticket-actions-patch.json")
        .as(who)
        .path("/v1/tickets/" + id)
        .body(json)
        .send(api.ticketActions);
  }

  Backend.Res rate(Who who, String id, String json) {
    return Req.from("ticket-actions-rating.json")
        .as(who)
        .header("idempotency-key", null)
        .path("/v1/tickets/" + id + "/rating")
        .body(json)
        .send(api.ticketActions);
  }

  Backend.Res list(Who who, String... query) {
    return Req.from("ticket-status-list.json")
        .as(who)
        .path("/v1/tickets")
        .query(query)
        .send(api.ticketStatus);
  }

  static String contractBody(
      String clientId, String startsOn, String endsOn, int prepaid, String calendar) {
    return "{\"clientId\":\""
        + clientId
        + "\",\"name\":\"Support\",\"startsOn\":\""
        + startsOn
        + "\""
        + (endsOn == null ? "" : ",\"endsOn\":\"" + endsOn + "\"")
        + ",\"sla\":{\"reactionMinutes\":60,\"resolutionMinutes\":480,\"calendar\":\""
        + calendar
        + "\"}"
        + ",\"prepaidMinutesPerMonth\":"
        + prepaid
        + ",\"overageRate\":{\"amountMinor\":9000,\"currency\":\"EUR\"}}";
  }

  Backend.Res createContract(Who who, String body) {
    return Req.from("contracts-create.json")
        .as(who)
        .header("idempotency-key", null)
        .body(body)
        .send(api.contracts);
  }

  /** A contract for the client that runs from 2020 on, so tickets created now fall under it. */
  String contract(String clientId, int prepaidMinutes) {
    Backend.Res r =
        createContract(admin, contractBody(clientId, "2020-01-01", null, prepaidMinutes, "24x7"));
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  Backend.Res getContract(Who who, String id) {
    return Req.from("contracts-get.json").as(who).path("/v1/contracts/" + id).send(api.contracts);
  }

  Backend.Res contracts(Who who, String... query) {
    return Req.from("contracts-list.json").as(who).query(query).send(api.contracts);
  }

  Backend.Res endContract(Who who, String id, String endsOn) {
    return Req.from("contracts-end.json")
        .as(who)
        .path("/v1/contracts/" + id)
        .body("{\"endsOn\":\"" + endsOn + "\"}")
        .send(api.contracts);
  }

  Backend.Res usage(Who who, String clientId, String month) {
    return Req.from("contracts-client-usage.json")
        .as(who)
        .path("/v1/clients/" + clientId + "/usage")
        .query("month", month)
        .send(api.contracts);
  }

  Backend.Res logTime(Who who, String ticketRef, int minutes, boolean billable) {
    return Req.from("billing-time-entry.json")
        .as(who)
        .header("idempotency-key", null)
        .path("/v1/tickets/" + ticketRef + "/time-entries")
        .body("{\"minutes\":" + minutes + ",\"note\":\"work\",\"billable\":" + billable + "}")
        .send(api.billing);
  }

  static String invoiceBody(String clientId, String number, String issuedOn, String dueOn) {
    return "{\"clientId\":\""
        + clientId
        + "\""
        + (number == null ? "" : ",\"number\":\"" + number + "\"")
        + ",\"issuedOn\":\""
        + issuedOn
        + "\",\"dueOn\":\""
        + dueOn
        + "\",\"currency\":\"EUR\",\"lines\":["
        + "{\"description\":\"On-site visit\",\"quantity\":2,\"unitPriceMinor\":12000},"
        + "{\"description\":\"Router\",\"quantity\":1,\"unitPriceMinor\":45000}]}";
  }

  Backend.Res createInvoice(Who who, String body) {
    return Req.from("billing-create-invoice.json")
        .as(who)
        .header("idempotency-key", null)
        .body(body)
        .send(api.billing);
  }

  String invoice(String clientId, String issuedOn, String dueOn) {
    Backend.Res r = createInvoice(agent, invoiceBody(clientId, null, issuedOn, dueOn));
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  /**
   * The support report's total over the months around now (the tenant's zone: no settings, so
   * Europe/Moscow), as {@code who} reads it.
   */
  JsonNode supportTotal(Who who) {
    YearMonth now = YearMonth.now(ZoneId.of("Europe/Moscow"));
    Backend.Res r =
        Req.from("ticket-status-list.json")
            .as(who)
            .path("/v1/reports/support")
            .query(
                "from",
                now.minusMonths(1).toString(),
                "to",
                now.plusMonths(1).toString(),
                "by",
                "month")
            .send(api.ticketStatus);
    assertEquals(200, r.status(), r::describe);
    return r.json().get("total");
  }

  /**
   * The tenant's figures rebuilt from its timeline (make rebuild-figures), as the script runs it.
   */
  FiguresRebuild.Result rebuildFigures() {
    var context = api.context;
    return new FiguresRebuild(
            new DynamoFiguresTimeline(context.getBean(DynamoDbClient.class), Backend.TABLE),
            context.getBean(ReportStore.class),
            context.getBean(DirectoryStore.class),
            context.getBean(ContractStore.class),
            ZoneId.of("Europe/Moscow"),
            Clock.systemUTC())
        .rebuild(tenant);
  }

  Backend.Res getInvoice(Who who, String id) {
    return Req.from("invoices-get.json").as(who).path("/v1/invoices/" + id).send(api.invoices);
  }

  Backend.Res invoices(Who who, String... query) {
    return Req.from("invoices-list.json").as(who).query(query).send(api.invoices);
  }

  Backend.Res patchInvoice(Who who, String id, String status) {
    return Req.from("billing-patch-invoice.json")
        .as(who)
        .path("/v1/invoices/" + id)
        .body("{\"status\":\"" + status + "\"}")
        .send(api.billing);
  }

  Backend.Res putPdf(Who who, String id, byte[] pdf, String contentType) {
    return Req.from("billing-put-invoice-pdf.json")
        .as(who)
        .path("/v1/invoices/" + id + "/pdf")
        .header("content-type", contentType)
        .binaryBody(pdf)
        .send(api.billing);
  }
}
