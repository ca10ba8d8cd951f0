package dev.portal.shared.service;

import dev.portal.shared.domain.Balance;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.InvoiceLine;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.MonthUsage;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.IdempotentResponse;
import dev.portal.shared.store.InvoiceStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code POST /v1/invoices/from-usage}: an invoice drafted from a client's month of the ledger, at
 * most one per client and month. It bills each contract's overage (minutes over the prepaid ones at
 * the contract's overage rate, one line per contract, as the statement shows it) and the billable
 * work outside any contract (one line per ticket, at the hourly rate the request gives: no price
 * for such work is stored anywhere; the cost rates are the tenant's internal costs).
 *
 * <p>Reads: the month's claim (GetItem); the work log's BatchGetItem and its one Query per ledger
 * of the month; the contracts' terms and aggregates (one BatchGetItem, when work was logged under a
 * contract); the tickets of the work outside contracts (one BatchGetItem per 100, when there is
 * such work). Then the invoice number's counter and one transaction: the invoice, its number and
 * the month's claim, so two concurrent calls write one invoice and the second answers with it.
 */
public final class UsageInvoicing {
  /** Days to pay when the request names no due date. */
  public static final int DEFAULT_DUE_DAYS = 14;

  /** Attempts when a concurrent call held the claim but wrote nothing in the end. */
  private static final int CLAIM_ATTEMPTS = 3;

  /** Reads of the claim while a concurrent draft commits, before drawing a number again. */
  private static final int CLAIM_LOOKS = 4;

  private final ContractStore contracts;
  private final InvoiceStore invoices;
  private final InvoiceService service;
  private final Clock clock;

  public UsageInvoicing(
      ContractStore contracts, InvoiceStore invoices, InvoiceService service, Clock clock) {
    this.contracts = contracts;
    this.invoices = invoices;
    this.service = service;
    this.clock = clock;
  }

  /**
   * @param outOfContractRate the price of an hour of work outside any contract; needed only when
   *     there is such work
   * @param dueOn null for {@link #DEFAULT_DUE_DAYS} after the issue date (today)
   */
  public record Request(
      String clientId, YearMonth month, Money outOfContractRate, LocalDate dueOn) {}

  /**
   * @param created false when the month had its invoice already and this is it
   */
  public record Result(InvoiceService.Shown shown, boolean created) {}

