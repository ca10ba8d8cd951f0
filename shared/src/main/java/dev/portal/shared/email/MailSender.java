package dev.portal.shared.email;

import java.util.List;

/** Sends one complete RFC 5322 message (SES v2 SendEmail with Raw content). */
public interface MailSender {
  /** @return the provider's id of the sent message */
  String sendRaw(String from, List<String> to, byte[] rawMessage);
}
