package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * GET and PATCH /v1/tenant: the defaults of a tenant nobody configured, what each role reads and
 * may change, the ticket prefix fixed by the first ticket, and the settings moving SLA due times
 * (business hours, holidays, time zone). Per-priority SLA minutes from the contract at creation and
 * on a priority change.
 */
class TenantSettingsIT {
  private final Fixtures f = new Fixtures();

  private Backend.Res getTenant(Who who) {
    return Req.from("tenant-admin-get-tenant.json").as(who).send(f.api.tenantAdmin);
  }

  private Backend.Res patchTenant(Who who, String body) {
    return Req.from("tenant-admin-patch-tenant.json").as(who).body(body).send(f.api.tenantAdmin);
  }

  private static List<String> fields(Backend.Res r) {
    List<String> out = new ArrayList<>();
    r.json().get("errors").values().forEach(e -> out.add(e.get("field").getStringValue()));
    return out;
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.entries().forEach(e -> out.add(e.getKey()));
    return out;
  }

  @Test
  void aTenantNobodyConfiguredHasTodaysDefaultsAndGetWritesNothing() {
    Backend.Res staff = getTenant(f.admin);
    assertEquals(200, staff.status(), staff::describe);
    String prefix = f.tenant.toUpperCase(Locale.ROOT).substring(0, 12);
    assertEquals(prefix, staff.str("ticketPrefix"));
    assertEquals("Europe/Moscow", staff.str("timeZone"));
    assertEquals("en", staff.str("language"));
    assertEquals(
        List.of("mon", "tue", "wed", "thu", "fri"), names(staff.json().get("businessHours")));
    assertEquals(
        "09:00", staff.json().get("businessHours").get("mon").get("start").getStringValue());
    assertEquals(0, staff.json().get("holidays").size());
    assertTrue(staff.json().get("name").isNull());

    // The defaults were answered, not stored: the first ticket still takes the tenant id as its
    // prefix.
    Backend.Res ticket = f.createTicket(f.alice, "first");
    assertEquals(prefix + "-1", ticket.str("number"));
  }

  @Test
  void clientsReadWhatAPortalNeedsAndStaffReadEverything() {
    assertEquals(
        200,
        patchTenant(
                f.admin,
                "{\"name\":\"Acme IT\",\"currency\":\"usd\",\"language\":\"ru\","
                    + "\"senderName\":\"Acme Support\",\"acknowledgement\":\"Got it: {ticket}\"}")
            .status());
    for (Who client : List.of(f.alice, f.bob)) {
      Backend.Res r = getTenant(client);
      assertEquals(200, r.status(), r::describe);
      assertEquals(List.of("id", "name", "timeZone", "language", "currency"), names(r.json()));
      assertEquals("Acme IT", r.str("name"));
      assertEquals("USD", r.str("currency"));
      assertEquals("ru", r.str("language"));
    }
    Backend.Res agent = getTenant(f.agent);
    assertEquals("Acme Support", agent.str("senderName"));
    assertEquals("Got it: {ticket}", agent.str("acknowledgement"));

    Backend.Res cleared = patchTenant(f.admin, "{\"senderName\":\"\",\"acknowledgement\":\"\"}");
    assertEquals(200, cleared.status(), cleared::describe);
    assertTrue(
        cleared.json().get("senderName").isNull(), "an empty value goes back to the default");
    assertTrue(cleared.json().get("acknowledgement").isNull());
    assertEquals("Acme IT", cleared.str("name"), "what the change leaves out stays");
  }

  @Test
  void onlyAdminsChangeSettingsAndOnlyTheirOwnTenants() {
    String body = "{\"name\":\"Taken over\"}";
    assertEquals(
        401,
        Req.from("tenant-admin-patch-tenant.json")
            .anonymous()
            .body(body)
            .send(f.api.tenantAdmin)
            .status());
    assertEquals(
        401, Req.from("tenant-admin-get-tenant.json").anonymous().send(f.api.tenantAdmin).status());
    assertEquals(403, getTenant(Who.roleless(f.tenant)).status());
    for (Who who : List.of(f.alice, f.bob, f.agent, Who.roleless(f.tenant))) {
      Backend.Res r = patchTenant(who, body);
      assertEquals(403, r.status(), r::describe);
    }
    // Another tenant's admin changes its own tenant: the tenant comes from the token, never from
    // the request.
    Fixtures other = new Fixtures();
    assertEquals(200, patchTenant(other.admin, body).status());
    assertTrue(getTenant(f.admin).json().get("name").isNull());
    assertEquals("Taken over", getTenant(other.alice).str("name"));
  }

