package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.error.PortalException;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

  private static Ticket ticket(String tenant, String clientId, String requesterEmail) {
    return Ticket.builder()
        .tenantId(tenant)
        .id("tk-42-abcdefghij")
        .seq(42)
        .number("ACME-42")
        .subject("Printer on fire")
        .description("It smokes")
        .status(TicketStatus.NEW)
        .priority(Priority.NORMAL)
        .channel(Channel.PORTAL)
        .clientId(clientId)
        .requester(new Person(requesterEmail, "Alice"))
        .createdAt(T0)
        .updatedAt(T0)
        .version(1)
        .build();
  }

  private static Caller caller(String tenant, String email, String clientId, Role role) {
    return new Caller(tenant, "sub-" + email, email, email, clientId, EnumSet.of(role));
  }

  private static final Ticket ALICES = ticket("acme", "cli_globex", "alice@globex.example");

  @Test
  void agentSeesTicketsOfTheirTenant() {
    assertTrue(AccessPolicy.canSee(caller("acme", "agent@acme.example", null, Role.AGENT), ALICES));
  }

  @Test
  void adminSeesTicketsOfTheirTenant() {
    assertTrue(AccessPolicy.canSee(caller("acme", "admin@acme.example", null, Role.ADMIN), ALICES));
  }

  @Test
  void agentDoesNotSeeAnotherTenantsTickets() {
    assertFalse(
        AccessPolicy.canSee(caller("initech", "agent@initech.example", null, Role.AGENT), ALICES));
  }

  @Test
  void clientAdminSeesTicketsOfTheirClient() {
    assertTrue(
        AccessPolicy.canSee(
            caller("acme", "bob@globex.example", "cli_globex", Role.CLIENT_ADMIN), ALICES));
  }

  @Test
  void clientAdminDoesNotSeeAnotherClientsTickets() {
    assertFalse(
        AccessPolicy.canSee(
            caller("acme", "bob@hooli.example", "cli_hooli", Role.CLIENT_ADMIN), ALICES));
  }

  @Test
  void clientAdminOfSameClientIdInAnotherTenantSeesNothing() {
    assertFalse(
        AccessPolicy.canSee(
            caller("initech", "bob@globex.example", "cli_globex", Role.CLIENT_ADMIN), ALICES));
  }

  @Test
  void clientSeesTheirOwnTicket() {
    assertTrue(
        AccessPolicy.canSee(
            caller("acme", "alice@globex.example", "cli_globex", Role.CLIENT), ALICES));
  }

  @Test
  void clientDoesNotSeeColleaguesTicket() {
    assertFalse(
        AccessPolicy.canSee(
            caller("acme", "carol@globex.example", "cli_globex", Role.CLIENT), ALICES));
  }

  @Test
  void requesterWhoMovedToAnotherClientDoesNotSeeTheOldTicket() {
    assertFalse(
        AccessPolicy.canSee(
            caller("acme", "alice@globex.example", "cli_hooli", Role.CLIENT), ALICES));
  }

  @Test
  void ticketWithoutClientIsHiddenFromClientRoles() {
    Ticket orphan = ticket("acme", null, "alice@globex.example");
    assertFalse(
        AccessPolicy.canSee(
            caller("acme", "alice@globex.example", "cli_globex", Role.CLIENT), orphan));
    assertFalse(
        AccessPolicy.canSee(
            caller("acme", "bob@globex.example", "cli_globex", Role.CLIENT_ADMIN), orphan));
    assertFalse(
        AccessPolicy.canSee(caller("acme", "alice@globex.example", null, Role.CLIENT), orphan));
  }

  @Test
  void ticketWithoutClientIsVisibleToAgents() {
    Ticket orphan = ticket("acme", null, "alice@globex.example");
    assertTrue(AccessPolicy.canSee(caller("acme", "agent@acme.example", null, Role.AGENT), orphan));
  }

  @Test
  void requireVisibleReportsHiddenTicketAsNotFound() {
    Caller colleague = caller("acme", "carol@globex.example", "cli_globex", Role.CLIENT);
    assertThrows(
        PortalException.NotFound.class, () -> AccessPolicy.requireVisible(colleague, ALICES));
    Caller alice = caller("acme", "alice@globex.example", "cli_globex", Role.CLIENT);
    assertSame(ALICES, AccessPolicy.requireVisible(alice, ALICES));
  }

  @Test
  void onlyAClientRoleOfTheTicketsOwnClientWithAnEmailCouldBeLetInByAWatcherItem() {
    assertTrue(
        AccessPolicy.mayWatch(
            caller("acme", "carol@globex.example", "cli_globex", Role.CLIENT), "cli_globex"));
    assertFalse(
        AccessPolicy.mayWatch(
            caller("acme", "dan@hooli.example", "cli_hooli", Role.CLIENT), "cli_globex"),
        "another client's people are never asked about");
    assertFalse(
        AccessPolicy.mayWatch(caller("acme", null, "cli_globex", Role.CLIENT), "cli_globex"));
    assertFalse(
        AccessPolicy.mayWatch(
            caller("acme", "carol@globex.example", "cli_globex", Role.CLIENT), null),
        "a ticket of no client has no watchers");
    assertFalse(
        AccessPolicy.mayWatch(caller("acme", "agent@acme.example", null, Role.AGENT), "cli_globex"),
        "staff see it anyway");
  }
}
