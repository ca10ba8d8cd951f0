package dev.portal.shared.service;

import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.TicketStatus;

/**
 * An agent's {@code PATCH}: any part may be null (unchanged).
 *
 * @param routing a new assignee and/or group, with the note that explains a move (escalation);
 *     null: unchanged
 */
public record TicketChange(TicketStatus status, Priority priority, Routing routing) {
  public TicketChange(TicketStatus status, Priority priority) {
    this(status, priority, null);
  }

  /**
   * Who owns the ticket and which queue holds it. {@code setAssignee} with a null {@code
   * assigneeId} unassigns it; likewise for the group.
   */
  public record Routing(
      boolean setAssignee, String assigneeId, boolean setGroup, String groupId, String note) {}
}
