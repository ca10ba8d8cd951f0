package dev.portal.shared.domain;

/**
 * The display name of a tenant's outbound mail, as it may go into a From header. The API refuses a name with anything
 * listed here; the notifier passes every stored name through {@link #headerSafe} again, because names written before
 * the rule (or by other paths) must not reach a header either.
 */
public final class SenderName {
  private SenderName() {}

  /** Why {@code name} cannot be a sender name, or null when it can. */
  public static String problem(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isControl(c)) return "must not hold control characters or line breaks";
      if (isSpecial(c)) return "must not hold quotes, angle brackets, backslashes, commas, semicolons, colons or @";
    }
    return null;
  }

  /**
   * {@code name} with every character {@link #problem} refuses dropped and white space collapsed, cut to
   * {@link Caps#SENDER_NAME}; null when nothing is left.
   */
  public static String headerSafe(String name) {
    if (name == null) return null;
    StringBuilder out = new StringBuilder();
    boolean space = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = !out.isEmpty();
        continue;
      }
      if (isSpecial(c) || Character.isSurrogate(c) && !validSurrogate(name, i)) continue;
      if (space) out.append(' ');
      space = false;
      out.append(c);
    }
    String s = out.toString();
    if (s.codePointCount(0, s.length()) > Caps.SENDER_NAME) s = s.substring(0, s.offsetByCodePoints(0, Caps.SENDER_NAME)).strip();
    return s.isEmpty() ? null : s;
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** C0 (CR, LF, NUL, tab...), DEL, C1, and the Unicode line and paragraph separators. */
  static boolean isControl(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }

  /** RFC 5322 specials that end or split a display name when a reader parses it loosely. */
  private static boolean isSpecial(char c) {
    return c == '"' || c == '<' || c == '>' || c == '\\' || c == ',' || c == ';' || c == ':' || c == '@';
  }
}
