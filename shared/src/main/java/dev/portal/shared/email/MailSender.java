package dev.portal.shared.email;

import java.util.List;

/** Sends one complete RFC 5322 message (SES v2 SendEmail with Raw content). */
public interface MailSender {
  /**
   * @param tenantId whose mail it is: SES publishes it back with the mail's bounce and complaint
   *     events (a message tag)
   * @return the provider's id of the sent message
   * @throws Throttled when the provider refused the send for its rate or quota: the same send
   *     succeeds later
   */
  String sendRaw(String from, List<String> to, byte[] rawMessage, String tenantId);

  /** SES refused the send for the account's sending rate or daily quota; nothing was sent. */
  final class Throttled extends RuntimeException {
    public Throttled(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
