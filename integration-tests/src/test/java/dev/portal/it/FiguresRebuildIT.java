package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Role;
import dev.portal.shared.report.FiguresRebuild;
import dev.portal.shared.store.Keys;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rebuilding a tenant's figures from the timeline (issue 12, docs/reports.md): the figures the
 * stream built, damaged, then rebuilt, are the same report again, by month, client, assignee and
 * group, and the profitability; a second rebuild does not double them, and the whole stream
 * replayed afterwards adds nothing (the rebuild wrote the live markers' names).
 */
class FiguresRebuildIT {
  private final Fixtures f = new Fixtures();
  private final Backend api = Backend.get();
  private final Who dana = Who.agent(f.tenant, "dana");
  private final Who erin = Who.agent(f.tenant, "erin");
  private final YearMonth now = YearMonth.now(ZoneId.of("Europe/Moscow"));
  private final String from = now.minusMonths(1).toString();
  private final String to = now.plusMonths(1).toString();

  private String group(String name, Who member) {
    Backend.Res r =
        Req.from("tenant-admin-create-group.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body("{\"name\":\"" + name + "\",\"members\":[\"" + member.email() + "\"]}")
            .send(api.tenantAdmin);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  /** ReportsByOwnerIT's month: tickets change hands and queues, are answered, resolved, rated. */
  private void aMonthOfChangingHands() {
    f.staff(dana, Role.AGENT);
    f.staff(erin, Role.AGENT);
    String firstLine = group("First line", dana);
    String secondLine = group("Second line", erin);
    String start = now.minusMonths(1).atDay(1).toString();
    assertEquals(
        201,
        f.createContract(f.admin, Fixtures.contractBody(f.globex, start, null, 20, "24x7"))
            .status());
    Backend.Res managed =
        Req.from("tenant-admin-patch-client.json")
            .as(f.admin)
            .path("/v1/clients/" + f.globex)
            .body("{\"accountManagerId\":\"" + dana.email() + "\"}")
            .send(api.tenantAdmin);
    assertEquals(200, managed.status(), managed::describe);

    String printer = f.ticket(f.alice, "Printer");
    String mail = f.ticket(f.ivan, "Mail");
    String vpn = f.ticket(f.alice, "VPN");
    assertEquals(200, f.patch(dana, printer, "{\"groupId\":\"" + firstLine + "\"}").status());
    assertEquals(201, f.comment(dana, printer, "{\"body\":\"On it\"}").status());
    assertEquals(
        200,
        f.patch(
                dana,
                printer,
                "{\"assigneeId\":\"" + erin.email() + "\",\"groupId\":\"" + secondLine + "\"}")
            .status());
    assertEquals(200, f.patch(erin, printer, "{\"status\":\"resolved\"}").status());
    assertEquals(201, f.rate(f.alice, printer, "{\"score\":5}").status());
    assertEquals(201, f.logTime(dana, printer, 30, true).status());

    assertEquals(201, f.comment(f.agent, mail, "{\"body\":\"Looking\"}").status());
    assertEquals(200, f.patch(f.agent, mail, "{\"assigneeId\":\"" + dana.email() + "\"}").status());
    assertEquals(200, f.patch(dana, mail, "{\"status\":\"resolved\"}").status());
    assertEquals(201, f.rate(f.ivan, mail, "{\"score\":3}").status());
    assertEquals(201, f.logTime(f.agent, mail, 15, false).status());

    // VPN: resolved without a reply, reopened by Alice's reply.
    assertEquals(200, f.patch(dana, vpn, "{\"status\":\"resolved\"}").status());
    assertEquals(201, f.comment(f.alice, vpn, "{\"body\":\"Still broken\"}").status());
    assertEquals(201, f.logTime(erin, vpn, 45, true).status());

    Backend.Res invoice =
        Req.from("billing-create-invoice.json")
            .as(f.agent)
            .header("idempotency-key", null)
            .body(
                Fixtures.invoiceBody(
                    f.initech, null, now.atDay(1).toString(), now.atEndOfMonth().toString()))
            .send(api.billing);
    assertEquals(201, invoice.status(), invoice::describe);
  }

  /** Every report the figures feed, as CSV, in one string. */
  private String reports() {
    StringBuilder all = new StringBuilder();
    for (String by : List.of("month", "client", "assignee", "group")) {
      Backend.Res r =
          Req.from("ticket-status-list.json")
              .path("/v1/reports/support")
              .query("from", from, "to", to, "by", by)
              .as(f.agent)
              .header("accept", "text/csv")
              .send(api.ticketStatus);
      assertEquals(200, r.status(), r::describe);
      all.append("by ").append(by).append(":\n").append(r.raw()).append('\n');
    }
    Backend.Res p =
        Req.from("ticket-status-profitability.json")
            .as(f.admin)
            .query("month", now.toString())
            .header("accept", "text/csv")
            .send(api.ticketStatus);
    assertEquals(200, p.status(), p::describe);
    return all.append("profitability:\n").append(p.raw()).toString();
  }

  private FiguresRebuild.Result rebuild() {
    return f.rebuildFigures();
  }

  @Test
  void figuresRebuiltFromTheTimelineAreTheFiguresTheStreamBuilt() {
    aMonthOfChangingHands();
    api.figures().drain();
    String live = reports();
    assertTrue(live.contains(dana.email()) && live.contains(f.initech), live);

    // Damage: 100 more tickets opened this month than happened, and the by-group rows gone.
    DynamoDbClient db = api.context.getBean(DynamoDbClient.class);
    db.updateItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(
                    Map.of(
                        Keys.PK,
                        AttributeValue.fromS(Keys.metricsPk(f.tenant)),
                        Keys.SK,
                        AttributeValue.fromS(Keys.metricsMonthSk(now.toString()))))
                .updateExpression("ADD opened :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("100"))));
    assertNotEquals(live, reports());

    DynamoRequests.start();
    FiguresRebuild.Result result = rebuild();
    List<String> requests = DynamoRequests.stop();
    assertFalse(requests.contains("Scan"), requests::toString);
    assertEquals(3, result.tickets());
    assertEquals(3, result.timeEntries());
    assertEquals(1, result.invoices());
    assertTrue(result.itemsWiped() > 0, result::toString);
    assertEquals(live, reports(), "rebuilt from the timeline");

    rebuild();
    assertEquals(live, reports(), "a second rebuild clears before it counts");

    int replayed = api.figures().drain();
    assertTrue(replayed > 10, "replayed " + replayed);
    assertEquals(live, reports(), "the stream replayed afterwards finds every change counted");
    System.out.println("rebuild: " + result + ", requests: " + summary(requests) + "\n" + live);
  }

  private static String summary(List<String> requests) {
    List<String> kinds = new ArrayList<>(new java.util.TreeSet<>(requests));
    StringBuilder s = new StringBuilder();
    for (String k : kinds) {
      s.append(k).append(" × ").append(requests.stream().filter(k::equals).count()).append(' ');
    }
    return s.toString().trim();
  }
}
