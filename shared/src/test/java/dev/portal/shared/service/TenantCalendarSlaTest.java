package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.shared.MutableClock;
import dev.portal.shared.domain.ActiveContract;
import dev.portal.shared.domain.BusinessHours;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.Language;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SLA clocks on the tenant's own calendar (opening hours, public holidays) and the contract's
 * minutes per priority, at creation and when a ticket's priority or status changes. 2026-11-27 is a
 * Friday.
 */
class TenantCalendarSlaTest {
  private static final String TENANT = "acme";
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
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

  /** Business hours, 60/480 for all, urgent 30/120, low 240/2400. */
  private static final SlaTerms TERMS =
      new SlaTerms(
          60,
          480,
          SlaCalendar.BUSINESS,
          Map.of(
              Priority.URGENT,
              new SlaTerms.Minutes(30, 120),
              Priority.LOW,
              new SlaTerms.Minutes(240, 2400)));

  private final MutableClock clock = new MutableClock(at("2026-11-27T15:30"));
  private InMemoryTicketStore store;
  private InMemoryContractStore contracts;
  private InMemoryDirectoryStore directory;
  private TicketService service;

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
  }

  /** Monday to Friday 10:00 to 16:00, Monday 2026-11-30 a holiday. */
  private static TenantSettings shortHoursAndAHoliday() {
    Map<DayOfWeek, BusinessHours.Span> days = new java.util.EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d :
        List.of(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY)) {
      days.put(d, new BusinessHours.Span(LocalTime.of(10, 0), LocalTime.of(16, 0)));
    }
    return new TenantSettings(
        TENANT,
        "ACME",
        BERLIN,
        "Acme IT",
        new BusinessHours(days),
        List.of(LocalDate.parse("2026-11-30")),
        Language.EN,
        "EUR",
        null,
        null);
  }

  @BeforeEach
  void setUp() {
    store = new InMemoryTicketStore();
    directory = new InMemoryDirectoryStore();
    contracts = new InMemoryContractStore();
    TenantSettings tenant = shortHoursAndAHoliday();
    store.settings.put(TENANT, tenant);
    directory.putTenant(tenant);
    directory.createClient(TENANT, new Client("cli_globex", "Globex", List.of(), Instant.EPOCH));
    contracts.schedule(
        TENANT,
        "cli_globex",
        new ActiveContract("ct_now", LocalDate.parse("2026-01-01"), null, TERMS));
    contracts.contracts.put(
        "ct_now",
        new Contract(
            TENANT,
            "ct_now",
            "cli_globex",
            "Support",
            LocalDate.parse("2026-01-01"),
            null,
            TERMS,
            600,
            new Money(100, "EUR"),
            Instant.EPOCH));
    store.readingFrom(directory, contracts);
    service =
        new TicketService(
            store,
            directory,
            clock,
            contracts,
            new TenantSettingsCache(directory, ZoneId.of("Europe/Moscow"), clock));
  }

  private Ticket create(Priority priority) {
    return service.create(
        ALICE, new NewTicket("VPN", "drops", priority, null, null), Optional.empty(), t -> null);
  }

  @Test
  void aTicketDueAfterTheWeekendSkipsTheHolidayAndCountsTheTenantsHours() {
    Ticket t = create(Priority.NORMAL);
    // Friday 15:30 to 16:00 is 30 minutes; Monday is a holiday; Tuesday opens at 10:00.
    assertEquals(at("2026-12-01T10:30"), t.sla().reactionDueAt());
    // 480 = 30 on Friday + 360 on Tuesday + 90 on Wednesday.
    assertEquals(at("2026-12-02T11:30"), t.sla().resolutionDueAt());
  }

  @Test
  void theTicketsPriorityChoosesItsMinutesAndAPriorityTheContractLeavesOutGetsTheSinglePair() {
    Ticket urgent = create(Priority.URGENT);
    assertEquals(
        at("2026-11-27T16:00"),
        urgent.sla().reactionDueAt(),
        "30 minutes, due exactly at closing time");
    assertEquals(at("2026-12-01T11:30"), urgent.sla().resolutionDueAt());
    Ticket high = create(Priority.HIGH);
    assertEquals(
        at("2026-12-01T10:30"), high.sla().reactionDueAt(), "high is not named: 60 minutes");
  }

  @Test
  void changingThePriorityCountsBothDueTimesAgainFromCreation() {
    Ticket t = create(Priority.NORMAL);
    clock.set(at("2026-12-01T10:05"));
    service.change(AGENT, t.id(), new TicketChange(null, Priority.URGENT));
    Ticket urgent = store.stored(TENANT, t.seq());
    assertEquals(at("2026-11-27T16:00"), urgent.sla().reactionDueAt());
    assertEquals(at("2026-12-01T11:30"), urgent.sla().resolutionDueAt());
    assertEquals(1, contracts.finds, "the contract is read once, for its per-priority minutes");

    service.change(AGENT, t.id(), new TicketChange(null, Priority.LOW));
    Ticket low = store.stored(TENANT, t.seq());
    // 240 = 30 Friday + 210 Tuesday; 2400 = 30 Friday + 6 whole days of 360 (Tue 1 to Tue 8) + 210
    // on Wednesday 9.
    assertEquals(at("2026-12-01T13:30"), low.sla().reactionDueAt());
    assertEquals(at("2026-12-09T13:30"), low.sla().resolutionDueAt());
  }

  @Test
  void aPauseIsMeasuredInTheTenantsHoursAndKeptWhenThePriorityChanges() {
    Ticket t = create(Priority.NORMAL);
    clock.set(at("2026-12-01T11:00"));
    service.change(AGENT, t.id(), new TicketChange(TicketStatus.WAITING_FOR_CLIENT, null));
    clock.set(at("2026-12-02T11:00")); // paused 5 hours of Tuesday and 1 of Wednesday: 360 business
    // minutes
    service.change(AGENT, t.id(), new TicketChange(TicketStatus.IN_PROGRESS, null));
    Ticket resumed = store.stored(TENANT, t.seq());
    assertEquals(360L * 60_000, resumed.sla().pausedMillis());
    assertEquals(
        at("2026-12-03T11:30"),
        resumed.sla().resolutionDueAt(),
        "a whole business day of 360 minutes later");

    service.change(AGENT, t.id(), new TicketChange(null, Priority.URGENT));
    // 120 + 360 paused = 480 from creation: the same as the normal ticket's unpaused resolution.
    assertEquals(at("2026-12-02T11:30"), store.stored(TENANT, t.seq()).sla().resolutionDueAt());
  }
}
