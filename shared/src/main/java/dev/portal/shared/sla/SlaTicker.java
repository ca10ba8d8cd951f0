package dev.portal.shared.sla;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.EventData;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.Times;
import dev.portal.shared.email.OutboundMail;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.log.Metrics;
import dev.portal.shared.service.Ids;
import dev.portal.shared.store.SlaStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs once a minute (an EventBridge rule in AWS, a scheduled executor in local mode): reads the
 * minute buckets from the checkpoint to now, re-reads their tickets, and writes an {@code
 * sla_warning} or {@code sla_breached} event for each point whose clock still runs with the same
 * due time. Each point is written once, however often a minute is read (a rule delivered twice, the
 * previous minute read again, two ticks at once): the event rides in one transaction with a claim
 * keyed on ticket, point, clock and due time.
 */
public final class SlaTicker {
  /**
   * The minute before the current one is read again on every tick: a stream record a little late
   * still fires.
   */
  static final int REREAD_MINUTES = 1;

  /** A ticket change racing the tick: decide again on a fresh read this many times. */
  private static final int ATTEMPTS = 3;

  /** The most staff one SLA mail goes to (a big group's members are cut here). */
  public static final int MAX_RECIPIENTS = 50;

  private final SlaStore store;
  private final Clock clock;
  private final int maxCatchUpMinutes;

  /**
   * @param maxCatchUpMinutes how far back a tick after an outage reads; older minutes are skipped,
   *     with a log line
   */
  public SlaTicker(SlaStore store, Clock clock, int maxCatchUpMinutes) {
    this.store = store;
    this.clock = clock;
    this.maxCatchUpMinutes = Math.max(1, maxCatchUpMinutes);
  }

  /** What one tick did, for the log line and the tests. */
  public record Result(
      int minutes, int entries, int warnings, int breaches, int stale, int duplicates) {}

  public Result tick() {
    return tick(clock.instant());
  }

  /**
   * @param at the tick's time: the minute it falls in is the last one read
   */
  public Result tick(Instant at) {
    Instant current = at.truncatedTo(ChronoUnit.MINUTES);
    Instant oldest = current.minus(maxCatchUpMinutes, ChronoUnit.MINUTES);
    Optional<Instant> checkpoint = store.checkpoint();
    Instant start = checkpoint.map(c -> c.plus(1, ChronoUnit.MINUTES)).orElse(current);
    Instant reread = current.minus(REREAD_MINUTES, ChronoUnit.MINUTES);
    if (start.isAfter(reread)) start = reread;
    if (start.isBefore(oldest)) {
      JsonLog.warn(
          "sla ticker skips minutes older than its catch-up bound",
          "from",
          Times.iso(start),
          "to",
          Times.iso(oldest));
      start = oldest;
    }
    Counts counts = new Counts();
    Recipients recipients = new Recipients();
    int minutes = 0;
    for (Instant m = start; !m.isAfter(current); m = m.plus(1, ChronoUnit.MINUTES)) {
      minute(m, at, counts, recipients);
      store.advance(m);
      minutes++;
    }
    Result r =
        new Result(
            minutes,
            counts.entries,
            counts.warnings,
            counts.breaches,
            counts.stale,
            counts.duplicates);
    JsonLog.info(
        "sla tick",
        "minute",
        Times.iso(current),
        "minutes",
        r.minutes(),
        "entries",
        r.entries(),
        "warnings",
        r.warnings(),
        "breaches",
        r.breaches(),
        "stale",
        r.stale(),
        "duplicates",
        r.duplicates());
    return r;
  }

  private static final class Counts {
    int entries, warnings, breaches, stale, duplicates;
  }

