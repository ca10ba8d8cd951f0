package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Role;
import dev.portal.shared.error.PortalException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimsTest {

  private static Map<String, String> claims(String roles) {
    Map<String, String> c = new HashMap<>();
    c.put("tenant_id", "acme");
    c.put("sub", "user-1");
    c.put("email", "alice@globex.example");
    c.put("client_id", "cli_globex");
    if (roles != null) c.put("roles", roles);
    return c;
  }

  @Test
  void apiGatewayRenderedArrayOfRolesIsRead() {
    assertEquals(EnumSet.of(Role.CLIENT, Role.AGENT), Claims.caller(claims("[client agent]")).roles());
  }

  @Test
  void jsonArrayTextOfRolesIsRead() {
    assertEquals(EnumSet.of(Role.CLIENT, Role.ADMIN), Claims.caller(claims("[\"client\",\"admin\"]")).roles());
    assertEquals(EnumSet.of(Role.CLIENT_ADMIN), Claims.caller(claims("[ \"client_admin\" ]")).roles());
  }

  @Test
  void spaceSeparatedRolesAreRead() {
    assertEquals(EnumSet.of(Role.CLIENT, Role.CLIENT_ADMIN), Claims.caller(claims("client client_admin")).roles());
  }

  @Test
  void commaSeparatedRolesAreRead() {
    assertEquals(EnumSet.of(Role.AGENT, Role.ADMIN), Claims.caller(claims("agent,admin")).roles());
    assertEquals(EnumSet.of(Role.CLIENT, Role.AGENT), Claims.caller(claims("client, agent")).roles());
  }

  @Test
  void unknownRolesAreIgnored() {
    assertEquals(EnumSet.of(Role.CLIENT), Claims.caller(claims("[client superuser Agent root]")).roles());
  }

  @Test
  void missingTenantIsUnauthorized() {
    Map<String, String> c = claims("agent");
    c.remove("tenant_id");
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
    c.put("tenant_id", "  ");
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
  }

  @Test
  void missingSubjectIsUnauthorized() {
    Map<String, String> c = claims("agent");
    c.remove("sub");
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
    c.put("sub", "");
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
  }

  @Test
  void emptyOrAbsentClaimsAreUnauthorized() {
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(Map.of()));
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[client]", "[client_admin]", "[]"})
  void tokenWithoutStaffRoleAndWithoutEmailIsUnauthorized(String roles) {
    Map<String, String> c = claims(roles);
    c.remove("email");
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
    c.put("email", " ");
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
  }

  @Test
  void agentWithoutEmailIsAllowed() {
    Map<String, String> c = claims("[agent]");
    c.remove("email");
    c.remove("client_id");
    Caller caller = Claims.caller(c);
    assertNull(caller.email());
    assertEquals(Set.of(Role.AGENT), caller.roles());
    assertEquals("acme", caller.tenantId());
    assertEquals("user-1", caller.subject());
  }

  @Test
  void emailIsLowerCased() {
    Map<String, String> c = claims("[client]");
    c.put("email", "Alice.Smith@GLOBEX.Example");
    assertEquals("alice.smith@globex.example", Claims.caller(c).email());
  }

  @Test
  void blankClientIdBecomesNull() {
    Map<String, String> c = claims("[client]");
    c.put("client_id", "   ");
    assertNull(Claims.caller(c).clientId());
    c.put("client_id", "");
    assertNull(Claims.caller(c).clientId());
  }

  @Test
  void presentClaimsAreCarriedOver() {
    Map<String, String> c = claims("[client]");
    c.put("name", "Alice Smith");
    Caller caller = Claims.caller(c);
    assertEquals("acme", caller.tenantId());
    assertEquals("user-1", caller.subject());
    assertEquals("alice@globex.example", caller.email());
    assertEquals("Alice Smith", caller.name());
    assertEquals("cli_globex", caller.clientId());
  }
}
