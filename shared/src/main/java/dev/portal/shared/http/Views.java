package dev.portal.shared.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portal.shared.domain.Balance;
import dev.portal.shared.domain.BusinessHours;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketSla;
import dev.portal.shared.domain.TicketSummary;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.error.FieldError;
import dev.portal.shared.service.ContractService;
import dev.portal.shared.service.InvoiceService;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire shapes of the contract. Nulls are written out ({@code "firstResponseAt": null}) because
 * portals rely on every documented field being present.
 */
public final class Views {
  private Views() {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record PersonView(String email, String name) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("email", email).field("name", name).end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RatingView(int score, String comment) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("score", score).field("comment", comment).end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SlaView(String reactionDueAt, String resolutionDueAt, String state)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("reactionDueAt", reactionDueAt)
          .field("resolutionDueAt", resolutionDueAt)
          .field("state", state)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TicketView(
      String id,
      String number,
      String subject,
      String description,
      String status,
      String priority,
      String channel,
      String clientId,
      String contractId,
      PersonView requester,
      String createdAt,
      String updatedAt,
      String firstResponseAt,
      String resolvedAt,
      SlaView sla,
      RatingView rating,
      String assigneeId,
      String groupId)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("number", number)
          .field("subject", subject)
          .field("description", description)
          .field("status", status)
          .field("priority", priority)
          .field("channel", channel)
          .field("clientId", clientId)
          .field("contractId", contractId)
          .field("requester", requester)
          .field("createdAt", createdAt)
          .field("updatedAt", updatedAt)
          .field("firstResponseAt", firstResponseAt)
          .field("resolvedAt", resolvedAt)
          .field("sla", sla)
          .field("rating", rating)
          .field("assigneeId", assigneeId)
          .field("groupId", groupId)
          .end();
    }
  }

  /**
   * A ticket in a list: what the list indexes hold (no description, rating or {@code updatedAt}).
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TicketSummaryView(
      String id,
      String number,
      String subject,
      String status,
      String priority,
      String channel,
      String clientId,
      PersonView requester,
      String createdAt,
      String firstResponseAt,
      String resolvedAt,
      SlaView sla,
      String assigneeId,
      String groupId)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("number", number)
          .field("subject", subject)
          .field("status", status)
          .field("priority", priority)
          .field("channel", channel)
          .field("clientId", clientId)
          .field("requester", requester)
          .field("createdAt", createdAt)
          .field("firstResponseAt", firstResponseAt)
          .field("resolvedAt", resolvedAt)
          .field("sla", sla)
          .field("assigneeId", assigneeId)
          .field("groupId", groupId)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ActorView(String kind, String email) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("kind", kind).field("email", email).end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record EventView(
      String id,
      String type,
      String at,
      ActorView actor,
      @JsonProperty("public") boolean isPublic,
      Map<String, Object> data)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("type", type)
          .field("at", at)
          .field("actor", actor)
          .field("public", isPublic)
          .field("data", data)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ClientView(
      String id, String name, List<String> emailDomains, String createdAt, String accountManagerId)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("name", name)
          .field("emailDomains", emailDomains)
          .field("createdAt", createdAt)
          .field("accountManagerId", accountManagerId)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record GroupView(
      String id,
      String name,
      List<String> members,
      @JsonProperty("default") boolean isDefault,
      String createdAt)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("name", name)
          .field("members", members)
          .field("default", isDefault)
          .field("createdAt", createdAt)
          .end();
    }
  }

  public static GroupView group(dev.portal.shared.domain.Group g) {
    return new GroupView(g.id(), g.name(), g.members(), g.isDefault(), iso(g.createdAt()));
  }

  /** Each kind of mail the caller may choose, and whether it is on. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record NotificationsView(Map<String, Boolean> notifications) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("notifications", notifications).end();
    }
  }

  /** A watcher (CC) of a ticket; {@code name} and {@code addedBy} may be null. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record WatcherView(String email, String name, String addedBy, String addedAt)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("email", email)
          .field("name", name)
          .field("addedBy", addedBy)
          .field("addedAt", addedAt)
          .end();
    }
  }

  /** A ticket's watchers: all of them (at most Caps.WATCHERS), so no cursor. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record WatchersView(List<WatcherView> items) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("items", items).end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ContactView(
      String email,
      String name,
      String clientId,
      String role,
      String createdAt,
      SuppressedView suppressed,
      boolean active)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("email", email)
          .field("name", name)
          .field("clientId", clientId)
          .field("role", role)
          .field("createdAt", createdAt)
          .field("suppressed", suppressed)
          .field("active", active)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record StaffView(String email, String name, String role, boolean active, String createdAt)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("email", email)
          .field("name", name)
          .field("role", role)
          .field("active", active)
          .field("createdAt", createdAt)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record OnboardedTenantView(
      String id, String name, String ticketPrefix, String timeZone, String adminEmail)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("name", name)
          .field("ticketPrefix", ticketPrefix)
          .field("timeZone", timeZone)
          .field("adminEmail", adminEmail)
          .end();
    }
  }

  /**
   * Why the tenant's mail no longer goes to a contact: {@code bounce} (permanent) or {@code
   * complaint}, and since when.
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SuppressedView(String reason, String detail, String at) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("reason", reason).field("detail", detail).field("at", at).end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record PageView<T>(List<T> items, String nextCursor) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("items", items).field("nextCursor", nextCursor).end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ProblemView(
      String type,
      String title,
      int status,
      String detail,
      List<FieldError> errors,
      String requestId)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("type", type)
          .field("title", title)
          .field("status", status)
          .field("detail", detail)
          .field("errors", errors)
          .field("requestId", requestId)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record HealthView(String status) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("status", status).end();
    }
  }

  /**
   * The ticket as read at {@code now}: the SLA state is derived here, never stored, so it is right
   * when read.
   */
  public static TicketView ticket(Ticket t, Instant now) {
    return new TicketView(
        t.id(),
        t.number(),
        t.subject(),
        t.description(),
        t.status().wire(),
        t.priority().wire(),
        t.channel().wire(),
        t.clientId(),
        t.contractId(),
        new PersonView(t.requester().email(), t.requester().name()),
        iso(t.createdAt()),
        iso(t.updatedAt()),
        iso(t.firstResponseAt()),
        iso(t.resolvedAt()),
        sla(t, now),
        t.rating() == null ? null : new RatingView(t.rating().score(), t.rating().comment()),
        t.assigneeId(),
        t.groupId());
  }

  /** A list's ticket as read at {@code now}, its SLA state derived as {@link #ticket} does. */
  public static TicketSummaryView ticketSummary(TicketSummary t, Instant now) {
    return new TicketSummaryView(
        t.id(),
        t.number(),
        t.subject(),
        t.status().wire(),
        t.priority().wire(),
        t.channel().wire(),
        t.clientId(),
        new PersonView(t.requester().email(), t.requester().name()),
        iso(t.createdAt()),
        iso(t.firstResponseAt()),
        iso(t.resolvedAt()),
        sla(t.sla(), t.status(), t.firstResponseAt(), t.resolvedAt(), now),
        t.assigneeId(),
        t.groupId());
  }

  static SlaView sla(Ticket t, Instant now) {
    return sla(t.sla(), t.status(), t.firstResponseAt(), t.resolvedAt(), now);
  }

  private static SlaView sla(
      TicketSla sla,
      dev.portal.shared.domain.TicketStatus status,
      Instant firstResponseAt,
      Instant resolvedAt,
      Instant now) {
    if (sla == null) return null;
    return new SlaView(
        iso(sla.reactionDueAt()),
        iso(sla.resolutionDueAt()),
        sla.state(status, firstResponseAt, resolvedAt, now).wire());
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record MoneyView(long amountMinor, String currency) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("amountMinor", amountMinor).field("currency", currency).end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SlaTermsView(
      int reactionMinutes,
      int resolutionMinutes,
      String calendar,
      Map<String, SlaMinutesView> priorities,
      int warningPercent)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("reactionMinutes", reactionMinutes)
          .field("resolutionMinutes", resolutionMinutes)
          .field("calendar", calendar)
          .field("priorities", priorities)
          .field("warningPercent", warningPercent)
          .end();
    }
  }

  /**
   * One priority's minutes; {@code priorities} is empty when the contract gives one pair for all.
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SlaMinutesView(int reactionMinutes, int resolutionMinutes) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("reactionMinutes", reactionMinutes)
          .field("resolutionMinutes", resolutionMinutes)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record BalanceView(
      String periodStart,
      String periodEnd,
      long prepaidMinutes,
      long usedMinutes,
      long remainingMinutes,
      long overageMinutes,
      MoneyView overageAmount)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("periodStart", periodStart)
          .field("periodEnd", periodEnd)
          .field("prepaidMinutes", prepaidMinutes)
          .field("usedMinutes", usedMinutes)
          .field("remainingMinutes", remainingMinutes)
          .field("overageMinutes", overageMinutes)
          .field("overageAmount", overageAmount)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ContractView(
      String id,
      String clientId,
      String name,
      String startsOn,
      String endsOn,
      SlaTermsView sla,
      int prepaidMinutesPerMonth,
      MoneyView overageRate,
      String createdAt,
      BalanceView balance)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("clientId", clientId)
          .field("name", name)
          .field("startsOn", startsOn)
          .field("endsOn", endsOn)
          .field("sla", sla)
          .field("prepaidMinutesPerMonth", prepaidMinutesPerMonth)
          .field("overageRate", overageRate)
          .field("createdAt", createdAt)
          .field("balance", balance)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TimeEntryView(
      String id,
      String ticketId,
      String contractId,
      String month,
      int minutes,
      String note,
      boolean billable,
      String at,
      String agentEmail,
      boolean internal,
      String ticketNumber)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("ticketId", ticketId)
          .field("contractId", contractId)
          .field("month", month)
          .field("minutes", minutes)
          .field("note", note)
          .field("billable", billable)
          .field("at", at)
          .field("agentEmail", agentEmail)
          .field("internal", internal)
          .field("ticketNumber", ticketNumber)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ContractUsageView(
      String contractId,
      String name,
      long prepaidMinutes,
      long usedMinutes,
      long billableMinutes,
      long nonBillableMinutes,
      long remainingMinutes,
      long overageMinutes,
      MoneyView overageAmount)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("contractId", contractId)
          .field("name", name)
          .field("prepaidMinutes", prepaidMinutes)
          .field("usedMinutes", usedMinutes)
          .field("billableMinutes", billableMinutes)
          .field("nonBillableMinutes", nonBillableMinutes)
          .field("remainingMinutes", remainingMinutes)
          .field("overageMinutes", overageMinutes)
          .field("overageAmount", overageAmount)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ClientUsageView(
      String clientId,
      String month,
      long prepaidMinutes,
      long usedMinutes,
      long billableMinutes,
      long nonBillableMinutes,
      List<ContractUsageView> contracts,
      long uncontractedBillableMinutes,
      long uncontractedNonBillableMinutes)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("clientId", clientId)
          .field("month", month)
          .field("prepaidMinutes", prepaidMinutes)
          .field("usedMinutes", usedMinutes)
          .field("billableMinutes", billableMinutes)
          .field("nonBillableMinutes", nonBillableMinutes)
          .field("contracts", contracts)
          .field("uncontractedBillableMinutes", uncontractedBillableMinutes)
          .field("uncontractedNonBillableMinutes", uncontractedNonBillableMinutes)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record InvoiceLineView(
      String description, long quantity, MoneyView unitPrice, MoneyView amount, String ticketId)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("description", description)
          .field("quantity", quantity)
          .field("unitPrice", unitPrice)
          .field("amount", amount)
          .field("ticketId", ticketId)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record InvoiceView(
      String id,
      String number,
      String clientId,
      String issuedOn,
      String dueOn,
      String status,
      String currency,
      List<InvoiceLineView> lines,
      MoneyView total,
      String pdfUrl,
      String createdAt,
      String updatedAt,
      String usageMonth)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("number", number)
          .field("clientId", clientId)
          .field("issuedOn", issuedOn)
          .field("dueOn", dueOn)
          .field("status", status)
          .field("currency", currency)
          .field("lines", lines)
          .field("total", total)
          .field("pdfUrl", pdfUrl)
          .field("createdAt", createdAt)
          .field("updatedAt", updatedAt)
          .field("usageMonth", usageMonth)
          .end();
    }
  }

  public static InvoiceView invoice(InvoiceService.Shown shown) {
    Invoice i = shown.invoice();
    return new InvoiceView(
        i.id(),
        i.number(),
        i.clientId(),
        i.issuedOn().toString(),
        i.dueOn().toString(),
        shown.status(),
        i.currency(),
        i.lines().stream()
            .map(
                l ->
                    new InvoiceLineView(
                        l.description(),
                        l.quantity(),
                        money(l.unitPrice()),
                        money(l.amount()),
                        l.ticketId()))
            .toList(),
        money(i.total()),
        shown.pdfUrl() == null ? null : shown.pdfUrl().toString(),
        iso(i.createdAt()),
        iso(i.updatedAt()),
        i.usageMonth() == null ? null : i.usageMonth().toString());
  }

  public static MoneyView money(Money m) {
    return m == null ? null : new MoneyView(m.amountMinor(), m.currency());
  }

  static SlaTermsView slaTerms(SlaTerms sla) {
    Map<String, SlaMinutesView> priorities = new LinkedHashMap<>();
    sla.byPriority()
        .forEach(
            (p, m) ->
                priorities.put(
                    p.wire(), new SlaMinutesView(m.reactionMinutes(), m.resolutionMinutes())));
    return new SlaTermsView(
        sla.reactionMinutes(),
        sla.resolutionMinutes(),
        sla.calendar().wire(),
        priorities,
        sla.warningPercent() == null ? SlaTerms.DEFAULT_WARNING_PERCENT : sla.warningPercent());
  }

  /**
   * What every member of the tenant may read: enough for a portal to greet, show times and amounts.
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record PortalTenantView(
      String id, String name, String timeZone, String language, String currency)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("name", name)
          .field("timeZone", timeZone)
          .field("language", language)
          .field("currency", currency)
          .end();
    }
  }

  /** Everything a tenant configures, for its staff. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TenantView(
      String id,
      String name,
      String timeZone,
      String language,
      String currency,
      String ticketPrefix,
      Map<String, OpeningView> businessHours,
      List<String> holidays,
      String acknowledgement,
      String senderName)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("name", name)
          .field("timeZone", timeZone)
          .field("language", language)
          .field("currency", currency)
          .field("ticketPrefix", ticketPrefix)
          .field("businessHours", businessHours)
          .field("holidays", holidays)
          .field("acknowledgement", acknowledgement)
          .field("senderName", senderName)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record OpeningView(String start, String end) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("start", start).field("end", end).end();
    }
  }

  public static PortalTenantView portalTenant(TenantSettings t) {
    return new PortalTenantView(
        t.tenantId(), t.name(), t.zone().getId(), t.language().wire(), t.currency());
  }

  public static TenantView tenant(TenantSettings t) {
    Map<String, OpeningView> hours = new LinkedHashMap<>();
    t.businessHours()
        .days()
        .forEach(
            (d, span) ->
                hours.put(
                    BusinessHours.wire(d),
                    new OpeningView(span.start().toString(), span.end().toString())));
    return new TenantView(
        t.tenantId(),
        t.name(),
        t.zone().getId(),
        t.language().wire(),
        t.currency(),
        t.ticketPrefix(),
        hours,
        t.holidays().stream().map(Object::toString).toList(),
        t.acknowledgement(),
        t.senderName());
  }

  public static ContractView contract(ContractService.WithBalance w) {
    Contract c = w.contract();
    Balance b = w.balance();
    return new ContractView(
        c.id(),
        c.clientId(),
        c.name(),
        c.startsOn().toString(),
        c.endsOn() == null ? null : c.endsOn().toString(),
        slaTerms(c.sla()),
        c.prepaidMinutesPerMonth(),
        money(c.overageRate()),
        iso(c.createdAt()),
        new BalanceView(
            b.periodStart().toString(),
            b.periodEnd().toString(),
            b.prepaidMinutes(),
            b.usedMinutes(),
            b.remainingMinutes(),
            b.overageMinutes(),
            money(b.overageAmount())));
  }

  /** The entry as logged: its author sees it whole. */
  public static TimeEntryView timeEntry(TimeEntry e) {
    return timeEntry(e, null, true);
  }

  /**
   * The entry as staff, or a client's administrator ({@code staff} false: no agent, and no note
   * when the entry is internal), see it in a list.
   */
  public static TimeEntryView timeEntry(TimeEntry e, String ticketNumber, boolean staff) {
    return new TimeEntryView(
        e.id(),
        e.ticketId(),
        e.contractId(),
        e.month().toString(),
        e.minutes(),
        e.noteFor(staff),
        e.billable(),
        iso(e.at()),
        staff ? e.agentEmail() : null,
        e.internal(),
        ticketNumber);
  }

  /**
   * Usage of one client month. {@code usedMinutes} is all work, billable or not, so work given away
   * shows next to the prepaid minutes; {@code billableMinutes} is what draws down the prepaid
   * hours.
   */
  public static ClientUsageView clientUsage(ContractService.ClientUsage u) {
    long prepaid = 0;
    long billable = u.uncontracted().billableMinutes();
    long nonBillable = u.uncontracted().nonBillableMinutes();
    List<ContractUsageView> contracts = new java.util.ArrayList<>();
    for (ContractService.WithBalance w : u.contracts()) {
      Balance b = w.balance();
      prepaid += b.prepaidMinutes();
      billable += b.usedMinutes();
      nonBillable += b.nonBillableMinutes();
      contracts.add(
          new ContractUsageView(
              w.contract().id(),
              w.contract().name(),
              b.prepaidMinutes(),
              b.usedMinutes() + b.nonBillableMinutes(),
              b.usedMinutes(),
              b.nonBillableMinutes(),
              b.remainingMinutes(),
              b.overageMinutes(),
              money(b.overageAmount())));
    }
    return new ClientUsageView(
        u.clientId(),
        u.month().toString(),
        prepaid,
        billable + nonBillable,
        billable,
        nonBillable,
        contracts,
        u.uncontracted().billableMinutes(),
        u.uncontracted().nonBillableMinutes());
  }

  public static EventView event(TicketEvent e) {
    return new EventView(
        e.id(),
        e.type().wire(),
        iso(e.at()),
        new ActorView(e.actor().kind().wire(), e.actor().email()),
        e.isPublic(),
        e.data());
  }

  public static ClientView client(Client c) {
    return new ClientView(
        c.id(), c.name(), c.emailDomains(), iso(c.createdAt()), c.accountManagerId());
  }

  public static ContactView contact(Contact c) {
    Suppression s = c.suppressed();
    return new ContactView(
        c.email(),
        c.name(),
        c.clientId(),
        c.role().wire(),
        iso(c.createdAt()),
        s == null ? null : new SuppressedView(s.reason().wire(), s.detail(), iso(s.at())),
        c.active());
  }

  public static WatcherView watcher(dev.portal.shared.domain.Watcher w) {
    return new WatcherView(w.email(), w.name(), w.addedBy(), iso(w.addedAt()));
  }

  public static WatchersView watchers(List<dev.portal.shared.domain.Watcher> watchers) {
    return new WatchersView(watchers.stream().map(Views::watcher).toList());
  }

  public static StaffView staff(dev.portal.shared.domain.Staff s) {
    return new StaffView(s.email(), s.name(), s.role().wire(), s.active(), iso(s.createdAt()));
  }

  public static <T, V> PageView<V> page(Page<T> page, java.util.function.Function<T, V> view) {
    return new PageView<>(page.items().stream().map(view).toList(), page.nextCursor());
  }

  static String iso(Instant i) {
    return dev.portal.shared.domain.Times.iso(i);
  }
}
