package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.shared.http.ApiFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Route by route: no token is a 401, a role the route does not allow is a 403, and another
 * tenant's, another client's or (for {@code client}) another requester's resource is a 404, exactly
 * as if it did not exist.
 */
class AccessIT {
  private final Fixtures f = new Fixtures();
  private final Fixtures other = new Fixtures();
  private final String ticket = f.ticket(f.alice, "Alice's ticket");
  private final String contract = f.contract(f.globex, 600);
  private final String invoice = f.invoice(f.globex, "2026-01-01", "2026-01-31");
  private final String upload = startedUpload();

  /** Alice's upload on her ticket, started and never confirmed (the route's 404s come first). */
  private String startedUpload() {
    Backend.Res r =
        Req.from("ticket-actions-upload.json")
            .as(f.alice)
            .path("/v1/tickets/" + ticket + "/attachments")
            .send(f.api.ticketActions);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  private record Case(
      String name, int expected, Who who, Function<Who, Req> request, ApiFunction fn) {}

  @TestFactory
  Stream<DynamicTest> everyRouteAnswers401And403And404AsTheContractSays() {
    Backend api = f.api;
    List<Case> cases = new ArrayList<>();
    Function<Who, Req> create =
        w -> Req.from("create-ticket.json").as(w).header("idempotency-key", null);
    Function<Who, Req> list =
        w -> Req.from("ticket-status-list.json").as(w).path("/v1/tickets").query();
    Function<Who, Req> get =
        w -> Req.from("ticket-status-get.json").as(w).path("/v1/tickets/" + ticket);
    Function<Who, Req> events =
        w -> Req.from("ticket-status-events.json").as(w).path("/v1/tickets/" + ticket + "/events");
    Function<Who, Req> comment =
        w ->
            Req.from("ticket-actions-comment.json")
                .as(w)
                .header("idempotency-key", null)
                .path("/v1/tickets/" + ticket + "/comments");
    Function<Who, Req> patch =
        w -> Req.from("ticket-actions-patch.json").as(w).path("/v1/tickets/" + ticket);
    Function<Who, Req> rating =
        w ->
            Req.from("ticket-actions-rating.json")
                .as(w)
                .header("idempotency-key", null)
                .path("/v1/tickets/" + ticket + "/rating");
    Function<Who, Req> createClient =
        w ->
            Req.from("tenant-admin-create-client.json")
                .as(w)
                .header("idempotency-key", null)
                .body("{\"name\":\"Umbrella\"}");
    Function<Who, Req> clients = w -> Req.from("tenant-admin-list-clients.json").as(w);
    Function<Who, Req> client =
        w -> Req.from("tenant-admin-list-clients.json").as(w).path("/v1/clients/" + f.globex);
    Function<Who, Req> addContact =
        w ->
            Req.from("tenant-admin-create-contact.json")
                .as(w)
                .header("idempotency-key", null)
                .path("/v1/clients/" + f.globex + "/contacts");
    Function<Who, Req> contacts =
        w ->
            Req.from("tenant-admin-list-clients.json")
                .as(w)
                .path("/v1/clients/" + f.globex + "/contacts");

    Function<Who, Req> startUpload =
        w ->
            Req.from("ticket-actions-upload.json")
                .as(w)
                .path("/v1/tickets/" + ticket + "/attachments");
    Function<Who, Req> completeUpload =
        w ->
            Req.from("ticket-actions-upload.json")
                .as(w)
                .path("/v1/tickets/" + ticket + "/attachments/" + upload + "/complete")
                .body(null);

    Who roleless = Who.roleless(f.tenant);
    Who otherAgent = other.agent;
    Who otherAdmin = other.admin;
    Who initechAdmin = f.ivan;
    Who carol = f.carol; // same client as Alice, not the requester

    // POST /v1/tickets
    cases.add(new Case("POST /v1/tickets no token", 401, null, create, api.createTicket));
    cases.add(new Case("POST /v1/tickets no known role", 403, roleless, create, api.createTicket));
    // GET /v1/tickets
    cases.add(new Case("GET /v1/tickets no token", 401, null, list, api.ticketStatus));
    cases.add(new Case("GET /v1/tickets no known role", 403, roleless, list, api.ticketStatus));
    // GET /v1/tickets/{id}, /events, comments, rating: same visibility rules
    for (var route :
        List.of(
            new Object[] {"GET /v1/tickets/{id}", get, api.ticketStatus},
            new Object[] {"GET /v1/tickets/{id}/events", events, api.ticketStatus},
            new Object[] {"POST /v1/tickets/{id}/comments", comment, api.ticketActions},
            new Object[] {"POST /v1/tickets/{id}/attachments", startUpload, api.ticketActions},
            new Object[] {
              "POST /v1/tickets/{id}/attachments/{attachmentId}/complete",
              completeUpload,
              api.ticketActions
            })) {
      String name = (String) route[0];
      @SuppressWarnings("unchecked")
      Function<Who, Req> r = (Function<Who, Req>) route[1];
      ApiFunction fn = (ApiFunction) route[2];
      cases.add(new Case(name + " no token", 401, null, r, fn));
      cases.add(new Case(name + " no known role", 403, roleless, r, fn));
      cases.add(new Case(name + " other tenant's agent", 404, otherAgent, r, fn));
      cases.add(new Case(name + " other client's client_admin", 404, initechAdmin, r, fn));
      cases.add(new Case(name + " same client, other requester", 404, carol, r, fn));
    }
    // PATCH /v1/tickets/{id}
    cases.add(new Case("PATCH /v1/tickets/{id} no token", 401, null, patch, api.ticketActions));
    cases.add(new Case("PATCH /v1/tickets/{id} client", 403, f.alice, patch, api.ticketActions));
    cases.add(
        new Case("PATCH /v1/tickets/{id} client_admin", 403, f.bob, patch, api.ticketActions));
    cases.add(
        new Case(
            "PATCH /v1/tickets/{id} other tenant's agent",
            404,
            otherAgent,
            patch,
            api.ticketActions));
    // POST /v1/tickets/{id}/rating
    cases.add(new Case("POST rating no token", 401, null, rating, api.ticketActions));
    cases.add(new Case("POST rating agent", 403, f.agent, rating, api.ticketActions));
    cases.add(
        new Case(
            "POST rating other client's client_admin",
            404,
            initechAdmin,
            rating,
            api.ticketActions));
    cases.add(
        new Case(
            "POST rating same client, other requester", 404, carol, rating, api.ticketActions));
    cases.add(
        new Case(
            "POST rating other tenant's client",
            404,
            Who.client(other.tenant, f.globex, "alice@globex.example"),
            rating,
            api.ticketActions));
    // Clients and contacts
    cases.add(new Case("POST /v1/clients no token", 401, null, createClient, api.tenantAdmin));
    cases.add(new Case("POST /v1/clients agent", 403, f.agent, createClient, api.tenantAdmin));
    cases.add(new Case("GET /v1/clients no token", 401, null, clients, api.tenantAdmin));
    cases.add(new Case("GET /v1/clients client_admin", 403, f.bob, clients, api.tenantAdmin));
    cases.add(new Case("GET /v1/clients/{id} no token", 401, null, client, api.tenantAdmin));
    cases.add(new Case("GET /v1/clients/{id} client", 403, f.alice, client, api.tenantAdmin));
    cases.add(
        new Case(
            "GET /v1/clients/{id} other tenant's agent", 404, otherAgent, client, api.tenantAdmin));
    cases.add(
        new Case(
            "POST /v1/clients/{id}/contacts no token", 401, null, addContact, api.tenantAdmin));
    cases.add(
        new Case(
            "POST /v1/clients/{id}/contacts agent", 403, f.agent, addContact, api.tenantAdmin));
    cases.add(
        new Case(
            "POST /v1/clients/{id}/contacts other tenant's admin",
            404,
            otherAdmin,
            addContact,
            api.tenantAdmin));
    cases.add(
        new Case("GET /v1/clients/{id}/contacts no token", 401, null, contacts, api.tenantAdmin));
    cases.add(
        new Case("GET /v1/clients/{id}/contacts client", 403, f.alice, contacts, api.tenantAdmin));
    cases.add(
        new Case(
            "GET /v1/clients/{id}/contacts other company's client_admin",
            404,
            initechAdmin,
            contacts,
            api.tenantAdmin));
    cases.add(
        new Case(
            "GET /v1/clients/{id}/contacts other tenant's agent",
            404,
            otherAgent,
            contacts,
            api.tenantAdmin));
    // Email channel
    Function<Who, Req> createMailbox =
        w ->
            Req.from("tenant-admin-create-mailbox.json")
                .as(w)
                .header("idempotency-key", null)
                .body("{\"address\":\"access@" + f.tenant + ".example\"}");
    Function<Who, Req> mailboxes =
        w -> Req.from("tenant-admin-list-clients.json").as(w).path("/v1/mailboxes");
    Function<Who, Req> mailLog = w -> Req.from("ticket-status-inbound-mail.json").as(w);
    Function<Who, Req> attachment =
        w ->
            Req.from("ticket-status-get.json")
                .as(w)
                .path("/v1/tickets/" + ticket + "/attachments/att-1-000000000000");
    cases.add(new Case("POST /v1/mailboxes no token", 401, null, createMailbox, api.tenantAdmin));
    cases.add(new Case("POST /v1/mailboxes agent", 403, f.agent, createMailbox, api.tenantAdmin));
    cases.add(
        new Case("POST /v1/mailboxes client_admin", 403, f.bob, createMailbox, api.tenantAdmin));
    cases.add(new Case("GET /v1/mailboxes no token", 401, null, mailboxes, api.tenantAdmin));
    cases.add(new Case("GET /v1/mailboxes client_admin", 403, f.bob, mailboxes, api.tenantAdmin));
    cases.add(new Case("GET /v1/inbound-mail no token", 401, null, mailLog, api.ticketStatus));
    cases.add(new Case("GET /v1/inbound-mail client_admin", 403, f.bob, mailLog, api.ticketStatus));
    cases.add(new Case("GET /v1/inbound-mail client", 403, f.alice, mailLog, api.ticketStatus));
    // GET /v1/reports/support: staff and a client's administrators; another tenant's figures are
    // never reachable
    // (the tenant comes from the token; ReportsIT shows another tenant's agent reads zeros).
    Function<Who, Req> report =
        w ->
            Req.from("ticket-status-list.json")
                .as(w)
                .path("/v1/reports/support")
                .query("from", "2026-01", "to", "2026-02");
    cases.add(new Case("GET /v1/reports/support no token", 401, null, report, api.ticketStatus));
    cases.add(
        new Case("GET /v1/reports/support no known role", 403, roleless, report, api.ticketStatus));
    cases.add(new Case("GET /v1/reports/support client", 403, f.alice, report, api.ticketStatus));
    cases.add(new Case("GET attachment no token", 401, null, attachment, api.ticketStatus));
    cases.add(
        new Case(
            "GET attachment other tenant's agent", 404, otherAgent, attachment, api.ticketStatus));
    cases.add(
        new Case(
            "GET attachment same client, other requester",
            404,
            carol,
            attachment,
            api.ticketStatus));
    cases.add(
        new Case("GET attachment no such attachment", 404, f.alice, attachment, api.ticketStatus));
    cases.add(
        new Case(
            "GET attachment an unconfirmed upload",
            404,
            f.alice,
            w ->
                Req.from("ticket-status-get.json")
                    .as(w)
                    .path("/v1/tickets/" + ticket + "/attachments/" + upload),
            api.ticketStatus));

    // Contracts
    Function<Who, Req> createContract =
        w ->
            Req.from("contracts-create.json")
                .as(w)
                .header("idempotency-key", null)
                .body(Fixtures.contractBody(f.initech, "2020-01-01", null, 60, "24x7"));
    Function<Who, Req> contracts = w -> Req.from("contracts-list.json").as(w);
    Function<Who, Req> getContract =
        w -> Req.from("contracts-get.json").as(w).path("/v1/contracts/" + contract);
    Function<Who, Req> endContract =
        w -> Req.from("contracts-end.json").as(w).path("/v1/contracts/" + contract);
    Function<Who, Req> usage =
        w ->
            Req.from("contracts-client-usage.json")
                .as(w)
                .path("/v1/clients/" + f.globex + "/usage");
    Function<Who, Req> logTime =
        w ->
            Req.from("billing-time-entry.json")
                .as(w)
                .header("idempotency-key", null)
                .path("/v1/tickets/" + ticket + "/time-entries");
    Who initechClient = Who.client(f.tenant, f.initech, "ines@initech.example");
    cases.add(new Case("POST /v1/contracts no token", 401, null, createContract, api.contracts));
    cases.add(new Case("POST /v1/contracts agent", 403, f.agent, createContract, api.contracts));
    cases.add(
        new Case("POST /v1/contracts client_admin", 403, f.bob, createContract, api.contracts));
    cases.add(
        new Case(
            "POST /v1/contracts other tenant's admin, our client: no such client",
            400,
            otherAdmin,
            createContract,
            api.contracts));
    cases.add(new Case("GET /v1/contracts no token", 401, null, contracts, api.contracts));
    cases.add(new Case("GET /v1/contracts no known role", 403, roleless, contracts, api.contracts));
    cases.add(new Case("GET /v1/contracts/{id} no token", 401, null, getContract, api.contracts));
    cases.add(
        new Case(
            "GET /v1/contracts/{id} no known role", 403, roleless, getContract, api.contracts));
    cases.add(
        new Case(
            "GET /v1/contracts/{id} other tenant's agent",
            404,
            otherAgent,
            getContract,
            api.contracts));
    cases.add(
        new Case(
            "GET /v1/contracts/{id} other client's client_admin",
            404,
            initechAdmin,
            getContract,
            api.contracts));
    cases.add(
        new Case(
            "GET /v1/contracts/{id} other client's client",
            404,
            initechClient,
            getContract,
            api.contracts));
    cases.add(
        new Case(
            "GET /v1/contracts/{id} other tenant's client of a same-named client",
            404,
            Who.client(other.tenant, f.globex, "alice@globex.example"),
            getContract,
            api.contracts));
    cases.add(new Case("PATCH /v1/contracts/{id} no token", 401, null, endContract, api.contracts));
    cases.add(new Case("PATCH /v1/contracts/{id} agent", 403, f.agent, endContract, api.contracts));
    cases.add(
        new Case("PATCH /v1/contracts/{id} client_admin", 403, f.bob, endContract, api.contracts));
    cases.add(
        new Case(
            "PATCH /v1/contracts/{id} other tenant's admin",
            404,
            otherAdmin,
            endContract,
            api.contracts));
    cases.add(new Case("GET /v1/clients/{id}/usage no token", 401, null, usage, api.contracts));
    cases.add(new Case("GET /v1/clients/{id}/usage client", 403, f.alice, usage, api.contracts));
    cases.add(
        new Case("GET /v1/clients/{id}/usage client_admin", 403, f.bob, usage, api.contracts));
    cases.add(
        new Case(
            "GET /v1/clients/{id}/usage other tenant's agent",
            404,
            otherAgent,
            usage,
            api.contracts));
    // Time entries
    cases.add(new Case("POST time-entries no token", 401, null, logTime, api.billing));
    cases.add(new Case("POST time-entries client", 403, f.alice, logTime, api.billing));
    cases.add(new Case("POST time-entries client_admin", 403, f.bob, logTime, api.billing));
    cases.add(
        new Case("POST time-entries other tenant's agent", 404, otherAgent, logTime, api.billing));
    // Invoices
    Function<Who, Req> createInvoice =
        w ->
            Req.from("billing-create-invoice.json")
                .as(w)
                .header("idempotency-key", null)
                .body(Fixtures.invoiceBody(f.globex, null, "2026-01-01", "2026-01-31"));
    Function<Who, Req> invoices = w -> Req.from("invoices-list.json").as(w).query();
    Function<Who, Req> getInvoice =
        w -> Req.from("invoices-get.json").as(w).path("/v1/invoices/" + invoice);
    Function<Who, Req> patchInvoice =
        w ->
            Req.from("billing-patch-invoice.json")
                .as(w)
                .path("/v1/invoices/" + invoice)
                .body("{\"status\":\"void\"}");
    Function<Who, Req> putPdf =
        w ->
            Req.from("billing-put-invoice-pdf.json").as(w).path("/v1/invoices/" + invoice + "/pdf");
    cases.add(new Case("POST /v1/invoices no token", 401, null, createInvoice, api.billing));
    cases.add(new Case("POST /v1/invoices client", 403, f.alice, createInvoice, api.billing));
    cases.add(new Case("POST /v1/invoices client_admin", 403, f.bob, createInvoice, api.billing));
    cases.add(
        new Case(
            "POST /v1/invoices other tenant's agent, our client: no such client",
            400,
            otherAgent,
            createInvoice,
            api.billing));
    cases.add(new Case("GET /v1/invoices no token", 401, null, invoices, api.invoices));
    cases.add(new Case("GET /v1/invoices client", 403, f.alice, invoices, api.invoices));
    cases.add(new Case("GET /v1/invoices no known role", 403, roleless, invoices, api.invoices));
    cases.add(new Case("GET /v1/invoices/{id} no token", 401, null, getInvoice, api.invoices));
    cases.add(
        new Case(
            "GET /v1/invoices/{id} client of the same company",
            403,
            f.alice,
            getInvoice,
            api.invoices));
    cases.add(
        new Case(
            "GET /v1/invoices/{id} other tenant's agent",
            404,
            otherAgent,
            getInvoice,
            api.invoices));
    cases.add(
        new Case(
            "GET /v1/invoices/{id} other client's client_admin",
            404,
            initechAdmin,
            getInvoice,
            api.invoices));
    cases.add(
        new Case(
            "GET /v1/invoices/{id} other tenant's client_admin",
            404,
            Who.clientAdmin(other.tenant, f.globex, "bob@globex.example"),
            getInvoice,
            api.invoices));
    cases.add(new Case("PATCH /v1/invoices/{id} no token", 401, null, patchInvoice, api.billing));
    cases.add(
        new Case("PATCH /v1/invoices/{id} client_admin", 403, f.bob, patchInvoice, api.billing));
    cases.add(
        new Case(
            "PATCH /v1/invoices/{id} other tenant's agent",
            404,
            otherAgent,
            patchInvoice,
            api.billing));
    cases.add(new Case("PUT /v1/invoices/{id}/pdf no token", 401, null, putPdf, api.billing));
    cases.add(new Case("PUT /v1/invoices/{id}/pdf client_admin", 403, f.bob, putPdf, api.billing));
    cases.add(
        new Case(
            "PUT /v1/invoices/{id}/pdf other tenant's agent",
            404,
            otherAgent,
            putPdf,
            api.billing));

    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name() + " -> " + c.expected(),
                    () -> {
                      Req req =
                          c.who() == null
                              ? c.request().apply(f.alice).anonymous()
                              : c.request().apply(c.who());
                      Backend.Res res = req.send(c.fn());
                      assertEquals(c.expected(), res.status(), res::describe);
                      assertEquals("application/problem+json", res.headers().get("content-type"));
                    }));
  }

  @TestFactory
  Stream<DynamicTest> listsNeverShowAnotherScopesTickets() {
    String carolsTicket = f.ticket(f.carol, "Carol's ticket");
    String ivansTicket = f.ticket(f.ivan, "Ivan's ticket");
    other.ticket(other.alice, "other tenant");
    return Stream.of(
        DynamicTest.dynamicTest(
            "client sees only their own",
            () -> assertEquals(List.of(ticket), ids(f.list(f.alice)))),
        DynamicTest.dynamicTest(
            "client_admin sees the company's",
            () -> assertEquals(List.of(carolsTicket, ticket), ids(f.list(f.bob)))),
        DynamicTest.dynamicTest(
            "agent sees the tenant's",
            () -> assertEquals(List.of(ivansTicket, carolsTicket, ticket), ids(f.list(f.agent)))),
        DynamicTest.dynamicTest(
            "agent filters by client",
            () -> assertEquals(List.of(ivansTicket), ids(f.list(f.agent, "clientId", f.initech)))),
        DynamicTest.dynamicTest(
            "client may not filter by another client",
            () -> assertEquals(400, f.list(f.alice, "clientId", f.initech).status())),
        DynamicTest.dynamicTest(
            "another tenant's agent sees none of them",
            () -> assertEquals(1, other.list(other.agent).items().size())));
  }

  @TestFactory
  Stream<DynamicTest> listsNeverShowAnotherScopesContractsOrInvoices() {
    String otherContract = other.contract(other.globex, 60);
    String otherInvoice = other.invoice(other.globex, "2026-01-01", "2026-01-31");
    return Stream.of(
        DynamicTest.dynamicTest(
            "client sees the company's contract",
            () -> assertEquals(List.of(contract), ids(f.contracts(f.alice)))),
        DynamicTest.dynamicTest(
            "another client's admin sees no contract",
            () -> assertEquals(List.of(), ids(f.contracts(f.ivan)))),
        DynamicTest.dynamicTest(
            "another tenant's agent sees only its own contract",
            () -> assertEquals(List.of(otherContract), ids(other.contracts(other.agent)))),
        DynamicTest.dynamicTest(
            "client_admin sees the company's invoice",
            () -> assertEquals(List.of(invoice), ids(f.invoices(f.bob)))),
        DynamicTest.dynamicTest(
            "another client's admin sees no invoice",
            () -> assertEquals(List.of(), ids(f.invoices(f.ivan)))),
        DynamicTest.dynamicTest(
            "another tenant's agent sees only its own invoice",
            () -> assertEquals(List.of(otherInvoice), ids(other.invoices(other.agent)))),
        DynamicTest.dynamicTest(
            "client_admin may not list another client's invoices",
            () -> assertEquals(400, f.invoices(f.bob, "clientId", f.initech).status())),
        DynamicTest.dynamicTest(
            "client may not list another client's contracts",
            () -> assertEquals(400, f.contracts(f.alice, "clientId", f.initech).status())));
  }

  static List<String> ids(Backend.Res res) {
    assertEquals(200, res.status(), res::describe);
    List<String> out = new ArrayList<>();
    res.items().values().forEach(n -> out.add(n.get("id").getStringValue()));
    return out;
  }
}
