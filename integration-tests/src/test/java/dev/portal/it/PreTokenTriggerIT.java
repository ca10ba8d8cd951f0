package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.fn.identity.PreTokenFunction;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.identity.TokenClaims;
import dev.portal.shared.service.MembershipService;
import dev.portal.shared.store.MembershipStore;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Cognito's pre-token-generation trigger, called as Lambda calls it (a stream in, a stream out)
 * with the documented V1_0 event ({@code events/identity-pre-token.json}) against the table on
 * moto. moto's Cognito never invokes a trigger (docs/aws-behaviour.md), so this is where the claims
 * are tested.
 */
class PreTokenTriggerIT {
  private final Fixtures f = new Fixtures();
  private final MembershipStore members = f.api.context.getBean(MembershipStore.class);
  private final PreTokenFunction trigger = new PreTokenFunction(new TokenClaims(members));

  private Map<String, Object> claimsFor(String email, String verified, Map<String, String> extra)
      throws Exception {
    String event =
        Files.readString(Req.eventsDir().resolve("identity-pre-token.json"))
            .replace("\"dana@demo.example\"", "\"" + email + "\"")
            .replace("\"email_verified\": \"true\"", "\"email_verified\": " + verified);
    for (var e : extra.entrySet()) {
      event =
          event.replace(
              "\"name\": \"Dana Agent\"",
              "\"name\": \"Dana Agent\", \"" + e.getKey() + "\": \"" + e.getValue() + "\"");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    trigger.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    JsonNode root = f.api.json.parse(out.toByteArray());
    // The event goes back whole, as Cognito requires.
    assertEquals("TokenGeneration_Authentication", root.get("triggerSource").getStringValue());
    assertEquals(email, root.get("request").get("userAttributes").get("email").getStringValue());
    JsonNode add = root.get("response").get("claimsOverrideDetails").get("claimsToAddOrOverride");
    Map<String, Object> claims = new HashMap<>();
    for (var e : add.entries()) claims.put(e.getKey(), e.getValue().getStringValue());
    return claims;
  }

  private String staffEmail(String local) {
    return local + "-" + f.tenant + "@staff.example";
  }

  private void addStaff(String email, Role role) {
    members.createStaff(f.tenant, new Staff(email, "Someone", role, true, Instant.now()));
  }

  @Test
  void aVerifiedStaffMemberGetsTheTenantAndRoleFromTheTable() throws Exception {
    String email = staffEmail("dana");
    addStaff(email, Role.AGENT);
    Map<String, Object> claims = claimsFor(email.toUpperCase(), "\"true\"", Map.of());
    assertEquals(Map.of("tenant_id", f.tenant, "roles", "agent"), claims);
  }

  @Test
  void aVerifiedContactGetsTheirClientToo() throws Exception {
    String email = "zoe-" + f.tenant + "@globex.example";
    var r =
        Req.from("tenant-admin-create-contact.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .path("/v1/clients/" + f.globex + "/contacts")
            .body("{\"email\":\"" + email + "\",\"name\":\"Zoe\",\"role\":\"client_admin\"}")
            .send(f.api.tenantAdmin);
    assertEquals(201, r.status(), r::describe);
    Map<String, Object> claims = claimsFor(email, "\"true\"", Map.of());
    assertEquals(
        Map.of("tenant_id", f.tenant, "roles", "client_admin", "client_id", f.globex), claims);
    // And those claims are a caller the API accepts, as the authorizer would hand them over.
    Caller c =
        dev.portal.shared.http.Claims.caller(
            Map.of(
                "sub",
                "u",
                "email",
                email,
                "token_use",
                "id",
                "tenant_id",
                (String) claims.get("tenant_id"),
                "roles",
                (String) claims.get("roles"),
                "client_id",
                (String) claims.get("client_id")));
    assertEquals(Set.of(Role.CLIENT_ADMIN), c.roles());
  }

  @Test
  void anUnverifiedEmailGetsNoAccessClaims() throws Exception {
    String email = staffEmail("unverified");
    addStaff(email, Role.ADMIN);
    assertTrue(claimsFor(email, "\"false\"", Map.of()).isEmpty());
    assertTrue(
        claimsFor(email, "true", Map.of()).isEmpty(),
        "a JSON boolean is not how Cognito writes it");
    assertTrue(claimsFor(email, "null", Map.of()).isEmpty());
  }

  @Test
  void aDeactivatedMemberGetsNoAccessClaims() throws Exception {
    String email = staffEmail("gone");
    addStaff(email, Role.ADMIN);
    var service = f.api.context.getBean(MembershipService.class);
    service.updateStaff(
        new Caller(
            f.tenant,
            "u-admin",
            "admin@" + f.tenant + ".example",
            "Admin",
            null,
            Set.of(Role.ADMIN)),
        email,
        false,
        null,
        null);
    assertTrue(claimsFor(email, "\"true\"", Map.of()).isEmpty());
    service.updateStaff(
        new Caller(
            f.tenant,
            "u-admin",
            "admin@" + f.tenant + ".example",
            "Admin",
            null,
            Set.of(Role.ADMIN)),
        email,
        true,
        null,
        null);
    assertEquals(
        Map.of("tenant_id", f.tenant, "roles", "admin"), claimsFor(email, "\"true\"", Map.of()));
  }

  @Test
  void aForgedCustomAttributeGrantsNothing() throws Exception {
    // Never a member: custom attributes naming a tenant and a role change nothing.
    String stranger = staffEmail("mallory");
    Map<String, String> forged =
        Map.of("custom:tenant_id", f.tenant, "custom:roles", "admin", "tenant_id", f.tenant);
    assertTrue(claimsFor(stranger, "\"true\"", forged).isEmpty());
    // A member: the claims are the membership's, not the attribute's.
    String agent = staffEmail("eve");
    addStaff(agent, Role.AGENT);
    assertEquals(
        Map.of("tenant_id", f.tenant, "roles", "agent"),
        claimsFor(agent, "\"true\"", Map.of("custom:roles", "admin", "custom:tenant_id", "other")));
  }
}