  public Result draft(
      Caller caller, Request request, IdempotentResponse<InvoiceService.Shown> answer) {
    if (!caller.isStaff()) {
      throw new PortalException.Forbidden("invoices are drafted by agents and admins");
    }
    if (!Ids.isPlausibleId(request.clientId()))
      throw new PortalException.NotFound("no such client");
    Optional<Result> earlier = earlier(caller, request);
    if (earlier.isPresent()) return earlier.get();

    ContractStore.WorkLogReading log =
        contracts
            .workLog(caller.tenantId(), request.clientId(), request.month())
            .orElseThrow(() -> new PortalException.NotFound("no such client"));
    LocalDate today = LocalDate.ofInstant(clock.instant(), log.zone());
    if (request.month().isAfter(YearMonth.from(today))) {
      throw new PortalException.Invalid(
          "month", "must not be in the future (today is " + today + " in the tenant's time zone)");
    }
    LocalDate dueOn = request.dueOn() != null ? request.dueOn() : today.plusDays(DEFAULT_DUE_DAYS);
    if (dueOn.isBefore(today)) {
      throw new PortalException.Invalid(
          "dueOn", "must not be before the issue date, today (" + today + ")");
    }

    // Lines are written in the tenant's language (its settings; English when none is set), as its
    // statements are: the invoice goes to the same client.
    boolean russian = "ru".equalsIgnoreCase(log.language());
    TreeSet<String> contractIds = new TreeSet<>();
    TreeMap<Long, Work> outside = new TreeMap<>();
    for (TimeEntry e : log.entries()) {
      if (!e.billable()) continue;
      if (e.contractId() != null) contractIds.add(e.contractId());
      else
        outside.merge(
            e.ticketSeq(),
            new Work(e.ticketId(), e.minutes()),
            (a, b) -> new Work(a.ticketId(), a.minutes() + b.minutes()));
    }

    List<InvoiceLine> lines = new ArrayList<>();
    String currency = null;
    if (!contractIds.isEmpty()) {
      ContractStore.Reading r =
          contracts.read(
              caller.tenantId(), List.copyOf(contractIds), null, List.of(request.month()));
      for (String id : contractIds) {
        Contract c = r.contracts().get(id);
        if (c == null) continue;
        MonthUsage used = r.usage().get(ContractStore.usageKey(id, request.month()));
        Balance b =
            Balance.of(
                c, request.month(), used == null ? MonthUsage.empty(id, request.month()) : used);
        if (b.overageMinutes() == 0) continue;
        if (currency != null && !currency.equals(c.overageRate().currency())) {
          throw new PortalException.Conflict(
              "the month's contracts bill in different currencies; one invoice is in one currency");
        }
        currency = c.overageRate().currency();
        lines.add(
            line(
                String.format(
                    Locale.ROOT,
                    russian
                        ? "Сверх пакета по договору «%s» за %s: %d мин сверх %d предоплаченных по %s/ч"
                        : "Overage of %s in %s: %d min over %d prepaid at %s/h",
                    c.name(),
                    request.month(),
                    b.overageMinutes(),
                    b.prepaidMinutes(),
                    c.overageRate().shown()),
                b.overageAmount(),
                null));
      }
    }

    if (!outside.isEmpty()) {
      Money rate = request.outOfContractRate();
      if (rate == null) {
        long minutes = outside.values().stream().mapToLong(Work::minutes).sum();
        throw new PortalException.Invalid(
            "outOfContractRate",
            "is required: "
                + minutes
                + " billable minutes on "
                + outside.size()
                + (outside.size() == 1 ? " ticket were" : " tickets were")
                + " logged outside any contract in "
                + request.month());
      }
      if (currency != null && !currency.equals(rate.currency())) {
        throw new PortalException.Invalid(
            "outOfContractRate.currency",
            "must be " + currency + ", the contract's: one invoice is in one currency");
      }
      currency = rate.currency();
      Map<Long, ContractStore.TicketOwner> owners =
          contracts.ticketOwners(caller.tenantId(), outside.keySet());
      List<String> strays = new ArrayList<>();
      for (var w : outside.entrySet()) {
        ContractStore.TicketOwner owner = owners.get(w.getKey());
        if (owner == null
            || !owner.ticketId().equals(w.getValue().ticketId())
            || !request.clientId().equals(owner.clientId())) {
          strays.add(Ids.ticketNumber(log.ticketPrefix(), w.getKey()));
        }
      }
      if (!strays.isEmpty()) {
        throw new PortalException.Conflict(
            "work was logged for this client on tickets that are no longer its own: "
                + String.join(", ", strays));
      }
      for (var w : outside.entrySet()) {
        String number = Ids.ticketNumber(log.ticketPrefix(), w.getKey());
        lines.add(
            line(
                String.format(
                    Locale.ROOT,
                    russian
                        ? "%s за %s: %d мин вне договора по %s/ч"
                        : "%s in %s: %d min outside any contract at %s/h",
                    number,
                    request.month(),
                    w.getValue().minutes(),
                    rate.shown()),
                rate.perHourFor(w.getValue().minutes()),
                w.getValue().ticketId()));
      }
    }

    if (lines.isEmpty()) {
      throw new PortalException.Conflict(
          "nothing to bill for this client in "
              + request.month()
              + ": no contract went over its prepaid minutes and no billable work was logged outside"
              + " a contract");
    }
    if (lines.size() > Caps.INVOICE_LINES) {
      throw new PortalException.Conflict(
          "the month has more than " + Caps.INVOICE_LINES + " lines to bill; invoice it by hand");
    }
    Money total = Money.zero(currency);
    for (InvoiceLine l : lines) total = total.plus(l.amount());

    for (int attempt = 1; ; attempt++) {
      try {
        return new Result(
            service.issue(
                caller,
                request.clientId(),
                null,
                today,
                dueOn,
                currency,
                lines,
                total,
                request.month(),
                answer),
            true);
      } catch (InvoiceStore.UsageClaimed claimed) {
        // Another call drafted the month a moment ago (or is doing so): its invoice is the answer.
        // Wait for it before drawing another number (each issue draws one; a lost race leaves a
        // gap), and draw again only if the other call's transaction did not commit after all.
        for (int look = 0; look < CLAIM_LOOKS; look++) {
          earlier = earlier(caller, request);
          if (earlier.isPresent()) return earlier.get();
          pause(look);
        }
        if (attempt >= CLAIM_ATTEMPTS) {
          throw new PortalException.Conflict(
              "another request is drafting this month's invoice at the same moment; try again");
        }
      }
    }
  }

  private static void pause(int look) {
    try {
      Thread.sleep(25L << look); // 25, 50, 100, 200 ms
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PortalException.Conflict("interrupted while waiting for a concurrent draft");
    }
  }

  private Optional<Result> earlier(Caller caller, Request request) {
    return invoices
        .usageInvoiceId(caller.tenantId(), request.clientId(), request.month())
        .map(id -> new Result(service.get(caller, id), false));
  }

  /**
   * One line of a single amount: quantity 1 at that price, because minutes × an hourly rate has no
   * whole unit price.
   */
  private static InvoiceLine line(String description, Money amount, String ticketId) {
    return new InvoiceLine(cap(description), 1, amount, amount, ticketId);
  }

  private static String cap(String s) {
    if (s.codePointCount(0, s.length()) <= Caps.LINE_DESCRIPTION) return s;
    return s.substring(0, s.offsetByCodePoints(0, Caps.LINE_DESCRIPTION - 1)) + "…";
  }

  private record Work(String ticketId, long minutes) {}
}
