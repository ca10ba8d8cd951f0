package dev.portal.shared.domain;

/**
 * The display name of a tenant's outbound mail, as it may go into a From header. The API refuses a
 * name with anything listed here; the notifier passes every stored name through {@link #headerSafe}
 * again, because names written before the rule (or by other paths) must not reach a header either.
 * A name the API accepts passes through unchanged.
 */
public final class SenderName {
  private SenderName() {}

  /** Why {@code name} cannot be a sender name, or null when it can. */
  public static String problem(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isControl(c)) return "must not hold control characters or line breaks";
      if (isSpecial(c))
        return "must not hold quotes, angle brackets, backslashes, commas, semicolons, colons or @";
      if (c == '?' && i > 0 && name.charAt(i - 1) == '=')
        return "must not hold =? (an encoded word readers would decode)";
      if (Character.isSurrogate(c) && !validSurrogate(name, i)) return "must be valid Unicode text";
    }
    return null;
  }

  /**
   * {@code name} with control characters turned into spaces, every character {@link #problem}
   * refuses dropped, stripped and cut to {@link Caps#SENDER_NAME}; null when nothing is left.
   */
  public static String headerSafe(String name) {
    if (name == null) return null;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isControl(c)) {
        out.append(' ');
      } else if (isSpecial(c) || Character.isSurrogate(c) && !validSurrogate(name, i)) {
        continue;
      } else if (c == '?' && !out.isEmpty() && out.charAt(out.length() - 1) == '=') {
        // "=?" would start an RFC 2047 word, which readers decode even inside a quoted display
        // name.
        continue;
      } else {
        out.append(c);
      }
    }
    String s = out.toString().strip();
    if (s.codePointCount(0, s.length()) > Caps.SENDER_NAME)
      s = s.substring(0, s.offsetByCodePoints(0, Caps.SENDER_NAME)).strip();
    return s.isEmpty() ? null : s;
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c))
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** C0 (CR, LF, NUL, tab...), DEL, C1, and the Unicode line and paragraph separators. */
  static boolean isControl(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }

  /** RFC 5322 specials that end or split a display name when a reader parses it loosely. */
  private static boolean isSpecial(char c) {
    return c == '"' || c == '<' || c == '>' || c == '\\' || c == ',' || c == ';' || c == ':'
        || c == '@';
  }
}
