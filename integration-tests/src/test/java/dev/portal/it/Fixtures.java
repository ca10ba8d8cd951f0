package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    globex = createClient("Globex");
    initech = createClient("Initech");
    alice = Who.client(tenant, globex, "alice@globex.example");
    carol = Who.client(tenant, globex, "carol@globex.example");
    bob = Who.clientAdmin(tenant, globex, "bob@globex.example");
    ivan = Who.clientAdmin(tenant, initech, "ivan@initech.example");
  }

  String createClient(String name) {
    Backend.Res r = Req.from("tenant-admin-create-client.json").as(admin).header("idempotency-key", null)
        .body("{\"name\":\"" + name + "\",\"emailDomains\":[\"" + name.toLowerCase() + "-" + tenant + ".example\"]}")
        .send(api.tenantAdmin);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  Backend.Res createTicket(Who who, String subject) {
    return Req.from("create-ticket.json").as(who).header("idempotency-key", null)
        .body("{\"subject\":\"" + subject + "\",\"description\":\"details of " + subject + "\"}")
        .send(api.createTicket);
  }

  String ticket(Who who, String subject) {
    Backend.Res r = createTicket(who, subject);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  Backend.Res get(Who who, String ref) {
    return Req.from("ticket-status-get.json").as(who).path("/v1/tickets/" + ref).send(api.ticketStatus);
  }

  Backend.Res events(Who who, String ref) {
    return Req.from("ticket-status-events.json").as(who).path("/v1/tickets/" + ref + "/events").send(api.ticketStatus);
  }

  Backend.Res comment(Who who, String id, String json) {
    return Req.from("ticket-actions-comment.json").as(who).header("idempotency-key", null)
        .path("/v1/tickets/" + id + "/comments").body(json).send(api.ticketActions);
  }

  Backend.Res patch(Who who, String id, String json) {
    return Req.from("ticket-actions-patch.json").as(who).path("/v1/tickets/" + id).body(json).send(api.ticketActions);
  }

  Backend.Res rate(Who who, String id, String json) {
    return Req.from("ticket-actions-rating.json").as(who).header("idempotency-key", null)
        .path("/v1/tickets/" + id + "/rating").body(json).send(api.ticketActions);
  }

  Backend.Res list(Who who, String... query) {
    return Req.from("ticket-status-list.json").as(who).path("/v1/tickets").query(query).send(api.ticketStatus);
  }
}
