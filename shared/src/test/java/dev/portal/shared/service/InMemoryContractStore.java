package dev.portal.shared.service;

import dev.portal.shared.domain.ActiveContract;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.store.CompletedIdempotency;
import dev.portal.shared.store.ContractStore;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A test double of {@link ContractStore}: what ticket creation reads, and what the ledger writes.
 */
final class InMemoryContractStore implements ContractStore {
  final Map<String, List<ActiveContract>> active = new HashMap<>();
  final List<TimeEntry> entries = new ArrayList<>();
  final List<TicketEvent> events = new ArrayList<>();

  int reads;

  void schedule(String tenantId, String clientId, ActiveContract contract) {
    active.computeIfAbsent(tenantId + "#" + clientId, k -> new ArrayList<>()).add(contract);
  }

  /** The client's contracts, as the table's active-contract item holds them. */
  ClientContracts active(String tenantId, String clientId) {
    reads++;
    return new ClientContracts(active.getOrDefault(tenantId + "#" + clientId, List.of()));
  }

  ZoneId zone = ZoneId.of("Europe/Moscow");

  /**
   * The clients {@link #clientTerms} finds, by {@code tenant#client}: its own unless {@link
   * #sharingClientsOf} points it at a directory double's.
   */
  Map<String, Client> clients = new HashMap<>();

  /**
   * Reads the clients {@code directory} holds, as the Dynamo contract store reads the client item
   * the directory store writes (one table): a test sets the account manager in one place.
   */
  InMemoryContractStore sharingClientsOf(InMemoryDirectoryStore directory) {
    clients = directory.clients;
    return this;
  }

  /**
   * As the Dynamo store's one read: the client (empty when there is none) and its contracts as
   * {@link #active} answers them, whether or not the client exists. Counted in {@link #reads}, the
   * contracts being read afresh.
   */
  @Override
  public ClientTerms clientTerms(String tenantId, String clientId) {
    reads++;
    return new ClientTerms(
        Optional.ofNullable(clients.get(tenantId + "#" + clientId)),
        new ClientContracts(active.getOrDefault(tenantId + "#" + clientId, List.of())));
  }

  @Override
  public LedgerContext ledgerContext(String tenantId, String clientId) {
    return new LedgerContext(zone, active.getOrDefault(tenantId + "#" + clientId, List.of()));
  }

  @Override
  public void log(
      TimeEntry entry, Ticket ticket, TicketEvent event, Optional<CompletedIdempotency> record) {
    entries.add(entry);
    events.add(event);
  }

  @Override
  public void create(Contract contract, Optional<CompletedIdempotency> record) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void change(Contract contract, LocalDate endsOn, dev.portal.shared.domain.SlaTerms sla) {
    throw new UnsupportedOperationException();
  }

  /** Contracts {@link #find} answers with, by id. */
  final Map<String, Contract> contracts = new HashMap<>();

  int finds;

  @Override
  public Optional<Contract> find(String tenantId, String contractId) {
    finds++;
    return Optional.ofNullable(contracts.get(contractId))
        .filter(c -> c.tenantId().equals(tenantId));
  }

  /** What {@link #held} and {@link #clientMonths} answer with. */
  final Map<String, Held> held = new HashMap<>();

  ClientMonths clientMonths =
      new ClientMonths(List.of(), dev.portal.shared.domain.KeptMonths.NONE, false);

  /** What {@link #monthAggregates} answers with, and what it was asked: contract ids, or "-". */
  MonthAggregates aggregates = new MonthAggregates(false, Map.of());

  final List<List<String>> aggregateReads = new ArrayList<>();

  /** Reads of the client's contracts partition (GSI copies). */
  int partitionReads;

  /** The contract ids of each consistent read of the items themselves. */
  final List<List<String>> itemReads = new ArrayList<>();

  @Override
  public Optional<Held> held(String tenantId, String contractId) {
    return Optional.ofNullable(held.get(contractId));
  }

  @Override
  public Page<Held> list(String tenantId, String clientId, int limit, String cursor) {
    return new Page<>(List.copyOf(held.values()), null);
  }

  @Override
  public ClientMonths clientMonths(String tenantId, String clientId) {
    partitionReads++;
    return clientMonths;
  }

  @Override
  public ClientMonths clientMonths(String tenantId, String clientId, List<String> contractIds) {
    itemReads.add(List.copyOf(contractIds));
    return new ClientMonths(clientMonths.contracts(), clientMonths.uncontracted(), true);
  }

  @Override
  public MonthAggregates monthAggregates(
      String tenantId,
      String clientId,
      boolean checkClient,
      List<String> contractIds,
      boolean uncontracted,
      YearMonth month) {
    List<String> asked = new ArrayList<>(contractIds);
    if (uncontracted) asked.add("-");
    if (checkClient) asked.add("client");
    aggregateReads.add(asked);
    return aggregates;
  }

  /** Every entry of the ticket in one page, as logged (the Dynamo store's order). */
  @Override
  public Page<TimeEntry> ticketEntries(String tenantId, long ticketSeq, int limit, String cursor) {
    return new Page<>(entries.stream().filter(e -> e.ticketSeq() == ticketSeq).toList(), null);
  }

  @Override
  public Reading read(
      String tenantId, List<String> contractIds, String clientId, List<YearMonth> months) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<WorkLogReading> workLog(
      String tenantId, String clientId, java.time.YearMonth month) {
    throw new UnsupportedOperationException("the work log is tested against moto (ReportsIT)");
  }

  @Override
  public Map<Long, TicketOwner> ticketOwners(String tenantId, java.util.Collection<Long> seqs) {
    throw new UnsupportedOperationException("invoices from usage are tested against moto");
  }
}
