package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/tickets/{id}/time-entries} (issue 12's work log per ticket) and internal entries:
 * staff see every entry with its agent and note; a client's administrator the billable ones of
 * their company, never the agent, and no note on an internal entry; the same in the client's
 * monthly time entries.
 */
class TicketTimeEntriesIT {
  private final Fixtures f = new Fixtures();
  private final Backend api = Backend.get();

  private Backend.Res log(Who who, String ticket, int minutes, boolean billable, String extra) {
    return Req.from("billing-time-entry.json")
        .as(who)
        .header("idempotency-key", null)
        .path("/v1/tickets/" + ticket + "/time-entries")
        .body(
            "{\"minutes\":"
                + minutes
                + ",\"note\":\"note "
                + minutes
                + "\",\"billable\":"
                + billable
                + extra
                + "}")
        .send(api.billing);
  }

  private Backend.Res list(Who who, String ticket, String... query) {
    Req r =
        Req.from("billing-list-time-entries.json")
            .path("/v1/tickets/" + ticket + "/time-entries")
            .query(query);
    return (who == null ? r.anonymous() : r.as(who)).send(api.billing);
  }

  private static List<JsonNode> items(Backend.Res r) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : r.json().get("items").values()) out.add(n);
    return out;
  }

  private static List<Integer> minutes(List<JsonNode> items) {
    return items.stream().map(n -> n.get("minutes").getIntValue()).toList();
  }

  @Test
  void staffSeeEveryEntryOldestFirstAndAClientAdministratorTheBillableOnes() {
    String g1 = f.ticket(f.alice, "Printer");
    assertEquals(201, log(f.agent, g1, 30, true, "").status());
    Backend.Res internal = log(f.agent, g1, 20, true, ",\"internal\":true");
    assertEquals(201, internal.status(), internal::describe);
    assertTrue(internal.json().get("internal").getBooleanValue());
    assertEquals(201, log(f.agent, g1, 10, false, "").status());

    Backend.Res staff = list(f.agent, g1);
    assertEquals(200, staff.status(), staff::describe);
    List<JsonNode> all = items(staff);
    assertEquals(List.of(30, 20, 10), minutes(all), "oldest first");
    assertEquals("note 20", all.get(1).get("note").getStringValue(), "staff read internal notes");
    assertEquals(f.agent.email(), all.get(0).get("agentEmail").getStringValue());
    assertFalse(all.get(0).get("ticketNumber").getStringValue().isEmpty());

    Backend.Res bob = list(f.bob, g1);
    assertEquals(200, bob.status(), bob::describe);
    List<JsonNode> billable = items(bob);
    assertEquals(List.of(30, 20), minutes(billable), "billable entries only");
    assertEquals("note 30", billable.get(0).get("note").getStringValue());
    assertTrue(billable.get(1).get("internal").getBooleanValue());
    assertTrue(billable.get(1).get("note").isNull(), "an internal entry's note stays inside");
    for (JsonNode n : billable) assertTrue(n.get("agentEmail").isNull(), "no agent for a client");

    // The client's month: the same rule for the internal note.
    Backend.Res month =
        Req.from("contracts-time-entries.json")
            .as(f.bob)
            .path("/v1/clients/" + f.globex + "/time-entries")
            .query(
                "month", java.time.YearMonth.now(java.time.ZoneId.of("Europe/Moscow")).toString())
            .send(api.contracts);
    assertEquals(200, month.status(), month::describe);
    boolean sawInternal = false;
    for (JsonNode row : month.json().get("rows").values()) {
      if (row.get("internal").getBooleanValue()) {
        sawInternal = true;
        assertTrue(row.get("note").isNull(), row.toString());
      }
    }
    assertTrue(sawInternal, month::describe);
  }

  @Test
  void pagesFollowTheCursor() {
    String g1 = f.ticket(f.alice, "Paged");
    for (int m = 1; m <= 3; m++) assertEquals(201, log(f.agent, g1, m, true, "").status());
    Backend.Res first = list(f.agent, g1, "limit", "2");
    assertEquals(List.of(1, 2), minutes(items(first)));
    String cursor = first.json().get("nextCursor").getStringValue();
    Backend.Res second = list(f.agent, g1, "limit", "2", "cursor", cursor);
    assertEquals(200, second.status(), second::describe);
    assertEquals(List.of(3), minutes(items(second)));
  }

  @Test
  void answers401And403And404AcrossTenantClientAndRole() {
    String g1 = f.ticket(f.alice, "Private");
    assertEquals(201, log(f.agent, g1, 15, true, "").status());
    assertEquals(401, list(null, g1).status());
    assertEquals(403, list(Who.roleless(f.tenant), g1).status());
    assertEquals(403, list(f.alice, g1).status(), "a plain client, even the requester");
    assertEquals(404, list(f.ivan, g1).status(), "another client's administrator");
    Fixtures other = new Fixtures();
    assertEquals(404, list(other.agent, g1).status(), "another tenant's agent");
    assertEquals(404, list(f.agent, "tk-999999-nosuch").status());
    Backend.Res plainClient = log(f.alice, g1, 5, true, "");
    assertEquals(403, plainClient.status(), "clients do not log time");
    Backend.Res badFlag = log(f.agent, g1, 5, true, ",\"internal\":\"yes\"");
    assertEquals(400, badFlag.status(), badFlag::describe);
    assertTrue(badFlag.raw().contains("\"internal\""), badFlag::describe);
  }
}
