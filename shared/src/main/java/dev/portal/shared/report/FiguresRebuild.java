package dev.portal.shared.report;

import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.InvoiceStatus;
import dev.portal.shared.domain.Rating;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.FiguresTimeline;
import dev.portal.shared.store.ReportStore;
import dev.portal.shared.store.StreamImages;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rebuilds a tenant's figures (support, by client, assignee and group; profitability) from the
 * timeline, for a new metric or after a bug: reads every ticket, its timeline and every invoice,
 * clears the figures, then hands each change to a {@link SupportProjection} as the stream would
 * have, so the same code counts it. Run it only while the projections consumer is paused
 * (docs/reports.md): it writes the marker of every change it counts, so a stream record held back
 * meanwhile adds nothing when the consumer resumes.
 *
 * <p>A ticket's images are folded from its events: status from {@code status_changed}, owner from
 * {@code assigned}, rating from {@code rated}, the first response where the ticket's own {@code
 * firstResponseAt} falls; events written at the same instant are one change (as one request writes
 * them), named by its last event's version as the live marker is.
 *
 * <p>A run that fails leaves the figures as far as it got, and the cure is to run it again (the
 * consumer still paused): every run reads everything afresh, clears, then counts with markers
 * written unconditionally, so nothing of a failed run is counted twice. Failing while reading (a
 * BatchGetItem or Query given up on) clears nothing. Failing in the clearing ({@link
 * FiguresTimeline#wipe}: BatchWriteItem deletes, given up on after five attempts a request with the
 * number of rows left) leaves some rows deleted, so the reports read short until the next run; the
 * wipe deletes the rows that name the counted months last, so the next run still finds every month
 * with rows left and clears it rather than count on top of it. Failing while counting leaves part
 * of the changes counted; the next run clears those too.
 */
public final class FiguresRebuild {
  private final FiguresTimeline timeline;
  private final SupportProjection projection;

  public FiguresRebuild(
      FiguresTimeline timeline,
      ReportStore reports,
      DirectoryStore directory,
      ContractStore contracts,
      ZoneId defaultZone,
      Clock clock) {
    this.timeline = timeline;
    this.projection =
        new SupportProjection(reports.rebuilding(), directory, contracts, defaultZone, clock);
  }

  /** What a rebuild read, cleared and counted. */
  public record Result(
      int tickets, int ticketChanges, int timeEntries, int invoices, int itemsWiped) {}

  public Result rebuild(String tenantId) {
    // Everything is read before anything is cleared, so the months to clear are known.
    List<FiguresTimeline.Stored> stored = timeline.tickets(tenantId);
    List<Ticket> tickets = new ArrayList<>(stored.size());
    Map<Long, List<Map<String, AttributeValue>>> events = new HashMap<>();
    TreeSet<String> months = new TreeSet<>(timeline.countedMonths(tenantId));
    for (FiguresTimeline.Stored s : stored) {
      Ticket t = s.ticket();
      tickets.add(t);
      List<Map<String, AttributeValue>> items =
          withListedEvents(tenantId, timeline.events(tenantId, t.seq()), s.listedEvents());
      events.put(t.seq(), items);
      for (Map<String, AttributeValue> i : items) {
        StreamImages.timeLogged(i).ifPresent(e -> months.add(e.month()));
      }
    }
    List<Map<String, AttributeValue>> invoices = timeline.invoices(tenantId);
    for (Map<String, AttributeValue> i : invoices) {
      StreamImages.invoice(i).ifPresent(v -> months.add(YearMonth.from(v.issuedOn()).toString()));
    }
    int wiped = timeline.wipe(tenantId, months);

    int changes = 0;
    int entries = 0;
    for (Ticket t : tickets) {
      changes += replayTicket(t, events.get(t.seq()));
      for (Map<String, AttributeValue> i : events.get(t.seq())) {
        if (StreamImages.timeLogged(i).isPresent() && projection.apply("INSERT", Map.of(), i)) {
          entries++;
        }
      }
    }
    for (Map<String, AttributeValue> i : invoices) {
      Optional<Invoice> invoice = StreamImages.invoice(i);
      if (invoice.isEmpty()) continue;
      // Counted as the stream saw it: inserted as issued, then voided (paying changes nothing).
      Map<String, AttributeValue> issued = new HashMap<>(i);
      issued.put("status", AttributeValue.fromS(InvoiceStatus.ISSUED.wire()));
      projection.apply("INSERT", Map.of(), issued);
      if (invoice.get().status() == InvoiceStatus.VOID) projection.apply("MODIFY", issued, i);
    }
    return new Result(tickets.size(), changes, entries, invoices.size(), wiped);
  }

  /**
   * The timeline as read, plus each event the ticket's last change lists that the read did not
   * return (a killed change's; the consumer that would write it is paused for the rebuild), written
   * now so the figures and the timeline agree. Most tickets list none or have them all, so this
   * costs a write only where one is owed, and no read beyond the timeline's own Query.
   */
  private List<Map<String, AttributeValue>> withListedEvents(
      String tenantId,
      List<Map<String, AttributeValue>> read,
      List<Map<String, AttributeValue>> listed) {
    if (listed.isEmpty()) return read;
    Set<String> have = new HashSet<>();
    for (Map<String, AttributeValue> i : read) have.add(str(i, "sk"));
    List<Map<String, AttributeValue>> out = null;
    for (Map<String, AttributeValue> e : listed) {
      if (have.contains(str(e, "sk"))) continue;
      // Written here or, by a race, by the request or the repair meanwhile: the same item either
      // way (one builder), so it is counted once in both cases.
      timeline.writeListedEvent(tenantId, e);
      if (out == null) out = new ArrayList<>(read);
      out.add(e);
    }
    if (out == null) return read;
    out.sort(Comparator.comparing(i -> str(i, "sk")));
    return out;
  }

  /** The ticket's changes, oldest first, each handed to the projection with its before image. */
  private int replayTicket(Ticket now, List<Map<String, AttributeValue>> items) {
    List<Map<String, AttributeValue>> versions = new ArrayList<>();
    for (Map<String, AttributeValue> i : items) {
      // Time entries and side events sort beside a version without being one.
      String sk = str(i, "sk");
      if (sk.indexOf('#') != sk.lastIndexOf('#')) continue;
      versions.add(i);
    }
    Fold state = new Fold();
    Map<String, AttributeValue> before = null;
    int counted = 0;
    for (int i = 0; i < versions.size(); ) {
      Instant at = instant(versions.get(i), "at");
      long version = 0;
      while (i < versions.size() && at.equals(instant(versions.get(i), "at"))) {
        state.apply(versions.get(i));
        version = num(versions.get(i), "seq");
        i++;
      }
      if (now.firstResponseAt() != null
          && state.firstResponseAt == null
          && !at.isBefore(now.firstResponseAt())) {
        state.firstResponseAt = now.firstResponseAt();
      }
      Map<String, AttributeValue> after = FiguresTimeline.image(state.image(now, version, at));
      if (projection.apply(before == null ? "INSERT" : "MODIFY", before, after)) counted++;
      before = after;
    }
    return counted;
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    String v = str(item, name);
    return v == null ? null : Instant.parse(v);
  }

  private static long num(Map<String, AttributeValue> item, String name) {
    return Long.parseLong(item.get(name).n());
  }

  /** The parts of a ticket the figures depend on, as its events leave them. */
  private static final class Fold {
    TicketStatus status = TicketStatus.NEW;
    Instant firstResponseAt;
    Instant resolvedAt;
    Rating rating;
    String assigneeId;
    String groupId;

    void apply(Map<String, AttributeValue> event) {
      EventType type;
      try {
        type = EventType.fromWire(str(event, "eventType"));
      } catch (IllegalArgumentException unknown) {
        return;
      }
      Map<String, AttributeValue> data =
          event.get("data") != null && event.get("data").hasM() ? event.get("data").m() : Map.of();
      switch (type) {
        case STATUS_CHANGED -> {
          TicketStatus to = TicketStatus.fromWire(str(data, "to")).orElse(status);
          if (to == TicketStatus.RESOLVED && status != TicketStatus.RESOLVED) {
            resolvedAt = instant(event, "at");
          }
          status = to;
        }
        case ASSIGNED -> {
          // The event names the owner and queue the move left (absent: none).
          assigneeId = str(data, "assigneeId");
          groupId = str(data, "groupId");
        }
        case RATED -> {
          if (data.get("score") != null) {
            rating = new Rating(Integer.parseInt(data.get("score").n()), str(data, "comment"));
          }
        }
        default -> {}
      }
    }

    /**
     * The ticket at {@code version}: today's item with the folded parts in place. Its SLA due times
     * are today's (the timeline does not keep how pauses moved them).
     */
    Ticket image(Ticket now, long version, Instant at) {
      return new Ticket(
          now.tenantId(),
          now.id(),
          now.seq(),
          now.number(),
          now.subject(),
          now.description(),
          status,
          now.priority(),
          now.channel(),
          now.clientId(),
          now.contractId(),
          now.requester(),
          now.createdAt(),
          at,
          firstResponseAt,
          resolvedAt,
          rating,
          version,
          now.sla(),
          assigneeId,
          groupId);
    }
  }
}
