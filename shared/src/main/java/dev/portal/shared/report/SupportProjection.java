package dev.portal.shared.report;

import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.InvoiceStatus;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.WorkCalendar;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.ReportStore;
import dev.portal.shared.store.StreamImages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps the support figures as the table changes: each stream record of a ticket (its old and new
 * image) or of a {@code time_logged} event adds what that change means, in the month and day of the
 * tenant's zone when it happened.
 *
 * <ul>
 *   <li>a new ticket: opened;
 *   <li>the first public reply ({@code firstResponseAt} set): its minutes since creation, and the
 *       reaction SLA met or breached when the ticket has one (a ticket resolved without any reply
 *       gets no reaction figure);
 *   <li>a resolution: its minutes since creation, and the resolution SLA met or breached (against
 *       the due time as the pauses in waiting-for-client moved it);
 *   <li>a resolved or closed ticket becoming active again: reopened;
 *   <li>a rating: CSAT count, sum and distribution;
 *   <li>time logged: billable or not; and for profitability, its cost and the contract it drew
 *       from;
 *   <li>an invoice issued (or voided): its total in the client's month of issue (profitability
 *       only).
 * </ul>
 */
public final class SupportProjection {
  private final ReportStore reports;
  private final DirectoryStore directory;
  private final ContractStore contracts;
  private final ZoneId defaultZone;
  private final Clock clock;

  /**
   * Tenants' calendars as this container read them: a zone or opening hours rarely change, and a
   * change counts from the next container on (a month boundary and business minutes are all they
   * decide).
   */
  private final Map<String, WorkCalendar> calendars = new ConcurrentHashMap<>();

  /**
   * Contracts' terms as this container read them: prepaid minutes and rate never change after
   * creation.
   */
  private final Map<String, Optional<Contract>> terms = new ConcurrentHashMap<>();

  public SupportProjection(
      ReportStore reports,
      DirectoryStore directory,
      ContractStore contracts,
      ZoneId defaultZone,
      Clock clock) {
    this.reports = reports;
    this.directory = directory;
    this.contracts = contracts;
    this.defaultZone = defaultZone;
    this.clock = clock;
  }

  /**
   * @return true when the record changed the figures (false: nothing to count, or counted before)
   */
  public boolean apply(
      String eventName,
      Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    if ("REMOVE".equals(eventName)) return false;
    Optional<Ticket> after = StreamImages.ticket(newImage);
    if (after.isPresent()) {
      Ticket t = after.get();
      Ticket before =
          "INSERT".equals(eventName) ? null : StreamImages.ticket(oldImage).orElse(null);
      // A re-put of an unchanged ticket (an emulator writes a record for it; AWS does not) carries
      // nothing new.
      if (before != null && before.version() == t.version()) return false;
      SupportFigures figures = change(before, t, calendar(t.tenantId()));
      return record(
          t.tenantId(), "T" + t.seq() + "v" + t.version(), t.updatedAt(), scope(t), figures, null);
    }
    Optional<Invoice> invoice = StreamImages.invoice(newImage);
    if (invoice.isPresent()) return invoiced(eventName, oldImage, invoice.get());
    if (!"INSERT".equals(eventName)) return false;
    Optional<StreamImages.TimeLogged> logged = StreamImages.timeLogged(newImage);
    if (logged.isEmpty()) return false;
    StreamImages.TimeLogged e = logged.get();
    SupportFigures figures =
        new SupportFigures.Builder()
            .add(
                e.billable()
                    ? SupportFigures.MINUTES_BILLABLE
                    : SupportFigures.MINUTES_NOT_BILLABLE,
                e.minutes())
            .build();
    return record(e.tenantId(), e.eventId(), e.at(), scope(e), figures, profit(e));
  }

  /**
   * What a time entry adds to its client's month: minutes, their cost at the agent's rate in force
   * now (the default rate, or none: then counted as uncosted), and billable minutes under the
   * contract they drew from with its terms.
   */
  ProfitChange profit(StreamImages.TimeLogged e) {
    if (e.clientId() == null || e.month() == null) return null;
    Optional<Money> rate = reports.costRates(e.tenantId()).flatMap(r -> r.rateFor(e.agentEmail()));
    ProfitChange.ContractUse use = null;
    if (e.billable() && e.contractId() != null) {
      Optional<Contract> c =
          terms.computeIfAbsent(
              e.tenantId() + "|" + e.contractId(),
              k -> contracts.find(e.tenantId(), e.contractId()));
      if (c.isPresent()) {
        use =
            new ProfitChange.ContractUse(
                e.contractId(),
                e.minutes(),
                c.get().prepaidMinutesPerMonth(),
                c.get().overageRate());
      }
    }
    return new ProfitChange(
        e.clientId(),
        e.month(),
        e.billable() ? e.minutes() : 0,
        e.billable() ? 0 : e.minutes(),
        rate.map(r -> r.perHourFor(e.minutes())).orElse(null),
        rate.isPresent() ? 0 : e.minutes(),
        use,
        null);
  }

