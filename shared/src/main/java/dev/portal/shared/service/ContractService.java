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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Contracts and their balances. A contract runs from startsOn to endsOn inclusive (endsOn open when
 * absent), and a client has at most one current contract: a new one is accepted only if the
 * client's latest contract ends before the new one starts. An open-ended contract is ended with
 * {@link #end} before its successor can be created.
 */
public final class ContractService {
  private final ContractStore contracts;
  private final DirectoryStore directory;
  private final Clock clock;

  public ContractService(ContractStore contracts, DirectoryStore directory, Clock clock) {
    this.contracts = contracts;
    this.directory = directory;
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
   * with nothing used, in the month the tenant's zone (one read) puts now in.
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
    ZoneId zone = contracts.read(caller.tenantId(), List.of(), null, List.of()).zone();
    YearMonth month = YearMonth.from(contract.createdAt().atZone(zone));
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
   * One BatchGetItem: the contract, the tenant's zone and the aggregates of the months "now" can be
   * in.
   */
  public WithBalance get(Caller caller, String contractId) {
    if (!Ids.isPlausibleId(contractId)) throw notFound();
    Instant now = now();
    List<YearMonth> months = candidateMonths(now);
    ContractStore.Reading r = contracts.read(caller.tenantId(), List.of(contractId), null, months);
    Contract contract = r.contracts().get(contractId);
    if (contract == null) throw notFound();
    requireVisible(caller, contract);
    YearMonth month = YearMonth.from(now.atZone(r.zone()));
    return new WithBalance(contract, Balance.of(contract, month, usage(r, contractId, month)));
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
    Page<Contract> page = contracts.list(caller.tenantId(), clientId, limit, cursor);
    if (page.items().isEmpty()) return new Page<>(List.of(), page.nextCursor());
    Instant now = now();
    ContractStore.Reading r =
        contracts.read(
            caller.tenantId(),
            page.items().stream().map(Contract::id).toList(),
            null,
            candidateMonths(now));
    YearMonth month = YearMonth.from(now.atZone(r.zone()));
    return page.map(c -> new WithBalance(c, Balance.of(c, month, usage(r, c.id(), month))));
  }

  /**
   * A client's month: each contract that ran in it with its usage, and work done outside any
   * contract.
   */
  public record ClientUsage(
      String clientId, YearMonth month, List<WithBalance> contracts, MonthUsage uncontracted) {}

  public ClientUsage clientUsage(Caller caller, String clientId, YearMonth month) {
    if (!Ids.isPlausibleId(clientId) || directory.client(caller.tenantId(), clientId).isEmpty()) {
      throw new PortalException.NotFound("no such client");
    }
    List<Contract> running = new ArrayList<>();
    String cursor = null;
    do {
      Page<Contract> page = contracts.list(caller.tenantId(), clientId, 100, cursor);
      for (Contract c : page.items()) {
        boolean overlaps =
            !c.startsOn().isAfter(month.atEndOfMonth())
                && (c.endsOn() == null || !c.endsOn().isBefore(month.atDay(1)));
        if (overlaps) running.add(c);
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    ContractStore.Reading r =
        contracts.read(
            caller.tenantId(),
            running.stream().map(Contract::id).toList(),
            clientId,
            List.of(month));
    List<WithBalance> out =
        running.stream()
            .map(c -> new WithBalance(c, Balance.of(c, month, usage(r, c.id(), month))))
            .toList();
    return new ClientUsage(clientId, month, out, usage(r, null, month));
  }

  static void requireVisible(Caller caller, Contract contract) {
    if (caller.isStaff()) return;
    if (!contract.clientId().equals(caller.clientId())) throw notFound();
  }

  private static MonthUsage usage(ContractStore.Reading r, String contractId, YearMonth month) {
    MonthUsage u = r.usage().get(ContractStore.usageKey(contractId, month));
    return u == null ? MonthUsage.empty(contractId, month) : u;
  }

  /**
   * The months that {@code now} can fall in, whatever the tenant's zone (offsets run from -12 to
   * +14 hours): one or two, so the balance needs no earlier read of the tenant's zone.
   */
  static List<YearMonth> candidateMonths(Instant now) {
    LinkedHashSet<YearMonth> months = new LinkedHashSet<>();
    months.add(YearMonth.from(now.atOffset(ZoneOffset.ofHours(-12))));
    months.add(YearMonth.from(now.atOffset(ZoneOffset.ofHours(14))));
    return List.copyOf(months);
  }

  static PortalException.NotFound notFound() {
    return new PortalException.NotFound("no such contract");
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
