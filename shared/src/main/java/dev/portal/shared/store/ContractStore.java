package dev.portal.shared.store;

import dev.portal.shared.domain.ActiveContract;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.KeptMonths;
import dev.portal.shared.domain.MonthUsage;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TimeEntry;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Contracts, the per-client active-contract pointer, and the prepaid-hours ledger in the single
 * table.
 */
public interface ContractStore {

  /**
   * Writes the contract and adds it to the client's active-contract item, in one transaction. The
   * item's update is conditional: no item yet, or the client's latest contract ends before this one
   * starts.
   *
   * @throws dev.portal.shared.error.PortalException.Conflict when the client's current contract has
   *     not ended by then
   */
  default void create(Contract contract) {
    create(contract, Optional.empty());
  }

  /**
   * As above, with the request's completed idempotency record in the same transaction. @throws
   * IdempotencyCollision
   */
  void create(Contract contract, Optional<CompletedIdempotency> record);

  /**
   * Sets the end date of the client's latest contract (contract and pointer in one transaction).
   *
   * @throws dev.portal.shared.error.PortalException.Conflict when the contract is not the client's
   *     latest one
   */
  default void end(Contract contract, LocalDate endsOn) {
    change(contract, endsOn, null);
  }

  /**
   * Sets the end date (when {@code endsOn} is given) and replaces the SLA terms (when {@code sla}
   * is given) of the contract and of its summary on the client's pointer, in one transaction: the
   * next ticket created reads the new terms. Tickets opened before keep the due times they were
   * given. A transaction cancelled for a conflict (a time entry updating the contract's kept months
   * at the same moment) is sent again, as the ledger's are.
   *
   * @throws dev.portal.shared.error.PortalException.Conflict when an end date is given and the
   *     contract is not the client's latest one, or when conflicts outlast the attempts
   */
  void change(Contract contract, LocalDate endsOn, SlaTerms sla);

  Optional<Contract> find(String tenantId, String contractId);

  /** A contract with the months it keeps beside it. */
  record Held(Contract contract, KeptMonths months) {}

  /** The contract with its kept months: one consistent GetItem. */
  Optional<Held> held(String tenantId, String contractId);

  /**
   * The tenant's contracts, or one client's when {@code clientId} is given, latest start first,
   * with their kept months: one Query (eventually consistent, as every list).
   */
  Page<Held> list(String tenantId, String clientId, int limit, String cursor);

  /**
   * Every contract of the client with its kept months, and the months kept of its work outside any
   * contract ({@link KeptMonths#NONE} when the client has no such item): one Query of the client's
   * contracts partition (more only past 1 MB). {@code found} is whether the partition held
   * anything, which only an existing client's does.
   */
  ClientMonths clientMonths(String tenantId, String clientId);

  record ClientMonths(List<Held> contracts, KeptMonths uncontracted, boolean found) {}

  /**
   * The given contracts of the client with their kept months, and the months kept of its work
   * outside any contract: one consistent BatchGetItem of the contract items and the client's {@code
   * #MONTHS} item (per 100 keys), for a reader that must agree with a consistent read it made just
   * before (the statement with its work log). The caller knows the client exists, so {@code found}
   * is true.
   */
  ClientMonths clientMonths(String tenantId, String clientId, List<String> contractIds);

  /**
   * The month aggregates of the given contracts and, with {@code uncontracted}, of the client's
   * work outside any contract ({@link #usageKey}), plus with {@code checkClient} whether the client
   * exists: one consistent BatchGetItem (per 100 keys).
   */
  MonthAggregates monthAggregates(
      String tenantId,
      String clientId,
      boolean checkClient,
      List<String> contractIds,
      boolean uncontracted,
      YearMonth month);

  record MonthAggregates(boolean clientFound, Map<String, MonthUsage> usage) {}

  /**
   * One page of a ticket's time entries, oldest first: one Query of GSI1 (eventually consistent, as
   * every list).
   */
  Page<TimeEntry> ticketEntries(String tenantId, long ticketSeq, int limit, String cursor);

  /**
   * What a new ticket of the client needs, in one consistent BatchGetItem: the client (its account
   * manager owns the new ticket; empty when there is no such client) and its contracts as {@link
   * #active} reads them.
   */
  ClientTerms clientTerms(String tenantId, String clientId);

  record ClientTerms(Optional<Client> client, ClientContracts contracts) {}

  /**
   * What logging time needs besides the ticket, in one BatchGetItem: the tenant's time zone and the
   * client's contracts as summarised on its active-contract item.
   */
  LedgerContext ledgerContext(String tenantId, String clientId);

  record LedgerContext(ZoneId zone, List<ActiveContract> contracts) {}

  /**
   * One BatchGetItem: the contracts asked for, the tenant's time zone and the aggregates of the
   * given months for each ledger (a contract id, or null for the client's work outside any contract
   * with {@code clientId}).
   */
  Reading read(String tenantId, List<String> contractIds, String clientId, List<YearMonth> months);

  /**
   * @param usage keyed by {@link #usageKey}
   */
  record Reading(Map<String, Contract> contracts, ZoneId zone, Map<String, MonthUsage> usage) {}

  static String usageKey(String contractId, YearMonth month) {
    return (contractId == null ? "-" : contractId) + "|" + month;
  }

  /**
   * A client's month of work: the client's name, the tenant's ticket prefix and zone (one
   * BatchGetItem with the client's contract summaries), then the month's entries of every ledger
   * that can hold them (one Query per contract that ran in the month, and one of the work outside
   * any contract), oldest first, with the ids of those contracts. Empty when no such client.
   */
  Optional<WorkLogReading> workLog(String tenantId, String clientId, YearMonth month);

  /**
   * @param language the tenant's {@code language} setting ({@code en}, {@code ru}), null when none
   *     is set
   */
  record WorkLogReading(
      String clientName,
      String ticketPrefix,
      ZoneId zone,
      String language,
      List<TimeEntry> entries,
      List<String> contractIds) {}

  /**
   * Who the tickets of the given numbers belong to now: id and client of each that exists (one
   * consistent BatchGetItem per 100 tickets, projected to those two attributes), keyed by number.
   * Billing asks before it names a ticket on an invoice line.
   */
  Map<Long, TicketOwner> ticketOwners(String tenantId, java.util.Collection<Long> seqs);

  record TicketOwner(String ticketId, String clientId) {}

  /**
   * Writes the entry, adds its minutes to the month's aggregate and to the months kept on the
   * contract (or on the client's item of work outside any contract, see {@link KeptMonths}) and
   * writes the ticket's {@code time_logged} event, in one transaction (with the request's completed
   * idempotency record, when given), retried when DynamoDB reports a conflict with a concurrent
   * entry, and once more when the kept months were not as the transaction assumed (the first entry
   * of a month, or of an item written before months were kept).
   *
   * @throws IdempotencyCollision when the record's key is in other hands: nothing was written
   */
  void log(
      TimeEntry entry, Ticket ticket, TicketEvent event, Optional<CompletedIdempotency> record);
}
