package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.StreamPoller;
import io.micronaut.json.tree.JsonNode;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The support report on the figures the stream projection keeps (issue 12): a scripted month across
 * two clients, whose figures are counted here by hand, read by month and by client, as JSON and
 * CSV, by staff and by each client's administrator; and a replayed stream that counts nothing
 * twice.
 */
class ReportsIT {
  private final Fixtures f = new Fixtures();
  private final Backend api = Backend.get();
  // The tenant's zone (no settings: Europe/Moscow). The range spans the months around now, so a run
  // at midnight of a
  // month's end still finds every change in its total.
  private final YearMonth now = YearMonth.now(ZoneId.of("Europe/Moscow"));
  private final String from = now.minusMonths(1).toString();
  private final String to = now.plusMonths(1).toString();

  @BeforeEach
  void aScriptedMonth() {
    String start = now.minusMonths(1).atDay(1).toString();
    assertEquals(
        201,
        f.createContract(f.admin, Fixtures.contractBody(f.globex, start, null, 600, "24x7"))
            .status());
    // Globex (under a 24x7 contract: reaction 60 min, resolution 480 min):
    String g1 = f.ticket(f.alice, "Printer"); // answered, resolved, rated 5
    String g2 = f.ticket(f.alice, "VPN"); // resolved without a reply, then reopened by Alice
    // Initech (no contract, so no SLA figures):
    String i1 = f.ticket(f.ivan, "Mail"); // answered, resolved, rated 3
    assertEquals(201, f.comment(f.agent, g1, "{\"body\":\"On it\"}").status());
    assertEquals(200, f.patch(f.agent, g1, "{\"status\":\"resolved\"}").status());
    assertEquals(201, f.rate(f.alice, g1, "{\"score\":5}").status());
    assertEquals(200, f.patch(f.agent, g2, "{\"status\":\"resolved\"}").status());
    assertEquals(201, f.comment(f.alice, g2, "{\"body\":\"Still broken\"}").status());
    assertEquals(201, f.comment(f.agent, i1, "{\"body\":\"Looking\"}").status());
    assertEquals(200, f.patch(f.agent, i1, "{\"status\":\"resolved\"}").status());
    assertEquals(201, f.rate(f.ivan, i1, "{\"score\":3}").status());
    assertEquals(201, f.logTime(f.agent, g1, 30, true).status());
    assertEquals(201, f.logTime(f.agent, i1, 15, false).status());
    api.figures().drain();
  }

  private Backend.Res report(Who who, String by, String accept) {
    Req r =
        Req.from("ticket-status-list.json")
            .as(who)
            .path("/v1/reports/support")
            .query("from", from, "to", to, "by", by);
    if (accept != null) r = r.header("accept", accept);
    return r.send(api.ticketStatus);
  }

  private static long n(JsonNode row, String field) {
    return row.get(field).getLongValue();
  }

  @Test
  void staffSeeTheTenantsFiguresByMonthAsCountedByHand() {
    Backend.Res r = report(f.agent, "month", null);
    assertEquals(200, r.status(), r::describe);
    assertEquals(3, r.json().get("rows").size(), "every month of the range, zeros included");
    JsonNode total = r.json().get("total");
    assertEquals(3, n(total, "opened"));
    assertEquals(3, n(total, "resolved"));
    assertEquals(1, n(total, "reopened"), "Alice's answer to the resolved VPN ticket");
    assertEquals(2, n(total, "firstResponseCount"), "the VPN ticket never got a reply");
    assertEquals(1, n(total, "slaReactionMet"), "Initech has no contract");
    assertEquals(0, n(total, "slaReactionBreached"));
    assertEquals(2, n(total, "slaResolutionMet"));
    assertEquals(100.0, total.get("slaResolutionPercent").getNumberValue().doubleValue());
    assertEquals(2, n(total, "csatCount"));
    assertEquals(4.0, total.get("csatAverage").getNumberValue().doubleValue());
    assertEquals(1, n(total, "csat5"));
    assertEquals(1, n(total, "csat3"));
    assertEquals(30, n(total, "minutesBillable"));
    assertEquals(15, n(total, "minutesNotBillable"));
  }

  @Test
  void byClientEachCompanyHasItsOwnRowAndAClientAdminSeesOnlyTheirs() {
    Backend.Res all = report(f.admin, "client", null);
    assertEquals(200, all.status(), all::describe);
    List<String> clients = new ArrayList<>();
    for (JsonNode row : all.json().get("rows").values())
      clients.add(row.get("clientId").getStringValue());
    assertEquals(List.of(f.globex, f.initech).stream().sorted().toList(), clients);

    Backend.Res bob = report(f.bob, "client", null);
    assertEquals(200, bob.status(), bob::describe);
    assertEquals(1, bob.json().get("rows").size());
    JsonNode globex = bob.json().get("rows").values().iterator().next();
    assertEquals(f.globex, globex.get("clientId").getStringValue());
    assertEquals(2, n(globex, "opened"));
    assertEquals(1, n(globex, "csatCount"));
    assertEquals(2, n(report(f.bob, "month", null).json().get("total"), "opened"));
    assertEquals(1, n(report(f.ivan, "month", null).json().get("total"), "opened"));
  }

  @Test
  void theSameTableAsCsvWithAByteOrderMark() {
    Backend.Res r = report(f.agent, "client", "text/csv");
    assertEquals(200, r.status(), r::describe);
    assertTrue(r.headers().get("content-type").startsWith("text/csv"), r.headers()::toString);
    assertTrue(r.raw().startsWith("\uFEFFclientId,opened,resolved,reopened,"), r.raw());
    String[] lines = r.raw().substring(1).split("\r\n");
    assertEquals(4, lines.length, "header, two clients, total");
    assertTrue(lines[3].startsWith("total,3,3,1,"), lines[3]);
  }

  @Test
  void aClientSeesNoReportAndBadRangesAreNamed() {
    assertEquals(403, report(f.alice, "month", null).status());
    Backend.Res wrong =
        Req.from("ticket-status-list.json")
            .as(f.agent)
            .path("/v1/reports/support")
            .query("from", to, "to", from)
            .send(api.ticketStatus);
    assertEquals(400, wrong.status(), wrong::describe);
    Backend.Res unknown = report(f.agent, "owner", null);
    assertEquals(400, unknown.status(), unknown::describe);
    Backend.Res other = report(Who.agent(Backend.newTenant()), "month", null);
    assertEquals(
        0, n(other.json().get("total"), "opened"), "another tenant's agent sees none of these");
  }

  @Test
  void aReplayedStreamCountsNothingTwice() {
    long before = n(report(f.agent, "month", null).json().get("total"), "opened");
    // Lambda retries a batch whole after a timeout: the same records from the stream's start,
    // through the real function.
    int replayed =
        new StreamPoller(
                api.context.getBean(DynamoDbClient.class),
                LocalMain.streamsClient(),
                Backend.TABLE,
                null,
                (event, id) -> api.projections.handle(event, new LocalLambdaContext(id)))
            .drain();
    assertTrue(replayed > 10, "replayed " + replayed);
    JsonNode total = report(f.agent, "month", null).json().get("total");
    assertEquals(before, n(total, "opened"));
    assertEquals(30, n(total, "minutesBillable"));
    assertEquals(2, n(total, "csatCount"));
  }
}
