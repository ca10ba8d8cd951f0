package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Staff, contact deactivation and tenant onboarding through tenant-admin's routes: who may call
 * them (401/403/404 as in AccessIT) and what they write (local invitations: a log line; Cognito's
 * are in the user pool tests).
 */
class MembershipIT {
  private final Fixtures f = new Fixtures();
  private final Fixtures other = new Fixtures();

  /** No caller: the request without a token, as AccessIT sends it. */
  private Req anon(Req req, Who who) {
    return who == null ? req.as(f.alice).anonymous() : req.as(who);
  }

  private Backend.Res post(Who who, String path, String body) {
    return anon(Req.from("tenant-admin-create-contact.json"), who)
        .header("idempotency-key", null)
        .path(path)
        .body(body)
        .send(f.api.tenantAdmin);
  }

  private Backend.Res patch(Who who, String path, String body) {
    return anon(Req.from("ticket-actions-patch.json"), who)
        .path(path)
        .body(body)
        .send(f.api.tenantAdmin);
  }

  private Backend.Res get(Who who, String path) {
    return anon(Req.from("tenant-admin-list-clients.json"), who).path(path).send(f.api.tenantAdmin);
  }

  private String staffBody(String email, String role) {
    return "{\"email\":\"" + email + "\",\"name\":\"Someone\",\"role\":\"" + role + "\"}";
  }

  @Test
  void staffRoutesAnswer401And403And404() {
    String email = "new-agent@" + f.tenant + ".example";
    assertEquals(401, post(null, "/v1/staff", staffBody(email, "agent")).status());
    assertEquals(403, post(f.agent, "/v1/staff", staffBody(email, "agent")).status());
    assertEquals(403, post(f.bob, "/v1/staff", staffBody(email, "agent")).status());
    assertEquals(401, get(null, "/v1/staff").status());
    assertEquals(403, get(f.bob, "/v1/staff").status());
    assertEquals(201, post(f.admin, "/v1/staff", staffBody(email, "agent")).status());
    assertEquals(409, post(f.admin, "/v1/staff", staffBody(email, "admin")).status());
    String path = "/v1/staff/" + email;
    assertEquals(401, patch(null, path, "{\"active\":false}").status());
    assertEquals(403, patch(f.agent, path, "{\"active\":false}").status());
    // Another tenant's admin: no such staff member in their tenant.
    assertEquals(404, patch(other.admin, path, "{\"active\":false}").status());
    assertEquals(400, patch(f.admin, path, "{\"active\":\"no\"}").status());
    Backend.Res off = patch(f.admin, path, "{\"active\":false}");
    assertEquals(200, off.status(), off::describe);
    assertEquals(false, off.json().get("active").getBooleanValue());
    Backend.Res list = get(f.agent, "/v1/staff");
    assertEquals(200, list.status(), list::describe);
    // The fixture's own agent and admin are staff too: the new one is listed beside them, and only
    // in its tenant.
    assertEquals(
        java.util.stream.Stream.of(f.admin.email(), f.agent.email(), email)
            .map(e -> e.toLowerCase(java.util.Locale.ROOT))
            .sorted()
            .toList(),
        emails(list));
    assertFalse(emails(get(other.admin, "/v1/staff")).contains(email));
  }

  @Test
  void contactDeactivationIsTheAdminsOrTheirOwnCompanysClientAdmins() {
    String email = "dora-" + f.tenant + "@globex.example";
    Backend.Res added =
        post(
            f.bob,
            "/v1/clients/" + f.globex + "/contacts",
            "{\"email\":\"" + email + "\",\"name\":\"Dora\",\"role\":\"client\"}");
    assertEquals(201, added.status(), added::describe);
    String path = "/v1/clients/" + f.globex + "/contacts/" + email;
    assertEquals(401, patch(null, path, "{\"active\":false}").status());
    assertEquals(403, patch(f.alice, path, "{\"active\":false}").status());
    assertEquals(403, patch(f.agent, path, "{\"active\":false}").status());
    assertEquals(
        404, patch(f.ivan, path, "{\"active\":false}").status(), "another company's client_admin");
    assertEquals(
        404,
        patch(other.admin, "/v1/clients/" + f.globex + "/contacts/" + email, "{\"active\":false}")
            .status());
    assertEquals(
        404,
        patch(f.admin, "/v1/clients/" + f.initech + "/contacts/" + email, "{\"active\":false}")
            .status());
    assertEquals(
        404,
        post(
                f.ivan,
                "/v1/clients/" + f.globex + "/contacts",
                "{\"email\":\"x-" + email + "\",\"name\":\"X\",\"role\":\"client\"}")
            .status());
    assertEquals(404, get(f.ivan, "/v1/clients/" + f.globex + "/contacts").status());
    assertEquals(200, get(f.bob, "/v1/clients/" + f.globex + "/contacts").status());
    Backend.Res off = patch(f.bob, path, "{\"active\":false}");
    assertEquals(200, off.status(), off::describe);
    assertEquals(false, off.json().get("active").getBooleanValue());
  }

  @Test
  void onlyThePlatformOperatorOnboardsATenantOnce() {
    String id = "t" + Long.toHexString(System.nanoTime());
    String body =
        "{\"id\":\""
            + id
            + "\",\"name\":\"ACME\",\"ticketPrefix\":\"ACME\",\"timeZone\":\"Europe/Berlin\","
            + "\"adminEmail\":\"Admin@"
            + id
            + ".example\"}";
    Who operator =
        new Who("platform", "u-op", "op@platform.example", null, List.of("platform_admin"));
    assertEquals(401, post(null, "/v1/tenants", body).status());
    assertEquals(403, post(f.admin, "/v1/tenants", body).status());
    Backend.Res created = post(operator, "/v1/tenants", body);
    assertEquals(201, created.status(), created::describe);
    assertEquals("admin@" + id + ".example", created.str("adminEmail"));
    assertEquals(409, post(operator, "/v1/tenants", body).status());
    assertEquals(
        400, post(operator, "/v1/tenants", body.replace("Europe/Berlin", "Mars/Base")).status());
    // The ids no tenant may have: the operators' own, and the one SnapStart priming reads as.
    for (String reserved : List.of("platform", "snapstart-priming")) {
      Backend.Res refused =
          post(
              operator,
              "/v1/tenants",
              body.replace("\"id\":\"" + id + "\"", "\"id\":\"" + reserved + "\""));
      assertEquals(400, refused.status(), refused::describe);
    }
    // Its first admin is staff of the new tenant.
    Backend.Res staff = get(Who.admin(id), "/v1/staff");
    assertEquals(1, staff.json().get("items").size(), staff::describe);
    // The operator is no member of any tenant.
    assertEquals(403, get(operator, "/v1/staff").status());
  }

  private static List<String> emails(Backend.Res list) {
    List<String> out = new java.util.ArrayList<>();
    for (var item : list.items().values()) out.add(item.get("email").getStringValue());
    return out;
  }
}
