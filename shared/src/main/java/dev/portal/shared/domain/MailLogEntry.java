package dev.portal.shared.domain;

import java.time.Instant;
import java.util.List;

/**
 * One line of the tenant's mail log: every message that reached one of its mailboxes, whatever
 * became of it.
 *
 * @param rawKey where the raw message stays (S3 key), so nothing is ever lost
 * @param senderVerified whether SES's verdicts authenticated the From address; null when the
 *     message was decided before that was asked (rejected as automatic, spam, unreadable)
 */
public record MailLogEntry(
    String id,
    String messageId,
    String from,
    List<String> to,
    String subject,
    Instant receivedAt,
    MailOutcome outcome,
    String reason,
    String ticketId,
    String rawKey,
    Boolean senderVerified) {}
