package dev.portal.shared.email;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One mail the notifier is to send, as queued (JSON, Micronaut Serde).
 *
 * @param kind {@code acknowledgement}, {@code agent_reply} or {@code resolved}
 * @param dedupeKey the notifier sends a key once: {@code ack-<seq>} for an acknowledgement, the event id otherwise
 * @param body the agent's comment for a reply; null for the others, whose text the notifier writes
 */
@Serdeable
public record OutboundMail(String tenantId, long ticketSeq, String kind, String dedupeKey, String body) {
  public static final String ACKNOWLEDGEMENT = "acknowledgement";
  public static final String AGENT_REPLY = "agent_reply";
  public static final String RESOLVED = "resolved";
}
