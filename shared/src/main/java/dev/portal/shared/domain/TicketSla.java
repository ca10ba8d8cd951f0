package dev.portal.shared.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A ticket's SLA clocks, fixed when the ticket is created under a contract. The resolution clock is
 * paused while the ticket waits for the client or is resolved ({@code pausedSince}); when it leaves
 * such a status, {@code resolutionDueAt} moves later by the paused time measured on the calendar
 * (business minutes for {@code business}), and {@code pausedMillis} keeps the total. The reaction
 * clock never pauses.
 *
 * <p>The state is never stored: {@link #state} derives it from the due times, the ticket's
 * firstResponseAt and resolvedAt, and the clock, so it is right whenever it is read.
 */
public record TicketSla(
    SlaCalendar calendar,
    ZoneId zone,
    Instant reactionDueAt,
    Instant resolutionDueAt,
    Instant pausedSince,
    long pausedMillis,
    Integer warningPercent) {

  /** The clocks without a warning point of their own: the schedule's default applies. */
  public TicketSla(
      SlaCalendar calendar,
      ZoneId zone,
      Instant reactionDueAt,
      Instant resolutionDueAt,
      Instant pausedSince,
      long pausedMillis) {
    this(calendar, zone, reactionDueAt, resolutionDueAt, pausedSince, pausedMillis, null);
  }

  public enum State {
    ON_TRACK("on_track"),
    MET("met"),
    BREACHED("breached");

    private final String wire;

    State(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  public static TicketSla start(SlaTerms terms, ZoneId zone, Instant createdAt) {
    return start(terms, null, WorkCalendar.standard(zone), createdAt);
  }

  /**
   * The clocks of a new ticket of {@code priority}: the contract's minutes for it, on the tenant's
   * calendar.
   */
  public static TicketSla start(
      SlaTerms terms, Priority priority, WorkCalendar work, Instant createdAt) {
    SlaTerms.Minutes m = terms.forPriority(priority);
    return new TicketSla(
        terms.calendar(),
        work.zone(),
        SlaClock.plus(createdAt, Duration.ofMinutes(m.reactionMinutes()), terms.calendar(), work),
        SlaClock.plus(createdAt, Duration.ofMinutes(m.resolutionMinutes()), terms.calendar(), work),
        null,
        0,
        terms.warningPercent());
  }

  /**
   * The clocks after the ticket's priority changed: both due times counted again from {@code
   * createdAt} with the minutes of the new priority; the resolution due time keeps the time the
   * clock was paused so far, and a running pause stays running.
   */
  public TicketSla withMinutes(SlaTerms.Minutes m, Instant createdAt, WorkCalendar work) {
    Instant reaction =
        SlaClock.plus(createdAt, Duration.ofMinutes(m.reactionMinutes()), calendar, work);
    Instant resolution =
        SlaClock.plus(
            createdAt,
            Duration.ofMinutes(m.resolutionMinutes()).plusMillis(pausedMillis),
            calendar,
            work);
    return new TicketSla(
        calendar, zone, reaction, resolution, pausedSince, pausedMillis, warningPercent);
  }

  /** Statuses in which the resolution clock does not run. */
  public static boolean pauses(TicketStatus status) {
    return status == TicketStatus.WAITING_FOR_CLIENT
        || status == TicketStatus.RESOLVED
        || status == TicketStatus.CLOSED;
  }

  /** The clocks after the ticket moved from {@code from} to {@code to} at {@code at}. */
  public TicketSla onStatusChange(TicketStatus from, TicketStatus to, Instant at) {
    return onStatusChange(from, to, at, WorkCalendar.standard(zone));
  }

  /** As above, the paused time measured on the tenant's calendar. */
  public TicketSla onStatusChange(
      TicketStatus from, TicketStatus to, Instant at, WorkCalendar work) {
    if (from == to) return this;
    Instant due = resolutionDueAt;
    long paused = pausedMillis;
    Instant since = pausedSince;
    if (since != null) {
      Duration p = SlaClock.between(since, at, calendar, work);
      due = SlaClock.plus(due, p, calendar, work);
      // plus() on the business calendar moves a due time that sits at a closing time to the next
      // opening only when p > 0.
      if (p.isZero()) due = resolutionDueAt;
      paused += p.toMillis();
      since = null;
    }
    if (pauses(to)) since = at;
    return new TicketSla(calendar, zone, reactionDueAt, due, since, paused, warningPercent);
  }

  /**
   * {@code breached} when the reaction or the resolution came (or is still missing) after its due
   * time, {@code met} when the ticket is resolved or closed within both, {@code on_track}
   * otherwise. A resolution counts as the reaction when no public reply came first. Due exactly now
   * is not yet breached.
   */
  public State state(
      TicketStatus status, Instant firstResponseAt, Instant resolvedAt, Instant now) {
    boolean done =
        (status == TicketStatus.RESOLVED || status == TicketStatus.CLOSED) && resolvedAt != null;
    Instant reacted = firstResponseAt != null ? firstResponseAt : done ? resolvedAt : null;
    boolean reactionBreached =
        reacted != null ? reacted.isAfter(reactionDueAt) : now.isAfter(reactionDueAt);
    boolean resolutionBreached;
    if (done) {
      resolutionBreached = resolvedAt.isAfter(resolutionDueAt);
    } else if (pausedSince != null) {
      resolutionBreached = pausedSince.isAfter(resolutionDueAt);
    } else {
      resolutionBreached = now.isAfter(resolutionDueAt);
    }
    if (reactionBreached || resolutionBreached) return State.BREACHED;
    return done ? State.MET : State.ON_TRACK;
  }
}
