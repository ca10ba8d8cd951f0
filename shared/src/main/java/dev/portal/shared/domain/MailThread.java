package dev.portal.shared.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * How a ticket is reached by mail: the mailbox it came in through (outbound mail is sent from it)
 * and the Message-IDs of its conversation, oldest first (the last client message is answered with
 * In-Reply-To, all go into References).
 */
public record MailThread(String mailbox, String lastClientMessageId, List<String> messageIds) {
  public static final int MAX_REFERENCES = 20;

  /** A thread with no message yet, of a ticket reached through {@code mailbox}. */
  public static MailThread empty(String mailbox) {
    return new MailThread(mailbox, null, List.of());
  }

  /**
   * The thread after a client's message came in through {@code mailbox}: its id ({@code null}: one
   * not to be remembered) becomes the one to answer and joins the references, the newest {@link
   * #MAX_REFERENCES} kept; the thread keeps the mailbox it has.
   */
  public MailThread received(String mailbox, String messageId) {
    List<String> ids = new ArrayList<>(messageIds);
    if (messageId != null && !ids.contains(messageId)) ids.add(messageId);
    while (ids.size() > MAX_REFERENCES) ids.removeFirst();
    return new MailThread(
        this.mailbox == null ? mailbox : this.mailbox,
        messageId != null ? messageId : lastClientMessageId,
        List.copyOf(ids));
  }
}
