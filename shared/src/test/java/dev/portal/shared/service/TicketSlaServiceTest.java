package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portal.shared.MutableClock;
import dev.portal.shared.domain.ActiveContract;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.error.PortalException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tickets under a contract get its id and SLA clocks at creation, and status changes pause and
 * resume them.
 */
class TicketSlaServiceTest {
  private static final String TENANT = "acme";
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final Caller ALICE =
      new Caller(
          TENANT,
          "sub-alice",
          "alice@globex.example",
          "Alice",
          "cli_globex",
          EnumSet.of(Role.CLIENT));
  private static final Caller AGENT =
      new Caller(TENANT, "sub-agent", "agent@acme.example", "Agent", null, EnumSet.of(Role.AGENT));

  private final MutableClock clock = new MutableClock(at("2026-11-27T17:30"));
  private InMemoryTicketStore store;
  private InMemoryContractStore contracts;
  private InMemoryDirectoryStore directory;
  private TicketService service;

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(MOSCOW).toInstant();
  }

  @BeforeEach
  void setUp() {
    store = new InMemoryTicketStore();
    directory = new InMemoryDirectoryStore();
    contracts = new InMemoryContractStore().sharingClientsOf(directory);
    store.settings.put(TENANT, new TenantSettings(TENANT, "ACME", MOSCOW));
    directory.putTenant(new TenantSettings(TENANT, "ACME", MOSCOW));
    directory.createClient(TENANT, new Client("cli_globex", "Globex", List.of(), Instant.EPOCH));
    contracts.schedule(
        TENANT,
        "cli_globex",
        new ActiveContract(
            "ct_old",
            LocalDate.parse("2025-01-01"),
            LocalDate.parse("2025-12-31"),
            new SlaTerms(5, 5, SlaCalendar.ALWAYS)));
    contracts.schedule(
        TENANT,
        "cli_globex",
        new ActiveContract(
            "ct_now",
            LocalDate.parse("2026-01-01"),
            LocalDate.parse("2026-11-27"),
            new SlaTerms(60, 480, SlaCalendar.BUSINESS)));
    contracts.schedule(
        TENANT,
        "cli_globex",
        new ActiveContract(
            "ct_next",
            LocalDate.parse("2026-11-28"),
            null,
            new SlaTerms(30, 120, SlaCalendar.ALWAYS)));
    store.readingFrom(directory, contracts);
    service = new TicketService(store, directory, clock, contracts);
  }

  private Ticket create() {
    return service.create(
        ALICE, new NewTicket("VPN", "drops", null, null, null), Optional.empty(), t -> null);
  }

  @Test
  void aTicketCreatedFridayEveningIsDueMondayMorning() {
    Ticket t = create();
    assertEquals("ct_now", t.contractId(), "the contract that runs on the tenant's today");
    assertEquals(at("2026-11-30T09:30"), t.sla().reactionDueAt());
    assertEquals(at("2026-11-30T16:30"), t.sla().resolutionDueAt());
  }

  @Test
  void theContractIsChosenByTheTenantsCalendarDay() {
    clock.set(at("2026-11-28T00:30")); // Saturday in Moscow, still Friday in UTC
    Ticket t = create();
    assertEquals("ct_next", t.contractId());
    assertEquals(at("2026-11-28T01:00"), t.sla().reactionDueAt());
  }

  @Test
  void everyTicketReadsItsClientsContractsAfresh() {
    create();
    create();
    create();
    assertEquals(
        3, contracts.reads, "no cached reading: the create transaction no longer vouches for one");
  }

  @Test
  void aContractChangedByAnotherContainerIsSeenByTheNextTicket() {
    assertEquals("ct_now", create().contractId());
    contracts.active.clear(); // every contract ended, as another container recorded
    Ticket t = create();
    assertNull(t.contractId(), "the next ticket read the contracts again");
    assertNull(t.sla());
    assertEquals(2, contracts.reads);
  }

  private Ticket createFromEmail() {
    return service
        .createFromEmail(
            TENANT,
            "cli_globex",
            new dev.portal.shared.domain.Person("carol@globex.example", "Carol"),
            "VPN",
            "drops",
            List.of())
        .ticket();
  }

  @Test
  void aMailsTicketTakesTheRunningContractAndTheAccountManagerFromOneRead() {
    directory.setAccountManager(TENANT, "cli_globex", "manager@acme.example");
    Ticket t = createFromEmail();
    assertEquals("ct_now", t.contractId());
    assertEquals(at("2026-11-30T09:30"), t.sla().reactionDueAt());
    assertEquals("manager@acme.example", t.assigneeId());
    assertEquals(1, contracts.reads);
    assertFalse(
        directory.calls.contains("client:cli_globex"), "the client came with its contracts");
  }

  @Test
  void aMailsTicketWithNoContractRunningHasNoSlaAndStillTheAccountManager() {
    directory.setAccountManager(TENANT, "cli_globex", "manager@acme.example");
    contracts.active.clear();
    Ticket t = createFromEmail();
    assertNull(t.contractId());
    assertNull(t.sla());
    assertEquals("manager@acme.example", t.assigneeId());
  }

  @Test
  void aMailsTicketOfAClientWithoutAnAccountManagerGoesToNobodyUnderTheContract() {
    Ticket t = createFromEmail();
    assertEquals("ct_now", t.contractId());
    assertNull(t.assigneeId());
  }

  @Test
  void noContractRunningMeansNoSla() {
    contracts.active.clear();
    Ticket t = create();
    assertNull(t.contractId());
    assertNull(t.sla());
  }

  @Test
  void waitingForTheClientAndTheClientsAnswerMoveTheResolutionDueTime() {
    Ticket t = create();
    clock.set(at("2026-11-30T10:00"));
    service.change(AGENT, t.id(), new TicketChange(TicketStatus.WAITING_FOR_CLIENT, null));
    assertEquals(at("2026-11-30T10:00"), store.stored(TENANT, t.seq()).sla().pausedSince());
    clock.set(at("2026-12-01T10:00"));
    service.comment(ALICE, t.id(), "here is the log", true); // a client's answer resumes the ticket
    Ticket resumed = store.stored(TENANT, t.seq());
    assertEquals(TicketStatus.IN_PROGRESS, resumed.status());
    assertNull(resumed.sla().pausedSince());
    assertEquals(
        at("2026-12-01T16:30"), resumed.sla().resolutionDueAt(), "540 business minutes later");
  }

  @Test
  void timeIsLoggedInTheTenantsMonthAgainstTheContractOfThatDayAsAnInternalEvent() {
    Ticket t = create();
    clock.set(Instant.parse("2026-11-30T21:30:00Z")); // already 1 December in Moscow
    LedgerService ledger = new LedgerService(service, contracts, clock);
    TimeEntry e = ledger.log(AGENT, t.number(), 15, "remote session", true);
    assertEquals("2026-12", e.month().toString());
    assertEquals(
        "ct_next", e.contractId(), "drawn from the contract that runs on the day of the work");
    assertEquals(t.id(), e.ticketId());
    assertEquals(EventType.TIME_LOGGED, contracts.events.getFirst().type());
    assertFalse(contracts.events.getFirst().isPublic());
    Assertions.assertThrows(
        PortalException.NotFound.class,
        () ->
            ledger.log(
                new Caller("other", "s", "a@b.example", "A", null, EnumSet.of(Role.AGENT)),
                t.id(),
                15,
                null,
                true));
  }
}
