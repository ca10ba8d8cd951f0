package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Contracts, the one-contract-at-a-time rule, tickets under a contract, and the prepaid-hours
 * ledger.
 */
class ContractsIT {
  private final Fixtures f = new Fixtures();

  @Test
  void adminCreatesAContractAndClientsSeeItWithAnEmptyBalance() {
    Backend.Res created =
        f.createContract(
            f.admin,
            // null is the default, as openapi.yaml says (fuzz finding: it documented an integer
            // only)
            Fixtures.contractBody(f.globex, "2020-01-01", null, 600, "business")
                .replace(
                    "\"calendar\":\"business\"",
                    "\"calendar\":\"business\",\"warningPercent\":null"));
    assertEquals(201, created.status(), created::describe);
    String id = created.str("id");
    assertEquals("/v1/contracts/" + id, created.headers().get("location"));
    assertEquals("business", created.json().get("sla").get("calendar").getStringValue());
    assertEquals(
        80,
        created.json().get("sla").get("warningPercent").getNumberValue().intValue(),
        "a contract without its own share (absent or null) warns at 80%");

    Backend.Res seen = f.getContract(f.alice, id);
    assertEquals(200, seen.status(), seen::describe);
    JsonNode balance = seen.json().get("balance");
    YearMonth month = YearMonth.now(ZoneId.of("Europe/Moscow"));
    assertEquals(month.atDay(1).toString(), balance.get("periodStart").getStringValue());
    assertEquals(month.atEndOfMonth().toString(), balance.get("periodEnd").getStringValue());
    assertEquals(600, balance.get("prepaidMinutes").getNumberValue().intValue());
    assertEquals(0, balance.get("usedMinutes").getNumberValue().intValue());
    assertEquals(600, balance.get("remainingMinutes").getNumberValue().intValue());
    assertEquals(0, balance.get("overageAmount").get("amountMinor").getNumberValue().intValue());
    assertEquals("EUR", balance.get("overageAmount").get("currency").getStringValue());

    assertEquals(List.of(id), AccessIT.ids(f.contracts(f.bob)));
    assertEquals(List.of(id), AccessIT.ids(f.contracts(f.agent, "clientId", f.globex)));
    assertEquals(
        List.of(), AccessIT.ids(f.contracts(f.ivan)), "another client's admin sees none of them");
  }

  @Test
  void aClientHasOneContractAtATimeAndASuccessorStartsOnlyAfterTheEnd() {
    String first = f.contract(f.globex, 600);
    Backend.Res second =
        f.createContract(f.admin, Fixtures.contractBody(f.globex, "2030-01-01", null, 600, "24x7"));
    assertEquals(
        409, second.status(), "an open-ended contract blocks any successor: " + second.describe());

    assertEquals(200, f.endContract(f.admin, first, "2029-12-31").status());
    Backend.Res overlapping =
        f.createContract(f.admin, Fixtures.contractBody(f.globex, "2029-12-31", null, 600, "24x7"));
    assertEquals(
        409,
        overlapping.status(),
        "a successor may not start on the last day: " + overlapping.describe());
    Backend.Res successor =
        f.createContract(f.admin, Fixtures.contractBody(f.globex, "2030-01-01", null, 600, "24x7"));
    assertEquals(201, successor.status(), successor::describe);
    assertEquals(
        409,
        f.endContract(f.admin, first, "2029-06-30").status(),
        "only the current contract can be ended");

    Backend.Res ticket = f.createTicket(f.alice, "under the first contract");
    assertEquals(
        first, ticket.str("contractId"), "the contract that runs today, not the future one");
    assertEquals(
        201,
        f.createContract(f.admin, Fixtures.contractBody(f.initech, "2020-01-01", null, 60, "24x7"))
            .status(),
        "another client is not affected");
  }

