package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.KeptMonths;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.MonthUsage;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.ContractStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which reads a balance takes: the months kept on the items, the aggregates only when they cannot
 * tell.
 */
class ContractServiceTest {
  private static final String TENANT = "acme";
  private static final String CLIENT = "cli_globex0001";
  private static final YearMonth MARCH = YearMonth.parse("2026-03");
  // 30 November 22:00 UTC is already 1 December in Moscow, the tenant's (default) zone.
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T22:00:00Z"), ZoneOffset.UTC);
  private static final Caller AGENT =
      new Caller(TENANT, "sub-a", "agent@acme.example", "A", null, EnumSet.of(Role.AGENT));

  private final InMemoryContractStore store = new InMemoryContractStore();
  private final InMemoryDirectoryStore directory = new InMemoryDirectoryStore();
  private final ContractService service =
      new ContractService(
          store,
          directory,
          new TenantSettingsCache(directory, ZoneId.of("Europe/Moscow"), CLOCK),
          CLOCK);

  private static Contract contract(String id) {
    return new Contract(
        TENANT,
        id,
        CLIENT,
        "Support",
        LocalDate.parse("2020-01-01"),
        null,
        new SlaTerms(60, 480, SlaCalendar.ALWAYS),
        60,
        new Money(9000, "EUR"),
        Instant.parse("2020-01-01T00:00:00Z"));
  }

  private static KeptMonths keeping(MonthUsage... months) {
    Map<Integer, MonthUsage> slots = new java.util.HashMap<>();
    for (MonthUsage u : months) slots.put(KeptMonths.slot(u.month()), u);
    return new KeptMonths(YearMonth.of(1, 1), slots);
  }

  @Test
  void theBalanceIsTheKeptMonthThatTheTenantsZonePutsNowIn() {
    YearMonth december = YearMonth.parse("2026-12");
    store.held.put(
        "ct_1",
        new ContractStore.Held(
            contract("ct_1"),
            keeping(
                new MonthUsage("ct_1", YearMonth.parse("2026-11"), 50, 0, 1),
                new MonthUsage("ct_1", december, 70, 0, 2))));
    ContractService.WithBalance got = service.get(AGENT, "ct_1");
    assertEquals(december.atDay(1), got.balance().periodStart());
    assertEquals(70, got.balance().usedMinutes());
    assertEquals(10, got.balance().overageMinutes());
    assertEquals(List.of(), store.aggregateReads, "told by the contract: no other read");
  }

  @Test
  void aContractWrittenBeforeMonthsWereKeptReadsTheMonthsAggregate() {
    store.held.put("ct_1", new ContractStore.Held(contract("ct_1"), KeptMonths.NONE));
    YearMonth december = YearMonth.parse("2026-12");
    store.aggregates =
        new ContractStore.MonthAggregates(
            false,
            Map.of(
                ContractStore.usageKey("ct_1", december),
                new MonthUsage("ct_1", december, 25, 5, 3)));
    assertEquals(25, service.get(AGENT, "ct_1").balance().usedMinutes());
    assertEquals(List.of(List.of("ct_1")), store.aggregateReads);
  }

  @Test
  void aKeptMonthOfTheUsageReportIsOneRead() {
    store.clientMonths =
        new ContractStore.ClientMonths(
            List.of(
                new ContractStore.Held(
                    contract("ct_1"), keeping(new MonthUsage("ct_1", MARCH, 30, 10, 2)))),
            keeping(new MonthUsage(null, MARCH, 20, 0, 1)),
            true);
    ContractService.ClientUsage u = service.clientUsage(AGENT, CLIENT, MARCH);
    assertEquals(30, u.contracts().getFirst().balance().usedMinutes());
    assertEquals(10, u.contracts().getFirst().balance().nonBillableMinutes());
    assertEquals(20, u.uncontracted().billableMinutes());
    assertEquals(List.of(), store.aggregateReads);
  }

  @Test
  void aMonthNoLongerKeptIsReadFromItsAggregatesOnlyForWhatCannotTell() {
    // The contract's slot of March 2026 holds April 2027; the work outside contracts kept none.
    store.clientMonths =
        new ContractStore.ClientMonths(
            List.of(
                new ContractStore.Held(
                    contract("ct_1"),
                    keeping(new MonthUsage("ct_1", MARCH.plusMonths(13), 5, 0, 1)))),
            keeping(),
            true);
    store.aggregates =
        new ContractStore.MonthAggregates(
            false,
            Map.of(ContractStore.usageKey("ct_1", MARCH), new MonthUsage("ct_1", MARCH, 37, 0, 2)));
    ContractService.ClientUsage u = service.clientUsage(AGENT, CLIENT, MARCH);
    assertEquals(37, u.contracts().getFirst().balance().usedMinutes());
    assertEquals(0, u.uncontracted().billableMinutes());
    assertEquals(List.of(List.of("ct_1")), store.aggregateReads, "not the work outside");
  }

  @Test
  void aStatementReadsTheItemsTheWorkLogNamedConsistentlyNotTheGsiCopies() {
    store.clientMonths =
        new ContractStore.ClientMonths(
            List.of(
                new ContractStore.Held(
                    contract("ct_1"), keeping(new MonthUsage("ct_1", MARCH, 30, 10, 2)))),
            keeping(new MonthUsage(null, MARCH, 20, 0, 1)),
            false);
    ContractService.ClientUsage u = service.statementUsage(AGENT, CLIENT, MARCH, List.of("ct_1"));
    assertEquals(30, u.contracts().getFirst().balance().usedMinutes());
    assertEquals(20, u.uncontracted().billableMinutes());
    assertEquals(List.of(List.of("ct_1")), store.itemReads);
    assertEquals(0, store.partitionReads, "no GSI copy");
    assertEquals(List.of(), store.aggregateReads, "the work log has found the client already");
  }

  @Test
  void anEmptyPartitionAsksForTheClientAndAnUnknownOneIsNotFound() {
    assertThrows(PortalException.NotFound.class, () -> service.clientUsage(AGENT, CLIENT, MARCH));
    assertEquals(List.of(List.of("-", "client")), store.aggregateReads);
    store.aggregates = new ContractStore.MonthAggregates(true, Map.of());
    assertEquals(0, service.clientUsage(AGENT, CLIENT, MARCH).uncontracted().billableMinutes());
  }
}