  private void minute(Instant minute, Instant now, Counts counts, Recipients recipients) {
    List<SlaSchedule.Entry> entries = store.due(SlaSchedule.minuteOf(minute));
    if (entries.isEmpty()) return;
    counts.entries += entries.size();
    Set<SlaStore.TicketRef> refs = new LinkedHashSet<>();
    for (SlaSchedule.Entry e : entries)
      refs.add(new SlaStore.TicketRef(e.tenantId(), e.ticketSeq()));
    Map<SlaStore.TicketRef, SlaStore.TicketNow> tickets = new HashMap<>(store.tickets(refs));
    for (SlaSchedule.Entry e : entries) {
      SlaStore.TicketRef ref = new SlaStore.TicketRef(e.tenantId(), e.ticketSeq());
      for (int attempt = 0; ; attempt++) {
        SlaStore.TicketNow t = tickets.get(ref);
        if (t == null || !e.dueAt().equals(SlaSchedule.currentDue(t.ticket(), e.clock()))) {
          counts.stale++; // moved, met, paused, or the ticket is gone: a newer point (if any) is in
          // its own bucket
          break;
        }
        SlaStore.Fired fired = fire(t, e, now, recipients);
        if (fired == SlaStore.Fired.WRITTEN) {
          if (e.point() == SlaSchedule.Point.WARNING) counts.warnings++;
          else counts.breaches++;
          break;
        }
        if (fired == SlaStore.Fired.DUPLICATE) {
          counts.duplicates++;
          break;
        }
        if (attempt + 1 >= ATTEMPTS) {
          throw new IllegalStateException(
              "ticket " + e.tenantId() + "/" + e.ticketSeq() + " kept changing during the tick");
        }
        store
            .ticket(e.tenantId(), e.ticketSeq())
            .ifPresentOrElse(fresh -> tickets.put(ref, fresh), () -> tickets.remove(ref));
      }
    }
  }

  private SlaStore.Fired fire(
      SlaStore.TicketNow t, SlaSchedule.Entry e, Instant now, Recipients recipients) {
    boolean breach = e.point() == SlaSchedule.Point.BREACH;
    EventType type = breach ? EventType.SLA_BREACHED : EventType.SLA_WARNING;
    Instant at = now.isBefore(t.ticket().updatedAt()) ? t.ticket().updatedAt() : now;
    // Side events of one ticket version sort by their id: the tick's time first keeps a warning
    // before its breach.
    String sideId =
        String.format(
            java.util.Locale.ROOT,
            "sla-%013d-%s-%s",
            at.toEpochMilli(),
            e.point().wire(),
            e.clock().wire());
    Map<String, Object> data = EventData.slaPoint(e.clock().wire(), e.dueAt());
    long version = t.ticket().version();
    TicketEvent event =
        new TicketEvent(
            Ids.eventId(t.ticket().seq(), version) + "-" + sideId,
            version,
            type,
            at,
            new Actor(ActorKind.SYSTEM, null),
            false,
            data,
            breach ? OutboundMail.SLA_BREACHED : OutboundMail.SLA_WARNING);
    List<String> to = recipients.of(t, breach);
    SlaStore.Fired fired = store.fire(t.ticket(), e, event, sideId, to, now);
    if (fired == SlaStore.Fired.WRITTEN) {
      Metrics.count(
          breach ? Metrics.Metric.SLA_BREACHES : Metrics.Metric.SLA_WARNINGS,
          e.clock().wire(),
          "tenant",
          t.ticket().tenantId(),
          "ticket",
          t.ticket().number());
      JsonLog.info(
          breach ? "sla breached" : "sla warning",
          "tenant",
          t.ticket().tenantId(),
          "ticket",
          t.ticket().number(),
          "clock",
          e.clock().wire(),
          "dueAt",
          Times.iso(e.dueAt()),
          "recipients",
          to.size());
    }
    return fired;
  }

  /**
   * Who is told: the ticket's assignee, else its group's members; on a breach also the client's
   * account manager. Groups and account managers are read once per tick.
   */
  private final class Recipients {
    private final Map<String, List<String>> groups = new HashMap<>();
    private final Map<String, Optional<String>> managers = new HashMap<>();

    List<String> of(SlaStore.TicketNow t, boolean breach) {
      String tenant = t.ticket().tenantId();
      Set<String> to = new LinkedHashSet<>();
      if (t.assigneeId() != null) {
        to.add(t.assigneeId());
      } else if (t.groupId() != null) {
        to.addAll(
            groups.computeIfAbsent(
                tenant + "#" + t.groupId(),
                k -> store.groupMembers(tenant, t.groupId(), MAX_RECIPIENTS)));
      }
      if (breach && t.ticket().clientId() != null) {
        managers
            .computeIfAbsent(
                tenant + "#" + t.ticket().clientId(),
                k -> store.accountManager(tenant, t.ticket().clientId()))
            .ifPresent(to::add);
      }
      return new ArrayList<>(to).stream().limit(MAX_RECIPIENTS).toList();
    }
  }
}