  @Test
  void invalidSettingsAreRefusedFieldByField() {
    Backend.Res r =
        patchTenant(
            f.admin,
            "{\"name\":\"a\\u0007b\",\"ticketPrefix\":\"AC-ME\",\"timeZone\":\"+03:00\","
                + "\"businessHours\":{\"mon\":{\"start\":\"18:00\",\"end\":\"09:00\"},\"tue\":{\"start\":\"9:00\",\"end\":\"18:00\"},"
                + "\"funday\":{\"start\":\"09:00\",\"end\":\"10:00\"}},\"holidays\":[\"2026-12-25\",\"2026-12-25\",\"25.12.2026\"],"
                + "\"language\":\"de\",\"currency\":\"EURO\",\"acknowledgement\":\"line\\r\\nBcc: x\","
                + "\"senderName\":\"Acme\\\" <evil@x.example>\",\"colour\":\"red\"}");
    assertEquals(400, r.status(), r::describe);
    assertEquals(
        List.of(
            "name",
            "ticketPrefix",
            "timeZone",
            "businessHours.mon.end",
            "businessHours.tue.start",
            "holidays[1]",
            "holidays[2]",
            "language",
            "currency",
            "acknowledgement",
            "senderName",
            "colour",
            "businessHours.funday"),
        fields(r));

    Backend.Res closedWeek = patchTenant(f.admin, "{\"businessHours\":{\"sat\":null}}");
    assertEquals(List.of("businessHours"), fields(closedWeek));
    StringBuilder many = new StringBuilder("{\"holidays\":[");
    for (int i = 0; i < 101; i++)
      many.append(i == 0 ? "" : ",")
          .append('"')
          .append(LocalDate.of(2030, 1, 1).plusDays(i))
          .append('"');
    assertEquals(List.of("holidays"), fields(patchTenant(f.admin, many.append("]}").toString())));
    assertEquals(400, patchTenant(f.admin, "{}").status(), "a change that names nothing");
    assertTrue(getTenant(f.admin).json().get("name").isNull(), "nothing was written");
  }

  @Test
  void theTicketPrefixChangesUntilTheFirstTicketAndNeverAfter() {
    Backend.Res changed = patchTenant(f.admin, "{\"ticketPrefix\":\"acme\"}");
    assertEquals(200, changed.status(), changed::describe);
    assertEquals("ACME", changed.str("ticketPrefix"));
    assertEquals(
        200, patchTenant(f.admin, "{\"ticketPrefix\":\"HELP\"}").status(), "still no ticket");
    assertEquals("HELP-1", f.createTicket(f.alice, "first").str("number"));

    Backend.Res late = patchTenant(f.admin, "{\"ticketPrefix\":\"ACME\",\"name\":\"Acme\"}");
    assertEquals(409, late.status(), late::describe);
    assertTrue(getTenant(f.admin).json().get("name").isNull(), "the refused change wrote nothing");
    assertEquals(
        200,
        patchTenant(f.admin, "{\"ticketPrefix\":\"help\",\"name\":\"Acme\"}").status(),
        "naming the prefix it has is no change");
    assertEquals("HELP-2", f.createTicket(f.alice, "second").str("number"));
  }

