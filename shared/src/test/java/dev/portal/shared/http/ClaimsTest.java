package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Role;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.service.Ids;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
    assertEquals(
        EnumSet.of(Role.CLIENT, Role.AGENT), Claims.caller(claims("[client agent]")).roles());
  }

  @Test
  void jsonArrayTextOfRolesIsRead() {
    assertEquals(
        EnumSet.of(Role.CLIENT, Role.ADMIN),
        Claims.caller(claims("[\"client\",\"admin\"]")).roles());
    assertEquals(
        EnumSet.of(Role.CLIENT_ADMIN), Claims.caller(claims("[ \"client_admin\" ]")).roles());
  }

  @Test
  void spaceSeparatedRolesAreRead() {
    assertEquals(
        EnumSet.of(Role.CLIENT, Role.CLIENT_ADMIN),
        Claims.caller(claims("client client_admin")).roles());
  }

  @Test
  void commaSeparatedRolesAreRead() {
    assertEquals(EnumSet.of(Role.AGENT, Role.ADMIN), Claims.caller(claims("agent,admin")).roles());
    assertEquals(
        EnumSet.of(Role.CLIENT, Role.AGENT), Claims.caller(claims("client, agent")).roles());
  }

  @Test
  void unknownRolesAreIgnored() {
    assertEquals(
        EnumSet.of(Role.CLIENT), Claims.caller(claims("[client superuser Agent root]")).roles());
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

  // --- tenant_id and client_id go into '#'-joined table keys: only ids we could have issued pass
  // ----------------

  /** Ids the code, the tests, events/ and local mode use: they must keep working. */
  @ParameterizedTest
  @ValueSource(strings = {"demo", "acme", "globex", "t5d90a26426fd", "cli_globex", "A1_b-2", "x"})
  void idsOfTheShapeWeIssueAreAccepted(String id) {
    Map<String, String> c = claims("[client]");
    c.put("tenant_id", id);
    c.put("client_id", id);
    Caller caller = Claims.caller(c);
    assertEquals(id, caller.tenantId());
    assertEquals(id, caller.clientId());
  }

  @Test
  void idsOfSixtyFourCharactersAreAccepted() {
    Map<String, String> c = claims("[client]");
    c.put("tenant_id", "t".repeat(64));
    c.put("client_id", "c".repeat(64));
    assertEquals("t".repeat(64), Claims.caller(c).tenantId());
    assertEquals("c".repeat(64), Claims.caller(c).clientId());
  }

  @RepeatedTest(20)
  void generatedClientIdsAreAccepted() {
    Map<String, String> c = claims("[client]");
    String id = Ids.clientId();
    c.put("client_id", id);
    assertEquals(id, Claims.caller(c).clientId());
  }

  static Stream<String> idsNoIssuerOfOursWrites() {
    return Stream.of(
        "acme#CLIENT#cli_globex",
        "#",
        "acme#",
        "TENANT#acme", // key separators: could address another key
        " acme",
        "acme ",
        "ac me",
        "acme\t",
        "acme\n",
        "acme\r", // white space, inside or around
        "acme\u0000",
        "acme\u001f",
        "acme\u007f",
        "acme\u0085",
        "acme\u2028", // control and line separators
        "-acme",
        "_acme", // must start with a letter or digit
        "a".repeat(65), // longer than 64
        "acm\u00e9",
        "\u0430cme",
        "acme\uD83D\uDE00", // non-ASCII, a Cyrillic look-alike, an emoji
        "acme.example",
        "acme/../globex",
        "acme%23x",
        "acme:x",
        "[acme]",
        "\"acme\"");
  }

  @ParameterizedTest
  @MethodSource("idsNoIssuerOfOursWrites")
  void tenantIdNotOfOurIdGrammarIsUnauthorized(String tenant) {
    Map<String, String> c = claims("[agent]");
    c.put("tenant_id", tenant);
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
  }

  @ParameterizedTest
  @MethodSource("idsNoIssuerOfOursWrites")
  void clientIdNotOfOurIdGrammarIsUnauthorized(String clientId) {
    Map<String, String> c = claims("[client]");
    c.put("client_id", clientId);
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
  }

  @Test
  void theProblemDetailDoesNotEchoTheRejectedClaim() {
    Map<String, String> c = claims("[client]");
    c.put("tenant_id", "acme#CLIENT#evil");
    PortalException.Unauthorized e =
        assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
    assertEquals(-1, e.getMessage().indexOf("evil"), e.getMessage());
  }

  /**
   * Cognito's access token carries the app client's id as client_id and none of our claims: only ID
   * tokens count.
   */
  @ParameterizedTest
  @ValueSource(strings = {"access", "refresh", "", "ID"})
  void tokensOtherThanIdTokensAreRefused(String tokenUse) {
    Map<String, String> c = claims("client");
    c.put("token_use", tokenUse);
    assertThrows(PortalException.Unauthorized.class, () -> Claims.caller(c));
  }

  @Test
  void anIdTokenAndALocalTokenWithoutTokenUseAreBothAccepted() {
    Map<String, String> id = claims("client");
    id.put("token_use", "id");
    assertEquals("cli_globex", Claims.caller(id).clientId());
    assertEquals("cli_globex", Claims.caller(claims("client")).clientId());
  }

  @Test
  void platformAdminIsARoleOfItsOwnAndNoRoleOfATenant() {
    Caller c = Claims.caller(claims("platform_admin"));
    assertEquals(Set.of(Role.PLATFORM_ADMIN), c.roles());
    assertEquals(false, c.isStaff());
    assertEquals(false, c.hasAny(Route.EVERYONE));
  }

  /** The one-pass word scan reads roles exactly as the replace-trim-split it replaced did. */
  @Test
  void rolesReadAsTheRegexSplitReadThem() {
    java.util.Random random = new java.util.Random(14);
    String[] parts = {
      "client",
      "client_admin",
      "agent",
      "admin",
      "platform_admin",
      "[",
      "]",
      "\"",
      ",",
      " ",
      "\t",
      "\n",
      "\u000B",
      "\f",
      "\r",
      "\u0001",
      "\u001F",
      "\u00A0",
      "Agent",
      "x"
    };
    for (int i = 0; i < 20_000; i++) {
      StringBuilder raw = new StringBuilder();
      for (int k = random.nextInt(8); k > 0; k--) raw.append(parts[random.nextInt(parts.length)]);
      String text = raw.toString();
      Set<Role> expected = EnumSet.noneOf(Role.class);
      String cleaned =
          text.replace("[", " ").replace("]", " ").replace("\"", " ").replace(",", " ");
      for (String word : cleaned.trim().split("\\s+")) Role.fromWire(word).ifPresent(expected::add);
      assertEquals(expected, Claims.roles(text), () -> text.chars().boxed().toList().toString());
    }
  }

  /** The hand check of an id agrees with the shape's regex. */
  @Test
  void idsAreCheckedAsTheirRegexSays() {
    java.util.regex.Pattern shape =
        java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    java.util.Random random = new java.util.Random(14);
    String alphabet = "aZ09_-#. \u00e9\u0000/";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(4) == 0 ? 60 + random.nextInt(8) : random.nextInt(6);
      for (int k = 0; k < length; k++) {
        id.append(
            random.nextInt(3) == 0
                ? alphabet.charAt(random.nextInt(alphabet.length()))
                : (char) ('a' + random.nextInt(26)));
      }
      String s = id.toString();
      assertEquals(shape.matcher(s).matches(), Claims.isId(s), s);
    }
    assertEquals(false, Claims.isId(null));
  }
}
