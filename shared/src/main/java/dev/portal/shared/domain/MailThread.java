package dev.portal.shared.domain;

import java.util.List;

/**
 * How a ticket is reached by mail: the mailbox it came in through (outbound mail is sent from it)
 * and the Message-IDs of its conversation, oldest first (the last client message is answered with
 * In-Reply-To, all go into References).
 */
public record MailThread(String mailbox, String lastClientMessageId, List<String> messageIds) {
  public static final int MAX_REFERENCES = 20;
}