  @Test
  void tenantSettingsMoveSlaDueTimesHolidaysSkippedOnTheTenantsHours() {
    Backend.Res contract =
        f.createContract(
            f.admin, Fixtures.contractBody(f.globex, "2020-01-01", null, 600, "business"));
    assertEquals(201, contract.status(), contract::describe);
    Backend.Res before = f.createTicket(f.alice, "on the standard calendar");

    // Every day 10:00 to 11:00 in Tokyo, and today and the next two days holidays: 60 business
    // minutes end at
    // 11:00 on the third day from now, Tokyo time.
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    LocalDate today = LocalDate.now(tokyo);
    StringBuilder week = new StringBuilder();
    for (String d : List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")) {
      week.append(week.isEmpty() ? "" : ",")
          .append('"')
          .append(d)
          .append("\":{\"start\":\"10:00\",\"end\":\"11:00\"}");
    }
    Backend.Res patched =
        patchTenant(
            f.admin,
            "{\"timeZone\":\"Asia/Tokyo\",\"businessHours\":{"
                + week
                + "},"
                + "\"holidays\":[\""
                + today
                + "\",\""
                + today.plusDays(1)
                + "\",\""
                + today.plusDays(2)
                + "\"]}");
    assertEquals(200, patched.status(), patched::describe);

    Backend.Res after = f.createTicket(f.alice, "on the tenant's calendar");
    assertEquals(201, after.status(), after::describe);
    LocalDate createdOn = Instant.parse(after.str("createdAt")).atZone(tokyo).toLocalDate();
    LocalDate firstWorkday = createdOn.isAfter(today.plusDays(2)) ? createdOn : today.plusDays(3);
    Instant reaction = Instant.parse(after.json().get("sla").get("reactionDueAt").getStringValue());
    ZonedDateTime due = reaction.atZone(tokyo);
    assertEquals(firstWorkday, due.toLocalDate(), "the holidays were skipped");
    assertEquals(
        LocalTime.of(11, 0),
        due.toLocalTime(),
        "one business hour is the whole 10:00-11:00 opening");
    // 480 minutes are eight such days.
    assertEquals(
        ZonedDateTime.of(firstWorkday.plusDays(7), LocalTime.of(11, 0), tokyo).toInstant(),
        Instant.parse(after.json().get("sla").get("resolutionDueAt").getStringValue()));

    Instant beforeDue =
        Instant.parse(before.json().get("sla").get("reactionDueAt").getStringValue());
    assertNotEquals(reaction, beforeDue);
    assertEquals(
        beforeDue,
        Instant.parse(
            f.get(f.alice, before.str("id"))
                .json()
                .get("sla")
                .get("reactionDueAt")
                .getStringValue()),
        "a due time already computed does not move");
  }

  @Test
  void aContractsMinutesPerPriorityApplyAtCreationAndWhenThePriorityChanges() {
    Backend.Res contract =
        f.createContract(
            f.admin,
            "{\"clientId\":\""
                + f.globex
                + "\",\"name\":\"Tiered\","
                + "\"startsOn\":\"2020-01-01\",\"sla\":{\"reactionMinutes\":240,\"resolutionMinutes\":2400,\"calendar\":\"24x7\","
                + "\"priorities\":{\"urgent\":{\"reactionMinutes\":30,\"resolutionMinutes\":240}}},"
                + "\"prepaidMinutesPerMonth\":600,\"overageRate\":{\"amountMinor\":9000,\"currency\":\"EUR\"}}");
    assertEquals(201, contract.status(), contract::describe);
    JsonNode urgentTerms = contract.json().get("sla").get("priorities").get("urgent");
    assertEquals(30, urgentTerms.get("reactionMinutes").getNumberValue().intValue());
    assertEquals(
        240,
        f.getContract(f.alice, contract.str("id"))
            .json()
            .get("sla")
            .get("priorities")
            .get("urgent")
            .get("resolutionMinutes")
            .getNumberValue()
            .intValue(),
        "stored and read back");

    Backend.Res urgent =
        Req.from("create-ticket.json")
            .as(f.alice)
            .header("idempotency-key", null)
            .body(
                "{\"subject\":\"Server down\",\"description\":\"all of it\",\"priority\":\"urgent\"}")
            .send(f.api.createTicket);
    assertEquals(201, urgent.status(), urgent::describe);
    Instant created = Instant.parse(urgent.str("createdAt"));
    assertEquals(created.plusSeconds(30 * 60), dueOf(urgent, "reactionDueAt"));
    assertEquals(created.plusSeconds(240 * 60), dueOf(urgent, "resolutionDueAt"));

    Backend.Res normal = f.patch(f.agent, urgent.str("id"), "{\"priority\":\"normal\"}");
    assertEquals(200, normal.status(), normal::describe);
    assertEquals(
        created.plusSeconds(240 * 60),
        dueOf(normal, "reactionDueAt"),
        "normal is not named: the single pair");
    assertEquals(created.plusSeconds(2400 * 60), dueOf(normal, "resolutionDueAt"));
    assertEquals(
        created.plusSeconds(2400 * 60), dueOf(f.get(f.alice, urgent.str("id")), "resolutionDueAt"));

    Backend.Res back =
        f.patch(f.agent, urgent.str("id"), "{\"priority\":\"urgent\",\"status\":\"in_progress\"}");
    assertEquals(created.plusSeconds(30 * 60), dueOf(back, "reactionDueAt"));
  }