  @Test
  void aContractSignedAfterTheClientsLastTicketCoversTheNextOneInTheSameContainer() {
    Backend.Res before = f.createTicket(f.alice, "before the contract");
    assertEquals(201, before.status(), before::describe);
    assertNull(before.str("contractId"));
    // The same container created Globex's last ticket under "no contract"; the next create reads
    // the contracts again.
    String contract = f.contract(f.globex, 600);
    Backend.Res after = f.createTicket(f.alice, "after the contract");
    assertEquals(201, after.status(), after::describe);
    assertEquals(contract, after.str("contractId"));
    assertNotNull(after.json().get("sla").get("reactionDueAt"));
  }

  @Test
  void invalidContractsAreRefusedFieldByField() {
    Backend.Res r =
        f.createContract(
            f.admin,
            "{\"clientId\":\""
                + f.globex
                + "\",\"name\":\"x\",\"startsOn\":\"2026-13-01\","
                + "\"sla\":{\"reactionMinutes\":0,\"calendar\":\"weekdays\"},\"prepaidMinutesPerMonth\":-1,"
                + "\"overageRate\":{\"amountMinor\":1.5,\"currency\":\"XXY\"},\"colour\":\"red\"}");
    assertEquals(400, r.status(), r::describe);
    List<String> fields = new ArrayList<>();
    r.json().get("errors").values().forEach(e -> fields.add(e.get("field").getStringValue()));
    assertEquals(
        List.of(
            "startsOn",
            "sla.reactionMinutes",
            "sla.resolutionMinutes",
            "sla.calendar",
            "prepaidMinutesPerMonth",
            "overageRate.amountMinor",
            "overageRate.currency",
            "colour"),
        fields);
    assertEquals(
        400,
        f.createContract(
                f.admin, Fixtures.contractBody("cli_nosuch", "2026-01-01", null, 60, "24x7"))
            .status());
  }

  @Test
  void ticketsUnderAContractCarryItsIdAndSlaDueTimes() {
    String contract = f.contract(f.globex, 600);
    Instant before = Instant.now();
    Backend.Res created = f.createTicket(f.alice, "SLA please");
    assertEquals(201, created.status(), created::describe);
    assertEquals(contract, created.str("contractId"));
    JsonNode sla = created.json().get("sla");
    Instant reaction = Instant.parse(sla.get("reactionDueAt").getStringValue());
    Instant createdAt = Instant.parse(created.str("createdAt"));
    assertEquals(createdAt.plusSeconds(3600), reaction, "24x7: 60 minutes after creation");
    assertEquals(
        createdAt.plusSeconds(480 * 60),
        Instant.parse(sla.get("resolutionDueAt").getStringValue()));
    assertEquals("on_track", sla.get("state").getStringValue());
    assertFalse(createdAt.isBefore(before.minusSeconds(1)));

    String id = created.str("id");
    f.comment(f.agent, id, "{\"body\":\"on it\"}");
    f.patch(f.agent, id, "{\"status\":\"resolved\"}");
    assertEquals("met", f.get(f.alice, id).json().get("sla").get("state").getStringValue());

    Backend.Res noContract = f.createTicket(f.ivan, "Initech has no contract");
    assertNull(noContract.str("contractId"));
    assertTrue(noContract.json().get("sla").isNull());
  }

  @Test
  void fortyConcurrentEntriesOfFifteenMinutesAddUpToSixHundred() throws Exception {
    String contract = f.contract(f.globex, 500);
    String ticket = f.ticket(f.alice, "a long job");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Backend.Res>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++)
      futures.add(pool.submit(() -> f.logTime(f.agent, ticket, 15, true)));
    for (Future<Backend.Res> future : futures) {
      Backend.Res r = future.get();
      assertEquals(201, r.status(), r::describe);
    }
    pool.shutdown();
    JsonNode balance = f.getContract(f.bob, contract).json().get("balance");
    assertEquals(600, balance.get("usedMinutes").getNumberValue().intValue());
    assertEquals(0, balance.get("remainingMinutes").getNumberValue().intValue());
    assertEquals(100, balance.get("overageMinutes").getNumberValue().intValue());
    // 100 minutes at 90.00 EUR an hour: ceil(100 × 9000 / 60) = 15000.
    assertEquals(
        15000, balance.get("overageAmount").get("amountMinor").getNumberValue().intValue());

