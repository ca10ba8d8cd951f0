package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A ticket as a list shows it: what the list indexes copy (docs/data-model.md), without the
 * description, the rating and {@code updatedAt}, which a comment changes; so a comment rewrites no
 * list. {@code sla}, {@code firstResponseAt} and {@code resolvedAt} are here so that a list can
 * show the SLA state.
 */
public record TicketSummary(
    String id,
    String number,
    String subject,
    TicketStatus status,
    Priority priority,
    Channel channel,
    String clientId,
    Person requester,
    Instant createdAt,
    Instant firstResponseAt,
    Instant resolvedAt,
    TicketSla sla,
    String assigneeId,
    String groupId) {

  /** The list view of a whole ticket: the same fields, as a list read from an index gives them. */
  public static TicketSummary of(Ticket t) {
    return new TicketSummary(
        t.id(),
        t.number(),
        t.subject(),
        t.status(),
        t.priority(),
        t.channel(),
        t.clientId(),
        t.requester(),
        t.createdAt(),
        t.firstResponseAt(),
        t.resolvedAt(),
        t.sla(),
        t.assigneeId(),
        t.groupId());
  }
}
