package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.email.InboundNotification.Verdicts;
import org.junit.jupiter.api.Test;

class SenderAuthenticationTest {
  private static Verdicts v(String spf, String dkim, String dmarc) {
    return new Verdicts("PASS", "PASS", spf, dkim, dmarc, null);
  }

  @Test
  void aDmarcPassVerifiesTheSender() {
    assertTrue(
        SenderAuthentication.check(v("FAIL", "FAIL", "PASS"), "", "alice@globex.example")
            .verified());
  }

  @Test
  void aDmarcFailIsUnverifiedAndMarkedForQuarantineWithThePolicy() {
    var c =
        SenderAuthentication.check(
            new Verdicts("PASS", "PASS", "PASS", "PASS", "FAIL", "REJECT"),
            "bounce@globex.example",
            "alice@globex.example");
    assertFalse(c.verified());
    assertTrue(c.dmarcFailed());
    assertEquals("DMARC failed for globex.example (policy reject)", c.reason());
  }

  @Test
  void withoutADmarcPolicyAnAlignedSpfPassVerifies() {
    assertTrue(
        SenderAuthentication.check(
                v("PASS", "FAIL", "GRAY"), "bounces@mail.globex.example", "alice@globex.example")
            .verified());
  }

  @Test
  void withoutADmarcPolicyAnSpfPassForAnotherDomainDoesNot() {
    var c =
        SenderAuthentication.check(
            v("PASS", "FAIL", "GRAY"), "mallory@evil.example", "alice@globex.example");
    assertFalse(c.verified());
    assertFalse(c.dmarcFailed());
  }

  @Test
  void withoutADmarcPolicyADkimPassAloneVerifiesNothing() {
    // SES does not say which signature passed: a bogus one naming the From domain may sit beside a
    // valid foreign one.
    assertFalse(
        SenderAuthentication.check(
                v("FAIL", "PASS", "GRAY"), "x@evil.example", "alice@globex.example")
            .verified());
  }

  @Test
  void aBareTopLevelDomainNeverAligns() {
    assertFalse(SenderAuthentication.aligned("example", "globex.example"));
  }

  @Test
  void missingVerdictsAreNotAPass() {
    assertFalse(
        SenderAuthentication.check(
                new Verdicts(null, null, null, null, null, null), "", "alice@globex.example")
            .verified());
  }
}
