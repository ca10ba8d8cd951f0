package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Role;
import dev.portal.shared.http.ApiFunction;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The agent's desk on moto (issue 11, "Owners and queues"): groups, account managers, moving a
 * ticket, and the lists by assignee and by group, each with and without a status, each answering
 * from its own index partition.
 */
class DeskIT {
  private final Fixtures f = new Fixtures();
  private final Who dana = Who.agent(f.tenant, "dana");
  private final Who erin = Who.agent(f.tenant, "erin");

  DeskIT() {
    f.staff(dana, Role.AGENT);
    f.staff(erin, Role.AGENT);
  }

  private Backend.Res createGroup(Who who, String json) {
    return Req.from("tenant-admin-create-group.json")
        .as(who)
        .header("idempotency-key", null)
        .body(json)
        .send(f.api.tenantAdmin);
  }

  private String group(String name, boolean isDefault, Who... members) {
    List<String> emails = Stream.of(members).map(w -> "\"" + w.email() + "\"").toList();
    Backend.Res r =
        createGroup(
            f.admin,
            "{\"name\":\""
                + name
                + "\",\"members\":["
                + String.join(",", emails)
                + "],\"default\":"
                + isDefault
                + "}");
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  private Backend.Res groups(Who who) {
    return Req.from("tenant-admin-list-groups.json").as(who).send(f.api.tenantAdmin);
  }

  private Backend.Res patchClient(Who who, String clientId, String json) {
    return Req.from("tenant-admin-patch-client.json")
        .as(who)
        .path("/v1/clients/" + clientId)
        .body(json)
        .send(f.api.tenantAdmin);
  }

  private static List<String> ids(Backend.Res r) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : r.items().values()) out.add(item.get("id").getStringValue());
    return out;
  }

  private List<String> listed(Who who, String... query) {
    Backend.Res r = f.list(who, query);
    assertEquals(200, r.status(), r::describe);
    return ids(r);
  }

  @Test
  void anAdminCreatesGroupsAgentsListThemByNameAndOneDefaultAtATime() {
    String first = group("Second line", true, dana);
    String second = group("First line", true, erin, dana);
    Backend.Res list = groups(f.agent);
    assertEquals(200, list.status(), list::describe);
    assertEquals(List.of(second, first), ids(list), "by name");
    JsonNode firstLine = list.items().get(0);
    assertTrue(firstLine.get("default").getBooleanValue());
    assertFalse(
        list.items().get(1).get("default").getBooleanValue(),
        "the earlier default is no longer one");
    assertEquals(
        List.of(erin.email(), dana.email()),
        List.of(
            firstLine.get("members").get(0).getStringValue(),
            firstLine.get("members").get(1).getStringValue()));
  }

  @Test
  void aGroupsMembersMustBeActiveStaffOfTheTenant() {
    Fixtures other = new Fixtures();
    Backend.Res r =
        createGroup(
            f.admin,
            "{\"name\":\"Devs\",\"members\":[\""
                + dana.email()
                + "\",\""
                + other.agent.email()
                + "\",\"alice@globex.example\"]}");
    assertEquals(400, r.status(), r::describe);
    assertTrue(
        r.raw().contains("members[1]")
            && r.raw().contains("members[2]")
            && !r.raw().contains("members[0]"),
        r::describe);
    assertEquals(List.of(), ids(groups(f.agent)), "nothing written");
  }

  @Test
  void aClientsNewTicketGoesToItsAccountManagerOtherwiseToTheDefaultGroup() {
    String queue = group("First line", true, dana);
    Backend.Res managed =
        patchClient(
            f.admin, f.globex, "{\"accountManagerId\":\"" + erin.email().toUpperCase() + "\"}");
    assertEquals(200, managed.status(), managed::describe);
    assertEquals(erin.email(), managed.str("accountManagerId"));

    Backend.Res globexTicket = f.createTicket(f.alice, "VPN down");
    assertEquals(erin.email(), globexTicket.str("assigneeId"));
    assertEquals(queue, globexTicket.str("groupId"));
    Who initechUser = Who.client(f.tenant, f.initech, "ian@initech.example");
    Backend.Res initechTicket = f.createTicket(initechUser, "Printer");
    assertNull(initechTicket.str("assigneeId"));
    assertEquals(queue, initechTicket.str("groupId"));

    // The assignment is on the internal timeline only.
    Backend.Res staffView = f.events(f.agent, globexTicket.str("id"));
    assertEquals(
        "assigned", staffView.items().get(1).get("type").getStringValue(), staffView::describe);
    assertEquals(
        erin.email(), staffView.items().get(1).get("data").get("assigneeId").getStringValue());
    Backend.Res aliceView = f.events(f.alice, globexTicket.str("id"));
    assertEquals(1, aliceView.items().size(), aliceView::describe);

    assertEquals(200, patchClient(f.admin, f.globex, "{\"accountManagerId\":null}").status());
    assertNull(f.createTicket(f.alice, "Mail down").str("assigneeId"));
  }

  @Test
  void anAccountManagerMustBeAnActiveStaffMember() {
    assertEquals(
        400,
        patchClient(f.admin, f.globex, "{\"accountManagerId\":\"alice@globex.example\"}").status());
    assertEquals(400, patchClient(f.admin, f.globex, "{}").status());
    Backend.Res created =
        Req.from("tenant-admin-create-client.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body("{\"name\":\"Hooli\",\"accountManagerId\":\"nobody@" + f.tenant + ".example\"}")
            .send(f.api.tenantAdmin);
    assertEquals(400, created.status(), created::describe);
    created =
        Req.from("tenant-admin-create-client.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body("{\"name\":\"Hooli\",\"accountManagerId\":\"" + dana.email() + "\"}")
            .send(f.api.tenantAdmin);
    assertEquals(201, created.status(), created::describe);
    assertEquals(dana.email(), created.str("accountManagerId"));
  }

  @Test
  void movingATicketIsAnInternalAssignedEventAndEscalationCarriesItsNote() {
    String first = group("First line", false, dana);
    String devs = group("Developers", false, erin);
    String ticket = f.ticket(f.alice, "Login loop");
    Backend.Res taken =
        f.patch(
            dana,
            ticket,
            "{\"assigneeId\":\"" + dana.email() + "\",\"groupId\":\"" + first + "\"}");
    assertEquals(200, taken.status(), taken::describe);
    assertEquals(dana.email(), taken.str("assigneeId"));
    Backend.Res escalated =
        f.patch(
            dana,
            ticket,
            "{\"groupId\":\""
                + devs
                + "\",\"assigneeId\":null,"
                + "\"note\":\"needs a code fix\"}");
    assertEquals(200, escalated.status(), escalated::describe);
    assertNull(escalated.str("assigneeId"));
    assertEquals(devs, escalated.str("groupId"));
    JsonNode last = f.events(f.agent, ticket).items().get(2);
    assertEquals("assigned", last.get("type").getStringValue());
    assertFalse(last.get("public").getBooleanValue());
    assertEquals("needs a code fix", last.get("data").get("note").getStringValue());
    assertEquals(first, last.get("data").get("previousGroupId").getStringValue());
    assertEquals(dana.email(), last.get("data").get("previousAssigneeId").getStringValue());

    assertEquals(400, f.patch(dana, ticket, "{\"groupId\":\"grp_nosuchgroup\"}").status());
    assertEquals(400, f.patch(dana, ticket, "{\"assigneeId\":\"alice@globex.example\"}").status());
    assertEquals(400, f.patch(dana, ticket, "{\"note\":\"alone\"}").status());
    assertEquals(3, f.events(f.agent, ticket).items().size(), "the refused moves wrote nothing");
  }

  @Test
  void eachDeskListIsItsOwnPartitionWithAndWithoutStatusNewestFirst() {
    String first = group("First line", true);
    String devs = group("Developers", false);
    String a = f.ticket(f.alice, "A");
    String b = f.ticket(f.alice, "B");
    String c = f.ticket(f.alice, "C");
    assertEquals(200, f.patch(dana, a, "{\"assigneeId\":\"" + dana.email() + "\"}").status());
    assertEquals(
        200,
        f.patch(dana, b, "{\"assigneeId\":\"" + dana.email() + "\",\"status\":\"in_progress\"}")
            .status());
    assertEquals(200, f.patch(dana, c, "{\"groupId\":\"" + devs + "\"}").status());

    // Open work first: a (new) before b (in progress), whichever changed last (the order changed
    // deliberately with the list redesign; it was newest change first).
    assertEquals(List.of(a, b), listed(dana, "assignee", "me"));
    assertEquals(List.of(a, b), listed(f.agent, "assignee", dana.email()));
    assertEquals(List.of(b), listed(dana, "assignee", "me", "status", "in_progress"));
    assertEquals(List.of(a), listed(dana, "assignee", "me", "status", "new"));
    assertEquals(List.of(c), listed(f.agent, "assignee", "none"));
    assertEquals(List.of(c), listed(f.agent, "assignee", "none", "status", "new"));
    assertEquals(List.of(), listed(f.agent, "assignee", "me"), "the agent owns nothing");
    assertEquals(
        List.of(a, b), listed(f.agent, "group", first), "new tickets land in the default group");
    assertEquals(List.of(c), listed(f.agent, "group", devs));
    assertEquals(List.of(), listed(f.agent, "group", devs, "status", "in_progress"));
    assertEquals(List.of(b), listed(f.agent, "group", first, "status", "in_progress"));

    // A list item read from the list index is the ticket as GET shows it, without what a list
    // leaves out (TicketSummary).
    Backend.Res one = f.list(dana, "assignee", "me", "status", "in_progress");
    Backend.Res got = f.get(dana, b);
    JsonNode listedB = one.items().get(0);
    for (String field :
        List.of(
            "id",
            "number",
            "subject",
            "status",
            "priority",
            "channel",
            "clientId",
            "createdAt",
            "firstResponseAt",
            "resolvedAt",
            "assigneeId",
            "groupId")) {
      JsonNode want = got.json().get(field);
      assertEquals(
          want.isNull() ? null : want.getStringValue(),
          listedB.get(field).isNull() ? null : listedB.get(field).getStringValue(),
          field);
    }
    assertEquals(
        got.json().get("requester").get("email").getStringValue(),
        listedB.get("requester").get("email").getStringValue());
    for (String left : List.of("description", "updatedAt", "rating", "contractId"))
      assertNull(listedB.get(left), left + " is not in a list");

    // Paging with the lists' cursors.
    Backend.Res page1 = f.list(dana, "assignee", "me", "limit", "1");
    assertEquals(List.of(a), ids(page1));
    assertNotNull(page1.str("nextCursor"));
    Backend.Res page2 =
        f.list(dana, "assignee", "me", "limit", "1", "cursor", page1.str("nextCursor"));
    assertEquals(200, page2.status(), page2::describe);
    assertEquals(List.of(b), ids(page2));
    Backend.Res mixed =
        f.list(dana, "group", first, "limit", "1", "cursor", page1.str("nextCursor"));
    assertEquals(400, mixed.status(), "a cursor belongs to its list");
  }

  @Test
  void theDeskFiltersRefuseWhatIsNoFilter() {
    String queue = group("First line", false);
    assertEquals(400, f.list(f.agent, "assignee", "me", "group", queue).status());
    assertEquals(400, f.list(f.agent, "assignee", "none", "clientId", f.globex).status());
    assertEquals(400, f.list(f.agent, "assignee", "not an email").status());
    assertEquals(400, f.list(f.agent, "group", "grp#x").status());
    // An empty filter is a client's mistake, not "no filter" (make fuzz found ?group= answered
    // 200).
    for (String name : List.of("group", "assignee", "status")) {
      Backend.Res r = f.list(f.agent, name, "");
      assertEquals(400, r.status(), () -> "?" + name + "= " + r.describe());
      assertEquals(name, r.json().get("errors").get(0).get("field").getStringValue());
    }
  }

  private record Case(
      String name, int expected, Who who, Function<Who, Req> request, ApiFunction fn) {}

  @TestFactory
  Stream<DynamicTest> everyNewRouteAndFilterAnswers401And403And404() {
    Fixtures other = new Fixtures();
    String queue = group("First line", false, dana);
    String ticket = f.ticket(f.alice, "Access");
    Backend api = f.api;
    Who roleless = Who.roleless(f.tenant);
    Function<Who, Req> createGroup =
        w ->
            Req.from("tenant-admin-create-group.json")
                .as(w)
                .header("idempotency-key", null)
                .body("{\"name\":\"X\"}");
    Function<Who, Req> listGroups = w -> Req.from("tenant-admin-list-groups.json").as(w);
    Function<Who, Req> patchClient =
        w ->
            Req.from("tenant-admin-patch-client.json")
                .as(w)
                .path("/v1/clients/" + f.globex)
                .body("{\"accountManagerId\":null}");
    Function<Who, Req> notifications =
        w -> Req.from("tenant-admin-patch-notifications.json").as(w).body("{\"resolved\":false}");
    Function<Who, Req> myNotifications = w -> Req.from("tenant-admin-get-notifications.json").as(w);
    Function<Who, Req> byGroup =
        w -> Req.from("ticket-status-list.json").as(w).path("/v1/tickets").query("group", queue);
    Function<Who, Req> byAssignee =
        w ->
            Req.from("ticket-status-list.json")
                .as(w)
                .path("/v1/tickets")
                .query("assignee", dana.email());
    Function<Who, Req> mine =
        w -> Req.from("ticket-status-list.json").as(w).path("/v1/tickets").query("assignee", "me");
    Function<Who, Req> assign =
        w ->
            Req.from("ticket-actions-patch.json")
                .as(w)
                .path("/v1/tickets/" + ticket)
                .body("{\"assigneeId\":\"" + dana.email() + "\"}");

    List<Case> cases = new ArrayList<>();
    for (var r :
        List.of(
            new Object[] {"POST /v1/groups", createGroup},
            new Object[] {"GET /v1/groups", listGroups},
            new Object[] {"PATCH /v1/clients/{id}", patchClient},
            new Object[] {"PATCH /v1/me/notifications", notifications},
            new Object[] {"GET /v1/me/notifications", myNotifications})) {
      @SuppressWarnings("unchecked")
      Function<Who, Req> req = (Function<Who, Req>) r[1];
      cases.add(new Case(r[0] + " no token", 401, null, req, api.tenantAdmin));
      cases.add(new Case(r[0] + " no known role", 403, roleless, req, api.tenantAdmin));
    }
    cases.add(new Case("POST /v1/groups agent", 403, f.agent, createGroup, api.tenantAdmin));
    cases.add(new Case("POST /v1/groups client_admin", 403, f.bob, createGroup, api.tenantAdmin));
    cases.add(new Case("GET /v1/groups client", 403, f.alice, listGroups, api.tenantAdmin));
    cases.add(new Case("GET /v1/groups client_admin", 403, f.bob, listGroups, api.tenantAdmin));
    cases.add(new Case("PATCH /v1/clients/{id} agent", 403, f.agent, patchClient, api.tenantAdmin));
    cases.add(
        new Case("PATCH /v1/clients/{id} client_admin", 403, f.bob, patchClient, api.tenantAdmin));
    cases.add(
        new Case(
            "PATCH /v1/clients/{id} other tenant's admin",
            404,
            other.admin,
            patchClient,
            api.tenantAdmin));
    cases.add(
        new Case(
            "PATCH /v1/me/notifications client", 200, f.alice, notifications, api.tenantAdmin));
    cases.add(
        new Case("PATCH /v1/me/notifications agent", 400, f.agent, notifications, api.tenantAdmin));
    cases.add(
        new Case(
            "GET /v1/me/notifications client", 200, f.alice, myNotifications, api.tenantAdmin));
    cases.add(
        new Case(
            "GET /v1/me/notifications emailless agent",
            403,
            new Who(f.tenant, "u-agent-no-email", null, null, List.of("agent")),
            myNotifications,
            api.tenantAdmin));
    for (var r :
        List.of(
            new Object[] {"?group", byGroup},
            new Object[] {"?assignee=<id>", byAssignee},
            new Object[] {"?assignee=me", mine})) {
      @SuppressWarnings("unchecked")
      Function<Who, Req> req = (Function<Who, Req>) r[1];
      cases.add(new Case("GET /v1/tickets" + r[0] + " no token", 401, null, req, api.ticketStatus));
      cases.add(
          new Case(
              "GET /v1/tickets" + r[0] + " no known role", 403, roleless, req, api.ticketStatus));
      cases.add(
          new Case("GET /v1/tickets" + r[0] + " client", 403, f.alice, req, api.ticketStatus));
      cases.add(
          new Case("GET /v1/tickets" + r[0] + " client_admin", 403, f.bob, req, api.ticketStatus));
    }
    cases.add(
        new Case(
            "GET /v1/tickets?group other tenant's agent",
            404,
            other.agent,
            byGroup,
            api.ticketStatus));
    cases.add(
        new Case(
            "GET /v1/tickets?assignee=<id> other tenant's agent",
            404,
            other.agent,
            byAssignee,
            api.ticketStatus));
    cases.add(
        new Case("PATCH /v1/tickets/{id} assign client", 403, f.alice, assign, api.ticketActions));
    cases.add(
        new Case(
            "PATCH /v1/tickets/{id} assign client_admin", 403, f.bob, assign, api.ticketActions));
    cases.add(
        new Case(
            "PATCH /v1/tickets/{id} assign other tenant's agent",
            404,
            other.agent,
            assign,
            api.ticketActions));
    cases.add(
        new Case(
            "PATCH /v1/tickets/{id} assign to another tenant's staff",
            400,
            f.agent,
            w ->
                Req.from("ticket-actions-patch.json")
                    .as(w)
                    .path("/v1/tickets/" + ticket)
                    .body("{\"assigneeId\":\"" + other.agent.email() + "\"}"),
            api.ticketActions));
    cases.add(
        new Case(
            "PATCH /v1/tickets/{id} move to another tenant's group",
            400,
            other.agent,
            w ->
                Req.from("ticket-actions-patch.json")
                    .as(w)
                    .path("/v1/tickets/" + other.ticket(other.alice, "Theirs"))
                    .body("{\"groupId\":\"" + queue + "\"}"),
            api.ticketActions));
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      Req req = c.request().apply(c.who() == null ? f.agent : c.who());
                      if (c.who() == null) req.anonymous();
                      Backend.Res r = req.send(c.fn());
                      assertEquals(c.expected(), r.status(), c.name() + ": " + r.describe());
                    }));
  }
}
