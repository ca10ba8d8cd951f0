package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.error.PortalException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailDomainsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  /** The in-memory double of our own store: first claim wins, as the conditional put does. */
  private final InMemoryMailStore registry = new InMemoryMailStore();

  private final Map<String, List<String>> published = new HashMap<>();
  private final MailDomains dns =
      new MailDomains(
          "mail.portal.example",
          MailDomains.Proof.DNS,
          name -> published.getOrDefault(name, List.of()),
          "a-deployment-secret-of-32-characters!",
          registry);

  @Test
  void aTenantsPlatformSubdomainIsItsOwnWithoutProof() {
    assertDoesNotThrow(() -> dns.requireOwned("acme", "acme.mail.portal.example", NOW));
    assertEquals(Optional.of("acme"), registry.domainOwner("acme.mail.portal.example"));
  }

  @Test
  void aTenantIdThatDiffersOnlyInCaseNeverTakesAnotherTenantsPlatformSubdomain() {
    // Tenant ids are case-sensitive (ACME and acme are two tenants); domain names are not. Only an
    // id that is already
    // a lower-case DNS label has a platform subdomain, so "ACME" can neither take nor block acme's.
    assertThrows(
        PortalException.Conflict.class,
        () -> dns.requireOwned("ACME", "acme.mail.portal.example", NOW));
    assertEquals(Optional.empty(), registry.domainOwner("acme.mail.portal.example"));
    assertDoesNotThrow(() -> dns.requireOwned("acme", "acme.mail.portal.example", NOW));
    assertThrows(
        PortalException.Conflict.class,
        () -> dns.requireOwned("a_b", "a_b.mail.portal.example", NOW));
  }

  @Test
  void anotherTenantsPlatformSubdomainAndThePlatformDomainAreRefused() {
    assertThrows(
        PortalException.Conflict.class,
        () -> dns.requireOwned("acme", "demo.mail.portal.example", NOW));
    assertThrows(
        PortalException.Conflict.class, () -> dns.requireOwned("acme", "mail.portal.example", NOW));
  }

  @Test
  void aCustomerDomainNeedsTheTenantsTxtRecord() {
    PortalException.Invalid unproven =
        assertThrows(
            PortalException.Invalid.class, () -> dns.requireOwned("acme", "acme.example", NOW));
    MailDomains.Challenge c = dns.challenge("acme", "ACME.example.");
    assertEquals("_portal-mail.acme.example", c.recordName());
    assertTrue(
        unproven.getMessage().contains(c.recordValue()) || unproven.toString().contains("address"));
    published.put(c.recordName(), List.of("v=spf1 -all", c.recordValue()));
    assertDoesNotThrow(() -> dns.requireOwned("acme", "acme.example", NOW));
    assertEquals(Optional.of("acme"), registry.domainOwner("acme.example"));
  }

  @Test
  void anotherTenantsRecordProvesNothingForThisTenant() {
    published.put(
        "_portal-mail.demo.example", List.of(dns.challenge("demo", "demo.example").recordValue()));
    assertThrows(
        PortalException.Invalid.class, () -> dns.requireOwned("acme", "demo.example", NOW));
    assertNotEquals(
        dns.challenge("demo", "demo.example").recordValue(),
        dns.challenge("acme", "demo.example").recordValue());
  }

  @Test
  void aDomainAnotherTenantOwnsIsAConflictWhateverIsPublished() {
    registry.domains.put("demo.example", "demo");
    published.put(
        "_portal-mail.demo.example", List.of(dns.challenge("acme", "demo.example").recordValue()));
    assertThrows(
        PortalException.Conflict.class, () -> dns.requireOwned("acme", "demo.example", NOW));
  }

  @Test
  void firstComeGivesAnUnclaimedDomainToTheFirstTenantOnly() {
    MailDomains local =
        new MailDomains(
            null, MailDomains.Proof.FIRST_COME, name -> List.of(), "s".repeat(32), registry);
    assertDoesNotThrow(() -> local.requireOwned("demo", "demo.example", NOW));
    assertDoesNotThrow(() -> local.requireOwned("demo", "demo.example", NOW));
    assertThrows(
        PortalException.Conflict.class, () -> local.requireOwned("acme", "demo.example", NOW));
  }
}
