package dev.portal.shared.mail;

/**
 * Header text as it may leave the parser: without a single control character. RFC 5322 allows none
 * in a field body apart from folding, and a lone CR or LF is worse than noise: readers that take it
 * for a line break see a header field of the sender's choosing (a {@code Bcc:}, a {@code
 * Reply-To:}) wherever we copy the value into our own mail. Linear in the length of the text,
 * whatever it holds.
 */
public final class HeaderText {

  private HeaderText() {}

  /**
   * RFC 5322 unfolding: a line break (CRLF, or a lone CR or LF, which senders write too) followed
   * by white space is dropped; any other line break inside the value separates words, so it becomes
   * one space; trailing ones go.
   */
  static String unfold(String text) {
    int n = text.length();
    StringBuilder out = null;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c != '\r' && c != '\n') {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n).append(text, 0, i);
      }
      int next = c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
      boolean folding = next < n && (text.charAt(next) == ' ' || text.charAt(next) == '\t');
      if (!folding && next < n) {
        out.append(' ');
      }
      i = next - 1;
    }
    return out == null ? text : out.toString();
  }

  /**
   * The text with every control character (C0 including CR, LF, NUL and tab, DEL, C1) and the
   * Unicode line and paragraph separators replaced by a space: safe to show, to store and to write
   * into a header as encoded text.
   */
  public static String clean(String text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (isControl(text.charAt(i))) {
        StringBuilder out = new StringBuilder(n).append(text, 0, i);
        for (int k = i; k < n; k++) {
          char c = text.charAt(k);
          out.append(isControl(c) ? ' ' : c);
        }
        return out.toString();
      }
    }
    return text;
  }

  static boolean isControl(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