    List<String> agentView =
        TicketFlowIT.types(
            Req.from("ticket-status-events.json")
                .as(f.agent)
                .path("/v1/tickets/" + ticket + "/events")
                .query("limit", "100")
                .send(f.api.ticketStatus));
    assertEquals(41, agentView.size(), agentView::toString);
    assertEquals(40, agentView.stream().filter("time_logged"::equals).count());
    assertEquals(
        List.of("created"),
        TicketFlowIT.types(f.events(f.alice, ticket)),
        "time_logged is internal");
  }

  @Test
  void overageIsRoundedUpToTheNextMinorUnitAndNonBillableTimeDoesNotDrawDown() {
    String contract = f.contract(f.globex, 0);
    String ticket = f.ticket(f.alice, "small things");
    assertEquals(201, f.logTime(f.agent, ticket, 1, true).status());
    assertEquals(201, f.logTime(f.agent, ticket, 30, false).status());
    JsonNode balance = f.getContract(f.agent, contract).json().get("balance");
    assertEquals(1, balance.get("usedMinutes").getNumberValue().intValue());
    // 1 minute at 9000 minor units an hour is 150 exactly; rounding shows with an odd rate below.
    assertEquals(150, balance.get("overageAmount").get("amountMinor").getNumberValue().intValue());

    String month =
        f.getContract(f.agent, contract)
            .json()
            .get("balance")
            .get("periodStart")
            .getStringValue()
            .substring(0, 7);
    Backend.Res usage = f.usage(f.agent, f.globex, month);
    assertEquals(200, usage.status(), usage::describe);
    assertEquals(31, usage.json().get("usedMinutes").getNumberValue().intValue());
    assertEquals(1, usage.json().get("billableMinutes").getNumberValue().intValue());
    assertEquals(30, usage.json().get("nonBillableMinutes").getNumberValue().intValue());
    assertEquals(0, usage.json().get("prepaidMinutes").getNumberValue().intValue());
    assertEquals(
        contract,
        usage
            .json()
            .get("contracts")
            .values()
            .iterator()
            .next()
            .get("contractId")
            .getStringValue());
    assertEquals(
        0,
        f.usage(f.agent, f.globex, "2019-01")
            .json()
            .get("usedMinutes")
            .getNumberValue()
            .intValue());
    assertEquals(400, f.usage(f.agent, f.globex, "2026-1").status());

    String uncovered = f.ticket(f.ivan, "no contract");
    assertEquals(201, f.logTime(f.agent, uncovered, 20, true).status());
    Backend.Res initech = f.usage(f.agent, f.initech, month);
    assertEquals(20, initech.json().get("uncontractedBillableMinutes").getNumberValue().intValue());
  }

  @Test
  void aRetriedTimeEntryWithItsIdempotencyKeyCountsOnce() {
    String contract = f.contract(f.globex, 600);
    String ticket = f.ticket(f.alice, "retry");
    for (int i = 0; i < 3; i++) {
      Backend.Res r =
          Req.from("billing-time-entry.json")
              .as(f.agent)
              .header("idempotency-key", "te-1")
              .path("/v1/tickets/" + ticket + "/time-entries")
              .body("{\"minutes\":45,\"billable\":true}")
              .send(f.api.billing);
      assertEquals(201, r.status(), r::describe);
    }
    assertEquals(
        45,
        f.getContract(f.agent, contract)
            .json()
            .get("balance")
            .get("usedMinutes")
            .getNumberValue()
            .intValue());
    assertEquals(404, f.getContract(f.agent, "ct_no#such").status());
  }

  @Test
  void timeEntriesAreValidated() {
    String ticket = f.ticket(f.alice, "x");
    Backend.Res r =
        Req.from("billing-time-entry.json")
            .as(f.agent)
            .header("idempotency-key", null)
            .path("/v1/tickets/" + ticket + "/time-entries")
            .body("{\"minutes\":1441}")
            .send(f.api.billing);
    assertEquals(400, r.status(), r::describe);
    assertEquals(2, r.json().get("errors").size(), r::describe);
    assertNotNull(r.json().get("requestId"));
  }
}
