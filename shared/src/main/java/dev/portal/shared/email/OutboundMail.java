package dev.portal.shared.email;

import dev.portal.shared.http.JsonOut;
import dev.portal.shared.http.JsonView;
import dev.portal.shared.lambda.MessageBodies;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One mail the notifier is to send, as queued (JSON: {@link #writeJson}, the bytes Serde wrote).
 *
 * @param kind {@code acknowledgement}, {@code agent_reply} or {@code resolved}
 * @param dedupeKey the notifier sends a key once: {@code ack-<seq>} for an acknowledgement, the
 *     event id otherwise
 * @param body the agent's comment for a reply; null for the others, whose text the notifier writes
 * @param to the recipients when they are not the requester (staff emails); empty for the
 *     requester's mails and for an agent notification the notifier addresses itself (the ticket's
 *     assignee, else its group's members)
 */
@Serdeable
public record OutboundMail(
    String tenantId, long ticketSeq, String kind, String dedupeKey, String body, List<String> to)
    implements JsonView {
  public static final String ACKNOWLEDGEMENT = "acknowledgement";
  public static final String AGENT_REPLY = "agent_reply";
  public static final String RESOLVED = "resolved";

  /** The requester: their ticket waits for their answer (status {@code waiting_for_client}). */
  public static final String WAITING_FOR_YOU = "waiting_for_you";

  /** Staff: a new ticket in their queue (its assignee, else its group's members). */
  public static final String AGENT_NEW_TICKET = "agent_new_ticket";

  /** Staff: the client answered a ticket they own (its assignee, else its group's members). */
  public static final String AGENT_CLIENT_REPLY = "agent_client_reply";

  /** Staff: a ticket was assigned to them, or moved to their group. */
  public static final String AGENT_ASSIGNED = "agent_assigned";

  /** Staff: an SLA clock of a ticket they look after reached its warning point. */
  public static final String SLA_WARNING = "sla_warning";

  /** Staff (and the client's account manager): an SLA clock passed its due time. */
  public static final String SLA_BREACHED = "sla_breached";

  /** Kinds that go to the requester; every other kind goes to staff. */
  public static final Set<String> REQUESTER_KINDS =
      Set.of(ACKNOWLEDGEMENT, AGENT_REPLY, RESOLVED, WAITING_FOR_YOU);

  /** Kinds a staff member may turn off ({@code PATCH /v1/me/notifications}). */
  public static final Set<String> STAFF_KINDS =
      Set.of(AGENT_NEW_TICKET, AGENT_CLIENT_REPLY, AGENT_ASSIGNED, SLA_WARNING, SLA_BREACHED);

  public OutboundMail {
    to = to == null ? List.of() : List.copyOf(to);
  }

  public OutboundMail(String tenantId, long ticketSeq, String kind, String dedupeKey, String body) {
    this(tenantId, ticketSeq, kind, dedupeKey, body, List.of());
  }

  /**
   * A queued mail as {@link SqsOutboundQueue} wrote it (the record's component names), read without
   * Serde: the notifier reads nothing else (see {@link MessageBodies}). A field that is absent or
   * null is null (0 for {@code ticketSeq}).
   *
   * @throws IllegalArgumentException when the body is no JSON object, or a field has the wrong type
   */
  public static OutboundMail read(String json) {
    Map<String, Object> m = MessageBodies.object(json);
    List<String> to = new ArrayList<>();
    Object list = m.get("to");
    if (list instanceof List<?> l) {
      for (Object x : l) to.add(text(x, "to"));
    } else if (list != null) {
      throw new IllegalArgumentException("to: not a list");
    }
    return new OutboundMail(
        text(m.get("tenantId"), "tenantId"),
        seq(m.get("ticketSeq")),
        text(m.get("kind"), "kind"),
        text(m.get("dedupeKey"), "dedupeKey"),
        text(m.get("body"), "body"),
        to);
  }

  /** The queue writes these fields as strings only: a number's text would not be its literal. */
  private static String text(Object v, String field) {
    if (v == null || v instanceof String) return (String) v;
    throw new IllegalArgumentException(field + ": not a string");
  }

  private static long seq(Object v) {
    if (v == null) return 0;
    try {
      if (v instanceof String s) return Long.parseLong(s);
      if (v instanceof Long || v instanceof Integer) return ((Number) v).longValue();
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("ticketSeq: not a whole number");
  }

  public boolean toStaff() {
    return !REQUESTER_KINDS.contains(kind);
  }

  /** As Serde wrote it: a null or empty value left out (Serde's default inclusion). */
  @Override
  public void writeJson(JsonOut out) {
    out.object();
    out.nonEmpty("tenantId", tenantId);
    out.field("ticketSeq", ticketSeq);
    out.nonEmpty("kind", kind);
    out.nonEmpty("dedupeKey", dedupeKey);
    out.nonEmpty("body", body);
    out.nonEmpty("to", to);
    out.end();
  }
}