  private static Instant dueOf(Backend.Res ticket, String field) {
    return Instant.parse(ticket.json().get("sla").get(field).getStringValue());
  }

  @Test
  void perPriorityMinutesAreValidatedWithTheContract() {
    Backend.Res r =
        f.createContract(
            f.admin,
            "{\"clientId\":\""
                + f.globex
                + "\",\"name\":\"Tiered\","
                + "\"startsOn\":\"2020-01-01\",\"sla\":{\"reactionMinutes\":240,\"resolutionMinutes\":2400,\"calendar\":\"24x7\","
                + "\"priorities\":{\"urgent\":{\"reactionMinutes\":300,\"resolutionMinutes\":240},\"high\":{\"reactionMinutes\":0},"
                + "\"critical\":{\"reactionMinutes\":1,\"resolutionMinutes\":2}}},"
                + "\"prepaidMinutesPerMonth\":600,\"overageRate\":{\"amountMinor\":9000,\"currency\":\"EUR\"}}");
    assertEquals(400, r.status(), r::describe);
    assertEquals(
        List.of(
            "sla.priorities.high.reactionMinutes",
            "sla.priorities.high.resolutionMinutes",
            "sla.priorities.urgent.reactionMinutes",
            "sla.priorities.critical"),
        fields(r));
    assertFalse(f.contracts(f.admin).json().get("items").size() > 0, "nothing was created");
    assertNull(f.createTicket(f.alice, "no contract").str("contractId"));
  }

  @Test
  void newSlaTermsOnAContractApplyToTheNextTicketAndAreValidatedAsOnCreation() {
    String contract = f.contract(f.globex, 600);
    Backend.Res before = f.createTicket(f.alice, "before the new terms");
    Instant beforeCreated = Instant.parse(before.str("createdAt"));
    assertEquals(beforeCreated.plusSeconds(60 * 60), dueOf(before, "reactionDueAt"));

    Backend.Res invalid =
        Req.from("contracts-end.json")
            .as(f.admin)
            .path("/v1/contracts/" + contract)
            .body(
                "{\"sla\":{\"reactionMinutes\":30,\"calendar\":\"24x7\",\"priorities\":{\"urgent\":{\"reactionMinutes\":9,"
                    + "\"resolutionMinutes\":5}}}}")
            .send(f.api.contracts);
    assertEquals(400, invalid.status(), invalid::describe);
    assertEquals(
        List.of("sla.resolutionMinutes", "sla.priorities.urgent.reactionMinutes"), fields(invalid));

    Backend.Res changed =
        Req.from("contracts-end.json")
            .as(f.admin)
            .path("/v1/contracts/" + contract)
            .body(
                "{\"sla\":{\"reactionMinutes\":120,\"resolutionMinutes\":960,\"calendar\":\"24x7\","
                    + "\"priorities\":{\"urgent\":{\"reactionMinutes\":15,\"resolutionMinutes\":60}}}}")
            .send(f.api.contracts);
    assertEquals(200, changed.status(), changed::describe);
    assertEquals(120, changed.json().get("sla").get("reactionMinutes").getNumberValue().intValue());
    assertTrue(changed.json().get("endsOn").isNull(), "the contract runs on");

    // The same container created the first ticket: the next create reads the new terms.
    Backend.Res after = f.createTicket(f.alice, "under the new terms");
    assertEquals(contract, after.str("contractId"));
    assertEquals(
        Instant.parse(after.str("createdAt")).plusSeconds(120 * 60), dueOf(after, "reactionDueAt"));
    assertEquals(
        beforeCreated.plusSeconds(60 * 60),
        dueOf(f.get(f.alice, before.str("id")), "reactionDueAt"),
        "a due time already given stays");
    Backend.Res urgent = f.patch(f.agent, before.str("id"), "{\"priority\":\"urgent\"}");
    assertEquals(
        beforeCreated.plusSeconds(15 * 60),
        dueOf(urgent, "reactionDueAt"),
        "a priority change uses the new terms");

    assertEquals(
        200, f.endContract(f.admin, contract, "2099-12-31").status(), "ending alone still works");
    assertEquals(
        400,
        Req.from("contracts-end.json")
            .as(f.admin)
            .path("/v1/contracts/" + contract)
            .body("{}")
            .send(f.api.contracts)
            .status());
  }
}