  /**
   * An invoice issued counts in the month of its issue date; voiding it takes the amount back out
   * of that month. Paying changes nothing (the money was counted when issued). An invoice drafted
   * from usage counts its work outside contracts only ({@link Invoice#counted}).
   */
  private boolean invoiced(String eventName, Map<String, AttributeValue> oldImage, Invoice now) {
    String month = YearMonth.from(now.issuedOn()).toString();
    if ("INSERT".equals(eventName)) {
      if (now.status() != InvoiceStatus.ISSUED) return false;
      return reports.apply(
          now.tenantId(),
          "I" + now.id(),
          null,
          null,
          new ReportStore.Scope(now.clientId(), null, null),
          SupportFigures.none(),
          ProfitChange.invoiced(now.clientId(), month, now.counted()),
          clock.instant());
    }
    Optional<Invoice> before = StreamImages.invoice(oldImage);
    if (before.isEmpty()
        || before.get().status() == InvoiceStatus.VOID
        || now.status() != InvoiceStatus.VOID) {
      return false;
    }
    return reports.apply(
        now.tenantId(),
        "I" + now.id() + "void",
        null,
        null,
        new ReportStore.Scope(now.clientId(), null, null),
        SupportFigures.none(),
        ProfitChange.invoiced(
            now.clientId(), month, new Money(-now.counted().amountMinor(), now.currency())),
        clock.instant());
  }

  /** What one change of a ticket adds, in calendar minutes only. */
  static SupportFigures change(Ticket before, Ticket after) {
    return change(before, after, null);
  }

  /**
   * What one change of a ticket adds; {@code before} is null for a new ticket; with {@code
   * calendar}, durations in business minutes too.
   */
  static SupportFigures change(Ticket before, Ticket after, WorkCalendar calendar) {
    SupportFigures.Builder b = new SupportFigures.Builder();
    if (before == null) b.add(SupportFigures.OPENED, 1);
    Instant firstBefore = before == null ? null : before.firstResponseAt();
    if (firstBefore == null && after.firstResponseAt() != null) {
      b.duration(
          SupportFigures.FIRST_RESPONSE, minutes(after.createdAt(), after.firstResponseAt()));
      if (calendar != null) {
        b.duration(
            SupportFigures.FIRST_RESPONSE_BUSINESS,
            calendar.openMinutesBetween(after.createdAt(), after.firstResponseAt()));
      }
      if (after.sla() != null && after.sla().reactionDueAt() != null) {
        b.add(
            after.firstResponseAt().isAfter(after.sla().reactionDueAt())
                ? SupportFigures.REACTION_BREACHED
                : SupportFigures.REACTION_MET,
            1);
      }
    }
    TicketStatus from = before == null ? null : before.status();
    if (after.status() == TicketStatus.RESOLVED
        && from != TicketStatus.RESOLVED
        && after.resolvedAt() != null) {
      b.add(SupportFigures.RESOLVED, 1);
      b.duration(SupportFigures.RESOLUTION, minutes(after.createdAt(), after.resolvedAt()));
      if (calendar != null) {
        b.duration(
            SupportFigures.RESOLUTION_BUSINESS,
            calendar.openMinutesBetween(after.createdAt(), after.resolvedAt()));
      }
      if (after.sla() != null && after.sla().resolutionDueAt() != null) {
        b.add(
            after.resolvedAt().isAfter(after.sla().resolutionDueAt())
                ? SupportFigures.RESOLUTION_BREACHED
                : SupportFigures.RESOLUTION_MET,
            1);
      }
    }
    boolean wasDone = from == TicketStatus.RESOLVED || from == TicketStatus.CLOSED;
    boolean isActive =
        after.status() != TicketStatus.RESOLVED && after.status() != TicketStatus.CLOSED;
    if (wasDone && isActive) b.add(SupportFigures.REOPENED, 1);
    if ((before == null || before.rating() == null) && after.rating() != null)
      b.rating(after.rating().score());
    return b.build();
  }

  /**
   * A ticket's change counts for the owner the ticket has once changed: the assignee and group at
   * the time of the event (the one who resolves gets the resolution, the one who first answers the
   * first response), never rewritten when the ticket moves on later.
   */
  static ReportStore.Scope scope(Ticket after) {
    return new ReportStore.Scope(after.clientId(), after.assigneeId(), after.groupId());
  }

  /**
   * Time counts for the staff member who logged it (it is their time, whoever owns the ticket), in
   * the group the ticket was in when it was logged.
   */
  static ReportStore.Scope scope(StreamImages.TimeLogged e) {
    return new ReportStore.Scope(e.clientId(), e.agentEmail(), e.groupId());
  }

  private boolean record(
      String tenantId,
      String changeId,
      Instant at,
      ReportStore.Scope scope,
      SupportFigures figures,
      ProfitChange profit) {
    if (figures.isEmpty() && profit == null) return false;
    LocalDate day = LocalDate.ofInstant(at, calendar(tenantId).zone());
    return reports.apply(
        tenantId,
        changeId,
        YearMonth.from(day).toString(),
        day.toString(),
        scope,
        figures,
        profit,
        clock.instant());
  }

  private WorkCalendar calendar(String tenantId) {
    return calendars.computeIfAbsent(
        tenantId,
        t ->
            directory
                .tenant(t)
                .map(s -> s.workCalendar())
                .orElse(WorkCalendar.standard(defaultZone)));
  }

  private static long minutes(Instant from, Instant to) {
    return Duration.between(from, to).toMinutes();
  }
}
