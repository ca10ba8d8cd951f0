package dev.portal.shared.domain;

/**
 * Timeline event types; {@code priority_changed} and {@code email_not_sent} extend the contract's
 * list.
 */
public enum EventType implements WireNames.Wired {
  CREATED("created"),
  STATUS_CHANGED("status_changed"),
  PRIORITY_CHANGED("priority_changed"),
  COMMENT("comment"),
  EMAIL_RECEIVED("email_received"),
  EMAIL_SENT("email_sent"),
  TIME_LOGGED("time_logged"),
  RATED("rated"),
  ATTACHMENT_ADDED("attachment_added"),
  /** Internal: a mail the ticket owed was not sent, and why (the address is suppressed). */
  EMAIL_NOT_SENT("email_not_sent"),
  /**
   * Internal: the ticket's assignee or group was set or changed (data {@code assigneeId}, {@code
   * groupId}, {@code note}).
   */
  ASSIGNED("assigned"),
  /**
   * Internal: an SLA clock reached its warning point unmet ({@code data}: {@code clock}, {@code
   * dueAt}).
   */
  SLA_WARNING("sla_warning"),
  /**
   * Internal: an SLA clock passed its due time unmet ({@code data}: {@code clock}, {@code dueAt}).
   */
  SLA_BREACHED("sla_breached"),
  /** Public: a contact of the client was copied on the ticket ({@code data}: {@code email}). */
  WATCHER_ADDED("watcher_added"),
  /** Public: a watcher was taken off the ticket ({@code data}: {@code email}). */
  WATCHER_REMOVED("watcher_removed");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static EventType fromWire(String s) {
    return WireNames.require(values(), s, "event type");
  }
}
