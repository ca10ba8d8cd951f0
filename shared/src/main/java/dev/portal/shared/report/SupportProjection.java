package dev.portal.shared.report;

import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
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
 * Keeps the support figures as the table changes: each stream record of a ticket (its old and new image) or of a
 * {@code time_logged} event adds what that change means, in the month and day of the tenant's zone when it happened.
 *
 * <ul>
 *   <li>a new ticket: opened;</li>
 *   <li>the first public reply ({@code firstResponseAt} set): its minutes since creation, and the reaction SLA met
 *       or breached when the ticket has one (a ticket resolved without any reply gets no reaction figure);</li>
 *   <li>a resolution: its minutes since creation, and the resolution SLA met or breached (against the due time
 *       as the pauses in waiting-for-client moved it);</li>
 *   <li>a resolved or closed ticket becoming active again: reopened;</li>
 *   <li>a rating: CSAT count, sum and distribution;</li>
 *   <li>time logged: billable or not.</li>
 * </ul>
 */
public final class SupportProjection {
  private final ReportStore reports;
  private final DirectoryStore directory;
  private final ZoneId defaultZone;
  private final Clock clock;
  /** Tenants' zones as this container read them: a zone rarely changes, and a month boundary is all it decides. */
  private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();

  public SupportProjection(ReportStore reports, DirectoryStore directory, ZoneId defaultZone, Clock clock) {
    this.reports = reports;
    this.directory = directory;
    this.defaultZone = defaultZone;
    this.clock = clock;
  }

  /** @return true when the record changed the figures (false: nothing to count, or counted before) */
  public boolean apply(String eventName, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
    if ("REMOVE".equals(eventName)) return false;
    Optional<Ticket> after = StreamImages.ticket(newImage);
    if (after.isPresent()) {
      Ticket t = after.get();
      Ticket before = "INSERT".equals(eventName) ? null : StreamImages.ticket(oldImage).orElse(null);
      // A re-put of an unchanged ticket (an emulator writes a record for it; AWS does not) carries nothing new.
      if (before != null && before.version() == t.version()) return false;
      SupportFigures figures = change(before, t);
      return record(t.tenantId(), "T" + t.seq() + "v" + t.version(), t.updatedAt(), t.clientId(), figures);
    }
    if (!"INSERT".equals(eventName)) return false;
    Optional<StreamImages.TimeLogged> logged = StreamImages.timeLogged(newImage);
    if (logged.isEmpty()) return false;
    StreamImages.TimeLogged e = logged.get();
    SupportFigures figures = new SupportFigures.Builder()
        .add(e.billable() ? SupportFigures.MINUTES_BILLABLE : SupportFigures.MINUTES_NOT_BILLABLE, e.minutes()).build();
    return record(e.tenantId(), e.eventId(), e.at(), e.clientId(), figures);
  }

  /** What one change of a ticket adds; {@code before} is null for a new ticket. */
  static SupportFigures change(Ticket before, Ticket after) {
    SupportFigures.Builder b = new SupportFigures.Builder();
    if (before == null) b.add(SupportFigures.OPENED, 1);
    Instant firstBefore = before == null ? null : before.firstResponseAt();
    if (firstBefore == null && after.firstResponseAt() != null) {
      b.duration(SupportFigures.FIRST_RESPONSE, minutes(after.createdAt(), after.firstResponseAt()));
      if (after.sla() != null && after.sla().reactionDueAt() != null) {
        b.add(after.firstResponseAt().isAfter(after.sla().reactionDueAt()) ? SupportFigures.REACTION_BREACHED
            : SupportFigures.REACTION_MET, 1);
      }
    }
    TicketStatus from = before == null ? null : before.status();
    if (after.status() == TicketStatus.RESOLVED && from != TicketStatus.RESOLVED && after.resolvedAt() != null) {
      b.add(SupportFigures.RESOLVED, 1);
      b.duration(SupportFigures.RESOLUTION, minutes(after.createdAt(), after.resolvedAt()));
      if (after.sla() != null && after.sla().resolutionDueAt() != null) {
        b.add(after.resolvedAt().isAfter(after.sla().resolutionDueAt()) ? SupportFigures.RESOLUTION_BREACHED
            : SupportFigures.RESOLUTION_MET, 1);
      }
    }
    boolean wasDone = from == TicketStatus.RESOLVED || from == TicketStatus.CLOSED;
    boolean isActive = after.status() != TicketStatus.RESOLVED && after.status() != TicketStatus.CLOSED;
    if (wasDone && isActive) b.add(SupportFigures.REOPENED, 1);
    if ((before == null || before.rating() == null) && after.rating() != null) b.rating(after.rating().score());
    return b.build();
  }

  private boolean record(String tenantId, String changeId, Instant at, String clientId, SupportFigures figures) {
    if (figures.isEmpty()) return false;
    ZoneId zone = zones.computeIfAbsent(tenantId, t -> directory.tenant(t).map(s -> s.zone()).orElse(defaultZone));
    LocalDate day = LocalDate.ofInstant(at, zone);
    return reports.apply(tenantId, changeId, YearMonth.from(day).toString(), day.toString(), clientId, figures,
        clock.instant());
  }

  private static long minutes(Instant from, Instant to) {
    return Duration.between(from, to).toMinutes();
  }
}
