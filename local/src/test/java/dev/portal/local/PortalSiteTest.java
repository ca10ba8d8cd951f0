package dev.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What PortalSite tells the browser: the CSP and config.json's strings, without a server. */
class PortalSiteTest {

  @Test
  void theCompanySignInsIssuerOriginJoinsConnectSrcAndNothingElseOfItsUrl() {
    String csp =
        PortalSite.contentSecurityPolicy(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:4566",
            new PortalSite.Oidc("http://127.0.0.1:9000/realms/acme", "portal"));
    assertTrue(
        csp.contains(
            "connect-src 'self' http://127.0.0.1:8080 http://127.0.0.1:4566"
                + " http://127.0.0.1:9000;"),
        csp);
    assertTrue(csp.contains("script-src 'self';") && !csp.contains("unsafe-inline"), csp);
  }

  @Test
  void withoutAnIssuerConnectSrcIsTheApiAndStorageOnly() {
    String csp = PortalSite.contentSecurityPolicy("http://127.0.0.1:8080", null, null);
    assertTrue(csp.contains("connect-src 'self' http://127.0.0.1:8080;"), csp);
  }

  @Test
  void anIssuerThatIsNoHttpUrlOrAnEmptyClientIdIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new PortalSite.Oidc("javascript:alert(1)", "p"));
    assertThrows(IllegalArgumentException.class, () -> new PortalSite.Oidc("ftp://x/", "p"));
    assertThrows(
        IllegalArgumentException.class, () -> new PortalSite.Oidc("https://idp.example", " "));
  }

  @Test
  void configStringsAreQuotedSoNoValueEndsTheStringOrTheScriptContext() {
    assertEquals("\"a\\\"b\\\\c\"", PortalSite.jsonString("a\"b\\c"));
    assertEquals("\"\\u003c/x\\u003e\\u0026\\u000a\"", PortalSite.jsonString("</x>&\n"));
  }
}
