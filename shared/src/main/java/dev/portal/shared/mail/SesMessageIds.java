package dev.portal.shared.mail;

import java.util.Locale;
import java.util.Optional;

/**
 * The Message-IDs SES gives the mail it sends. SES replaces the Message-ID header of every message
 * with {@code <id@email.amazonses.com>} in us-east-1 and {@code <id@<region>.amazonses.com>}
 * elsewhere, where id is what SendEmail returned ("Amazon SES header fields"); the client's reply
 * quotes that form only. Both forms of one id thread alike, so threading keys them by the id alone.
 *
 * <p>Only {@code <label>.amazonses.com} with exactly one host-name label before it counts: a
 * look-alike such as {@code id@evil.amazonses.com.example} is an ordinary Message-ID, and the key
 * of an SES id ({@code amazonses:<id>}) holds no {@code @}, so no Message-ID anyone writes can
 * spell it.
 */
public final class SesMessageIds {
  /** SES's ids are about 60 characters; more is not one of them. */
  public static final int MAX_ID = 128;

  private static final String DOMAIN = ".amazonses.com";
  private static final String US_EAST_1 = "email.amazonses.com";
  private static final String KEY_PREFIX = "amazonses:";

  private SesMessageIds() {}

  /**
   * The SendEmail id inside one of SES's Message-IDs (without angle brackets), or empty for any
   * other id.
   */
  public static Optional<String> sesId(String messageId) {
    if (messageId == null || messageId.length() > MAX_ID + 1 + 63 + DOMAIN.length())
      return Optional.empty();
    int at = messageId.indexOf('@');
    if (at < 1 || at > MAX_ID || messageId.indexOf('@', at + 1) >= 0) return Optional.empty();
    String domain = messageId.substring(at + 1).toLowerCase(Locale.ROOT);
    if (!domain.endsWith(DOMAIN) || !isLabel(domain, 0, domain.length() - DOMAIN.length()))
      return Optional.empty();
    for (int i = 0; i < at; i++) {
      if (!isIdChar(messageId.charAt(i))) return Optional.empty();
    }
    return Optional.of(messageId.substring(0, at));
  }

  /**
   * The Message-ID (without brackets) SES gives a message whose SendEmail returned {@code sesId},
   * in us-east-1's form; empty when the answer is no SES id (another provider's, or a broken one),
   * so nothing false is remembered.
   */
  public static Optional<String> headerId(String sesId) {
    if (sesId == null) return Optional.empty();
    String id = sesId + "@" + US_EAST_1;
    return sesId(id).isPresent() ? Optional.of(id) : Optional.empty();
  }

  /**
   * What a Message-ID is remembered and looked up by: SES's ids by their id part, every other id as
   * it is.
   */
  public static String threadingKey(String messageId) {
    return sesId(messageId.strip()).map(id -> KEY_PREFIX + id).orElse(messageId.strip());
  }

  /** SES's ids are letters, digits and hyphens; anything else is someone else's id. */
  private static boolean isIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  /**
   * One host-name label: 1 to 63 letters, digits and hyphens, no hyphen at either end (lower-cased
   * already).
   */
  private static boolean isLabel(String s, int from, int to) {
    int n = to - from;
    if (n < 1 || n > 63 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') return false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
  }
}
