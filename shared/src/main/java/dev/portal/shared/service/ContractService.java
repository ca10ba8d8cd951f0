package dev.portal.shared.service;

import dev.portal.shared.domain.Balance;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.MonthUsage;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.IdempotentResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Contracts and their balances. A contract runs from startsOn to endsOn inclusive (endsOn open when
 * absent), and a client has at most one current contract: a new one is accepted only if the
 * client's latest contract ends before the new one starts. An open-ended contract is ended with
 * {@link #end} before its successor can be created.
 */
public final class ContractService {
  private final ContractStore contracts;
  private final DirectoryStore directory;
  private final TenantSettingsCache settings;
  private final Clock clock;

  /**
   * @param settings the tenant's zone (which month "now" is in) from this container's reading, as
   *     for every route that needs settings beside its own work
   */
  public ContractService(
      ContractStore contracts,
      DirectoryStore directory,
      TenantSettingsCache settings,
      Clock clock) {
    this.contracts = contracts;
    this.directory = directory;
    this.settings = settings;
    this.clock = clock;
  }

  /** A contract with its balance for the current month of the tenant's calendar. */
  public record WithBalance(Contract contract, Balance balance) {}

  public WithBalance create(Caller caller, NewContract request) {
    return create(caller, request, IdempotentResponse.none());
  }

  /**
   * As above, writing {@code answer} as the completed idempotency record in the contract's own
   * transaction. The answer is made before the write: a new contract's balance is its first month
   * with nothing used, in the month the tenant's zone puts now in.
   */
  public WithBalance create(
      Caller caller, NewContract request, IdempotentResponse<WithBalance> answer) {
    if (request.endsOn() != null && request.endsOn().isBefore(request.startsOn())) {
      throw new PortalException.Invalid("endsOn", "must not be before startsOn");
    }
    if (directory.client(caller.tenantId(), request.clientId()).isEmpty()) {
      throw new PortalException.Invalid("clientId", "no such client");
    }
    Contract contract =
        new Contract(
            caller.tenantId(),
            Ids.contractId(),
            request.clientId(),
            request.name(),
            request.startsOn(),
            request.endsOn(),
            request.sla(),
            request.prepaidMinutesPerMonth(),
            request.overageRate(),
            now());
    YearMonth month = YearMonth.from(contract.createdAt().atZone(zone(caller)));
    WithBalance created =
        new WithBalance(
            contract, Balance.of(contract, month, MonthUsage.empty(contract.id(), month)));
    contracts.create(contract, answer.completedBy(created));
    return created;
  }

  /**
   * Ends the client's current contract on {@code endsOn} (inclusive), so that a successor may start
   * after it.
   */
  public WithBalance end(Caller caller, String contractId, LocalDate endsOn) {
    return change(caller, contractId, endsOn, null);
  }

  /**
   * Ends the contract ({@code endsOn}, when given) and gives it new SLA terms ({@code sla}, when
   * given) in one write. New terms apply to tickets opened from now on, and to a ticket's due times
   * when its priority changes; due times already given stay.
   */
  public WithBalance change(Caller caller, String contractId, LocalDate endsOn, SlaTerms sla) {
    if (!Ids.isPlausibleId(contractId)) throw notFound();
    Contract contract =
        contracts.find(caller.tenantId(), contractId).orElseThrow(ContractService::notFound);
    if (endsOn != null && endsOn.isBefore(contract.startsOn())) {
      throw new PortalException.Invalid("endsOn", "must not be before startsOn");
    }
    contracts.change(contract, endsOn, sla);
    return get(caller, contractId);
  }

  /**
   * One GetItem: the contract with the months it keeps (the tenant's zone from this container's
   * settings). A contract written before months were kept reads the month's aggregate too.
   */
  public WithBalance get(Caller caller, String contractId) {
    if (!Ids.isPlausibleId(contractId)) throw notFound();
    ContractStore.Held held =
        contracts.held(caller.tenantId(), contractId).orElseThrow(ContractService::notFound);
    requireVisible(caller, held.contract());
    return balances(caller, List.of(held), currentMonth(caller)).getFirst();
  }

  public Page<WithBalance> list(Caller caller, String clientFilter, int limit, String cursor) {
    String clientId = clientFilter;
    if (!caller.isStaff()) {
      clientId = AccessPolicy.requireClientOf(caller);
      if (clientFilter != null && !clientFilter.equals(clientId)) {
        throw new PortalException.Invalid(
            "clientId", "client roles see their own company's contracts only");
      }
    }
    Page<ContractStore.Held> page = contracts.list(caller.tenantId(), clientId, limit, cursor);
    if (page.items().isEmpty()) return new Page<>(List.of(), page.nextCursor());
    return new Page<>(balances(caller, page.items(), currentMonth(caller)), page.nextCursor());
  }

  /**
   * Each contract with its balance of {@code month}, from the months it keeps; those that cannot
   * tell (kept before months were kept, or the month is older than they keep) from one BatchGetItem
   * of their month aggregates.
   */
  private List<WithBalance> balances(
      Caller caller, List<ContractStore.Held> held, YearMonth month) {
    List<String> untold = untold(held, month);
    Map<String, MonthUsage> read =
        untold.isEmpty()
            ? Map.of()
            : contracts
                .monthAggregates(caller.tenantId(), null, false, untold, false, month)
                .usage();
    return withBalances(held, month, read);
  }

  /** The contracts whose kept months cannot tell {@code month}: their aggregates must be read. */
  private static List<String> untold(List<ContractStore.Held> held, YearMonth month) {
    return held.stream()
        .filter(h -> h.months().month(h.contract().id(), month).isEmpty())
        .map(h -> h.contract().id())
        .toList();
  }

  /** Each contract's balance of {@code month}, from its kept months or else from {@code read}. */
  private static List<WithBalance> withBalances(
      List<ContractStore.Held> held, YearMonth month, Map<String, MonthUsage> read) {
    return held.stream()
        .map(
            h -> {
              Contract c = h.contract();
              MonthUsage u =
                  h.months().month(c.id(), month).orElseGet(() -> aggregate(read, c.id(), month));
              return new WithBalance(c, Balance.of(c, month, u));
            })
        .toList();
  }

  /**
   * A client's month: each contract that ran in it with its usage, and work done outside any
   * contract.
   */
  public record ClientUsage(
      String clientId, YearMonth month, List<WithBalance> contracts, MonthUsage uncontracted) {}

  /**
   * One Query of the client's contracts partition, which holds its contracts and the months of its
   * work outside any contract, each with the months it keeps (the current and the 12 before). An
   * older month, or an item written before months were kept, adds one BatchGetItem of the month's
   * aggregates; so does a client whose partition is empty, to tell an unknown client (404).
   */
  public ClientUsage clientUsage(Caller caller, String clientId, YearMonth month) {
    if (!Ids.isPlausibleId(clientId)) throw new PortalException.NotFound("no such client");
    return usage(caller, clientId, month, contracts.clientMonths(caller.tenantId(), clientId));
  }

  /**
   * The client's month as {@link #clientUsage} tells it, for a statement whose work log (a
   * consistent read) has just found the client and the contracts that ran in the month: their items
   * and the client's months outside any contract in one consistent BatchGetItem, so the balances
   * count every entry the work log shows; aggregates as above for what cannot tell the month.
   */
  public ClientUsage statementUsage(
      Caller caller, String clientId, YearMonth month, List<String> contractIds) {
    return usage(
        caller, clientId, month, contracts.clientMonths(caller.tenantId(), clientId, contractIds));
  }

  private ClientUsage usage(
      Caller caller, String clientId, YearMonth month, ContractStore.ClientMonths found) {
    List<ContractStore.Held> running = new ArrayList<>();
    for (ContractStore.Held h : found.contracts()) {
      Contract c = h.contract();
      boolean overlaps =
          !c.startsOn().isAfter(month.atEndOfMonth())
              && (c.endsOn() == null || !c.endsOn().isBefore(month.atDay(1)));
      if (overlaps) running.add(h);
    }
    List<String> untold = untold(running, month);
    boolean uncontractedUntold = found.uncontracted().month(null, month).isEmpty();
    Map<String, MonthUsage> read = Map.of();
    if (!found.found() || !untold.isEmpty() || uncontractedUntold) {
      ContractStore.MonthAggregates a =
          contracts.monthAggregates(
              caller.tenantId(), clientId, !found.found(), untold, uncontractedUntold, month);
      if (!found.found() && !a.clientFound()) {
        throw new PortalException.NotFound("no such client");
      }
      read = a.usage();
    }
    Map<String, MonthUsage> aggregates = read;
    List<WithBalance> out = withBalances(running, month, aggregates);
    MonthUsage uncontracted =
        found.uncontracted().month(null, month).orElseGet(() -> aggregate(aggregates, null, month));
    return new ClientUsage(clientId, month, out, uncontracted);
  }

  static void requireVisible(Caller caller, Contract contract) {
    if (caller.isStaff()) return;
    if (!contract.clientId().equals(caller.clientId())) throw notFound();
  }

  private static MonthUsage aggregate(
      Map<String, MonthUsage> read, String contractId, YearMonth month) {
    MonthUsage u = read.get(ContractStore.usageKey(contractId, month));
    return u == null ? MonthUsage.empty(contractId, month) : u;
  }

  private YearMonth currentMonth(Caller caller) {
    return YearMonth.from(now().atZone(zone(caller)));
  }

  private ZoneId zone(Caller caller) {
    return settings.get(caller.tenantId()).zone();
  }

  static PortalException.NotFound notFound() {
    return new PortalException.NotFound("no such contract");
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
