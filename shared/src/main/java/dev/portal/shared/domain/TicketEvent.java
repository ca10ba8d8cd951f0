package dev.portal.shared.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a ticket's timeline. {@code seq} equals the ticket version the event was written
 * with, so the timeline order is the order of changes, not of clocks. {@code data} holds strings,
 * numbers and booleans only.
 *
 * @param mail the mail this event owes the requester ({@code OutboundMail} kind: acknowledgement,
 *     agent_reply, resolved), or null. Written with the event, and the event with the ticket's
 *     change (in its transaction, or listed on the ticket item and repaired from its stream record:
 *     docs/data-model.md, "Concurrency"), it is the outbox: the table's stream carries it to the
 *     notifier, so a change and the mail it calls for are never one without the other.
 * @param mailTo who the mail goes to when it is not the requester (staff emails), or empty: the
 *     requester, or for an agent notification the ticket's assignee, else its group's members, as
 *     the notifier finds them
 */
public record TicketEvent(
    String id,
    long seq,
    EventType type,
    Instant at,
    Actor actor,
    boolean isPublic,
    Map<String, Object> data,
    String mail,
    java.util.List<String> mailTo) {

  public TicketEvent {
    mailTo = mailTo == null ? java.util.List.of() : java.util.List.copyOf(mailTo);
  }

  public TicketEvent(
      String id,
      long seq,
      EventType type,
      Instant at,
      Actor actor,
      boolean isPublic,
      Map<String, Object> data,
      String mail) {
    this(id, seq, type, at, actor, isPublic, data, mail, java.util.List.of());
  }

  public TicketEvent(
      String id,
      long seq,
      EventType type,
      Instant at,
      Actor actor,
      boolean isPublic,
      Map<String, Object> data) {
    this(id, seq, type, at, actor, isPublic, data, null);
  }
}
