package dev.portal.shared.email;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Set;

/**
 * One mail the notifier is to send, as queued (JSON, Micronaut Serde).
 *
 * @param kind {@code acknowledgement}, {@code agent_reply} or {@code resolved}
 * @param dedupeKey the notifier sends a key once: {@code ack-<seq>} for an acknowledgement, the event id otherwise
 * @param body the agent's comment for a reply; null for the others, whose text the notifier writes
 * @param to the recipients of a staff mail (kinds outside {@link #REQUESTER_KINDS}); empty for the requester's mails
 */
@Serdeable
public record OutboundMail(String tenantId, long ticketSeq, String kind, String dedupeKey, String body, List<String> to) {
  public static final String ACKNOWLEDGEMENT = "acknowledgement";
  public static final String AGENT_REPLY = "agent_reply";
  public static final String RESOLVED = "resolved";
  /** Staff: an SLA clock of a ticket they look after reached its warning point. */
  public static final String SLA_WARNING = "sla_warning";
  /** Staff (and the client's account manager): an SLA clock passed its due time. */
  public static final String SLA_BREACHED = "sla_breached";

  /** Kinds that go to the requester; every other kind goes to the staff named in {@code to}. */
  public static final Set<String> REQUESTER_KINDS = Set.of(ACKNOWLEDGEMENT, AGENT_REPLY, RESOLVED);

  public OutboundMail {
    to = to == null ? List.of() : List.copyOf(to);
  }

  public OutboundMail(String tenantId, long ticketSeq, String kind, String dedupeKey, String body) {
    this(tenantId, ticketSeq, kind, dedupeKey, body, List.of());
  }

  public boolean toStaff() {
    return !REQUESTER_KINDS.contains(kind);
  }
}
