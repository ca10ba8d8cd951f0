package dev.portal.shared.sla;

import dev.portal.shared.domain.SlaClock;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketSla;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.WireNames;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The SLA points still ahead of a ticket: for each running clock (reaction until the first public
 * reply or the resolution; resolution while the ticket is active and not paused), its warning point
 * and its due time. Pure, so the stream projection that writes the schedule and the ticker that
 * checks it agree on what "running" means.
 */
public final class SlaSchedule {
  private SlaSchedule() {}

  public static final int DEFAULT_WARNING_PERCENT =
      dev.portal.shared.domain.SlaTerms.DEFAULT_WARNING_PERCENT;
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

  /** Which moment of a clock: the warning point (a share of the window used up) or the due time. */
  public enum Point implements WireNames.Wired {
    WARNING("warning"),
    BREACH("breach");

    private final String wire;

    Point(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }

    public static Point fromWire(String s) {
      return WireNames.require(values(), s, "SLA point");
    }
  }

  /** The two clocks of a ticket's SLA; the wire name is the events' {@code data.clock}. */
  public enum ClockKind implements WireNames.Wired {
    REACTION("reaction"),
    RESOLUTION("resolution");

    private final String wire;

    ClockKind(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }

    public static ClockKind fromWire(String s) {
      return WireNames.require(values(), s, "SLA clock");
    }
  }

  /** One point of one clock of one ticket, due to be checked at {@code fireAt}. */
  public record Entry(
      String tenantId,
      long ticketSeq,
      Point point,
      ClockKind clock,
      Instant dueAt,
      Instant fireAt) {
    /**
     * The first minute boundary at or after {@code fireAt}: the ticker never fires a point early.
     */
    public String minute() {
      return minuteOf(ceilMinute(fireAt));
    }
  }

  /**
   * The points of {@code t}'s running clocks that lie after its {@code updatedAt} (the change that
   * produced this version). A point already behind the change was scheduled by an earlier version,
   * or passed while the clock stood: a resumed clock whose warning point went by before the pause
   * gets no second warning.
   *
   * @param warningPercent share of the window after which the warning fires, 1..99
   */
  public static List<Entry> of(Ticket t, int warningPercent) {
    List<Entry> out = new ArrayList<>();
    TicketSla sla = t.sla();
    if (sla == null) return out;
    int pct =
        warningPercent >= 1 && warningPercent <= 99 ? warningPercent : DEFAULT_WARNING_PERCENT;
    Instant anchor = t.updatedAt() != null ? t.updatedAt() : t.createdAt();
    for (ClockKind c : ClockKind.values()) {
      Instant due = currentDue(t, c);
      if (due == null || !due.isAfter(anchor)) continue;
      Duration window = SlaClock.between(t.createdAt(), due, sla.calendar(), sla.zone());
      if (c == ClockKind.RESOLUTION) window = window.minusMillis(sla.pausedMillis());
      Duration left = window.multipliedBy(100 - pct).dividedBy(100);
      Duration toGo = SlaClock.between(anchor, due, sla.calendar(), sla.zone());
      if (toGo.compareTo(left) > 0) {
        Instant warnAt = SlaClock.plus(anchor, toGo.minus(left), sla.calendar(), sla.zone());
        if (warnAt.isAfter(anchor) && warnAt.isBefore(due)) {
          out.add(new Entry(t.tenantId(), t.seq(), Point.WARNING, c, due, warnAt));
        }
      }
      out.add(new Entry(t.tenantId(), t.seq(), Point.BREACH, c, due, due));
    }
    return out;
  }

  /**
   * The due time of clock {@code c} while it runs unmet, else null: the reaction clock until a
   * public reply or the resolution (which counts as the reaction), the resolution clock while the
   * ticket is neither paused nor done.
   */
  public static Instant currentDue(Ticket t, ClockKind c) {
    TicketSla sla = t.sla();
    if (sla == null) return null;
    boolean done = t.status() == TicketStatus.RESOLVED || t.status() == TicketStatus.CLOSED;
    return switch (c) {
      case REACTION -> t.firstResponseAt() == null && !done ? sla.reactionDueAt() : null;
      case RESOLUTION ->
          !TicketSla.pauses(t.status()) && sla.pausedSince() == null && t.resolvedAt() == null
              ? sla.resolutionDueAt()
              : null;
    };
  }

  public static Instant ceilMinute(Instant at) {
    Instant m = at.truncatedTo(ChronoUnit.MINUTES);
    return m.isBefore(at) ? m.plus(1, ChronoUnit.MINUTES) : m;
  }

  /** {@code yyyy-MM-ddTHH:mm} in UTC: the bucket's name. */
  public static String minuteOf(Instant minute) {
    return MINUTE.format(minute);
  }
}
