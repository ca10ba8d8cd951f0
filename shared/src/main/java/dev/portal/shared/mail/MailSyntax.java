package dev.portal.shared.mail;

/**
 * The two kinds of header value we take from a sender and write back into our own mail, checked
 * against their grammar: addresses (RFC 5322 addr-spec in its dot-atom form, with RFC 5321's
 * lengths and host names) and message ids (RFC 5322 msg-id). A value that passes holds nothing but
 * printable ASCII without spaces, so it can neither break a header line nor name a second
 * recipient.
 */
public final class MailSyntax {

  /** RFC 5321 section 4.5.3.1.1. */
  public static final int MAX_LOCAL_PART = 64;

  /** RFC 5321's path limit (256) less the angle brackets. */
  public static final int MAX_ADDRESS = 254;

  /**
   * Longest id without brackets whose {@code In-Reply-To: <id>} fits in one 998-character line (RFC
   * 5322 2.1.1).
   */
  public static final int MAX_MESSAGE_ID = 998 - "In-Reply-To: <>".length();

  private static final int MAX_LABEL = 63;

  private MailSyntax() {}

  /**
   * One address, {@code local@domain}: the local part a dot-atom (quoted local parts are refused:
   * they may hold commas, spaces and quotes that some software splits on), the domain a host name
   * of letters, digits and hyphens (no address literals), ASCII only, within RFC 5321's lengths.
   */
  public static boolean isAddress(String s) {
    if (s == null || s.length() > MAX_ADDRESS) {
      return false;
    }
    int at = s.indexOf('@');
    if (at < 1 || at > MAX_LOCAL_PART || at == s.length() - 1) {
      return false;
    }
    return isDotAtom(s, 0, at) && isHostName(s, at + 1, s.length());
  }

  /**
   * A msg-id without its angle brackets, {@code left@right}: both sides atext and dots (dots
   * anywhere, as some mailers write them), or a bracketed literal on the right; at most {@link
   * #MAX_MESSAGE_ID} characters.
   */
  public static boolean isMessageId(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_MESSAGE_ID) {
      return false;
    }
    int at = s.indexOf('@');
    if (at < 1 || at == s.length() - 1 || !isAtextOrDots(s, 0, at)) {
      return false;
    }
    if (s.charAt(at + 1) == '[') {
      return s.endsWith("]") && isDtext(s, at + 2, s.length() - 1);
    }
    return isAtextOrDots(s, at + 1, s.length());
  }

  private static boolean isDotAtom(String s, int from, int to) {
    boolean afterDot = true; // no dot at the start, none doubled, none at the end
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (afterDot) {
          return false;
        }
        afterDot = true;
      } else if (isAtext(c)) {
        afterDot = false;
      } else {
        return false;
      }
    }
    return !afterDot;
  }

  private static boolean isHostName(String s, int from, int to) {
    int labelStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        int length = i - labelStart;
        if (length == 0
            || length > MAX_LABEL
            || s.charAt(labelStart) == '-'
            || s.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
      } else if (!isLetterDigitHyphen(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAtextOrDots(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != '.' && !isAtext(c)) {
        return false;
      }
    }
    return true;
  }

  // dtext: printable ASCII except "[", "]" and "\" (RFC 5322 section 3.4.1).
  private static boolean isDtext(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 33 || c > 126 || c == '[' || c == ']' || c == '\\') {
        return false;
      }
    }
    return from < to;
  }

  // atext (RFC 5322 section 3.2.3): letters, digits and !#$%&'*+-/=?^_`{|}~
  private static boolean isAtext(char c) {
    return isLetterDigitHyphen(c) || "!#$%&'*+/=?^_`{|}~".indexOf(c) >= 0;
  }

  private static boolean isLetterDigitHyphen(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }
}
