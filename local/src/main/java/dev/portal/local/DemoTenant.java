package dev.portal.local;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.service.MembershipService;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The demo tenant local mode seeds: a service company, one client company, its contacts and a
 * support contract. Safe to run twice.
 */
public final class DemoTenant {
  public static final String TENANT = "demo";
  public static final String CLIENT_ID = "cli_globex";

  /**
   * The demo tenant's support address: SMTP ingress accepts mail for it, and the notifier sends
   * from it.
   */
  public static final String MAILBOX = "support@demo.example";

  private DemoTenant() {}

  /**
   * The bench's variant: settings written directly (no membership, no invitation), then the same
   * clients and contacts.
   */
  public static void seed(DirectoryStore directory) {
    directory.putTenant(
        new dev.portal.shared.domain.TenantSettings(TENANT, "DEMO", ZoneId.of("Europe/Moscow")));
    seedClients(directory);
  }

  /**
   * Through the same onboarding use case as {@code POST /v1/tenants}: the tenant, its first admin,
   * then its agent.
   */
  public static void seed(DirectoryStore directory, MembershipService membership) {
    try {
      membership.onboardTenant(
          TENANT, "Demo IT Services", "DEMO", ZoneId.of("Europe/Moscow"), "admin@demo.example");
    } catch (PortalException.Conflict exists) {
      // onboarded by an earlier run
    }
    try {
      membership.addStaff(
          new Caller(
              TENANT, "u-admin", "admin@demo.example", "Sam Admin", null, Set.of(Role.ADMIN)),
          "agent@demo.example",
          "Dana Agent",
          Role.AGENT);
    } catch (PortalException.Conflict exists) {
      // seeded by an earlier run
    }
    seedClients(directory);
  }

  private static void seedClients(DirectoryStore directory) {
    if (directory.client(TENANT, CLIENT_ID).isEmpty()) {
      directory.createClient(
          TENANT, new Client(CLIENT_ID, "Globex", List.of("globex.example"), Instant.now()));
    }
    contact(directory, "alice@globex.example", "Alice Client", Role.CLIENT);
    contact(directory, "bob@globex.example", "Bob Client-Admin", Role.CLIENT_ADMIN);
  }

  /**
   * A support contract for Globex from the start of this year (business calendar, 60-minute
   * reaction, 8-hour resolution, 10 prepaid hours a month, 90.00 EUR an hour beyond), so demo
   * tickets carry SLA clocks.
   */
  public static void seedContract(ContractStore contracts) {
    try {
      contracts.create(
          new Contract(
              TENANT,
              "ct_demo_globex",
              CLIENT_ID,
              "Globex support",
              LocalDate.of(LocalDate.now().getYear(), 1, 1),
              null,
              new SlaTerms(60, 480, SlaCalendar.BUSINESS),
              600,
              new Money(9000, "EUR"),
              Instant.now()));
    } catch (PortalException.Conflict exists) {
      // seeded by an earlier run
    }
  }

  private static void contact(DirectoryStore directory, String email, String name, Role role) {
    try {
      directory.createContact(TENANT, new Contact(email, name, CLIENT_ID, role, Instant.now()));
    } catch (PortalException.Conflict exists) {
      // seeded by an earlier run
    }
  }

  /** Tokens for the seeded people, in the order printed. */
  public record Person(
      String label, String sub, String email, String name, String clientId, List<String> roles) {}

  public static final List<Person> PEOPLE =
      List.of(
          new Person(
              "client (alice)",
              "u-alice",
              "alice@globex.example",
              "Alice Client",
              CLIENT_ID,
              List.of("client")),
          new Person(
              "client_admin (bob)",
              "u-bob",
              "bob@globex.example",
              "Bob Client-Admin",
              CLIENT_ID,
              List.of("client_admin")),
          new Person(
              "agent", "u-agent", "agent@demo.example", "Dana Agent", null, List.of("agent")),
          new Person(
              "admin", "u-admin", "admin@demo.example", "Sam Admin", null, List.of("admin")));
}
