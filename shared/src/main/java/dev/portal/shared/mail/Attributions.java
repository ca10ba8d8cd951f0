package dev.portal.shared.mail;

import java.util.List;

/**
 * Recognises the line a mail client writes above quoted history ("On <date>, <name> wrote:", "Am
 * ... schrieb ...:", "... написал(а):") in one pass over the line per verb: no regular expression,
 * so no backtracking, whatever the sender puts on the line. Every form ends in the verb, optionally
 * followed by more words, and a final colon.
 */
final class Attributions {

  private static final List<String> VERBS =
      List.of(
          "wrote",
          "schrieb",
          "a écrit",
          "escribió",
          "schreef",
          "ha scritto",
          "skrev",
          "kirjoitti",
          "napisał",
          "написал",
          "написала",
          "написал(а)");
  // Words an attribution starts with: "On", "Am", "Le", "El", "Op", "Il", "Den", "В" (or a date,
  // see leadEnd).
  private static final List<String> LEADS = List.of("on", "am", "le", "el", "op", "il", "den", "в");
  // Leads of an attribution that wraps onto a second line ("On Tue, 24 Nov 2026, Alice" / "<a@b>
  // wrote:").
  private static final List<String> WRAP_LEADS = List.of("on", "am", "le", "el", "op", "il");

  private Attributions() {}

  /**
   * "On ... wrote:" and translations, or a date first ("24.11.2026 ... schrieb ...:"): history
   * whatever follows.
   */
  static boolean isFull(String line) {
    int colon = finalColon(line);
    int leadEnd = colon < 0 ? -1 : leadEnd(line, skipSpaces(line, 0));
    return leadEnd >= 0 && hasVerb(line, leadEnd + 1, colon, true);
  }

  /**
   * "... <name> wrote:": text, white space, the verb, a final colon. History only when quoted lines
   * follow.
   */
  static boolean isLoose(String line) {
    int colon = finalColon(line);
    int first = skipSpaces(line, 0);
    // the verb's preceding white space must come after some text: the verb starts at first + 2 or
    // later
    return colon >= 0 && hasVerb(line, first + 2, colon, true);
  }

  /**
   * The first line of a wrapped attribution: a lead word, white space, and at least two more
   * characters.
   */
  static boolean isWrappedStart(String line) {
    int i = skipSpaces(line, 0);
    for (String lead : WRAP_LEADS) {
      int end = i + lead.length();
      if (line.regionMatches(true, i, lead, 0, lead.length())
          && end < line.length()
          && isSpace(line.charAt(end))) {
        return line.length() - (end + 1) >= 2 && !isSpace(line.charAt(line.length() - 1));
      }
    }
    return false;
  }

  /** The second line of a wrapped attribution: the verb anywhere, then the final colon. */
  static boolean isWrappedEnd(String line) {
    int colon = finalColon(line);
    return colon >= 0 && hasVerb(line, 0, colon, false);
  }

  /**
   * Whether a verb starts at some index in [from, colon) and ends at the colon or at white space
   * before it; {@code spaceBefore}: the verb must follow white space.
   */
  private static boolean hasVerb(String line, int from, int colon, boolean spaceBefore) {
    for (int p = Math.max(from, 0); p < colon; p++) {
      if (spaceBefore && (p == 0 || !isSpace(line.charAt(p - 1)))) {
        continue;
      }
      for (String verb : VERBS) {
        int end = verbEnd(line, p, verb, colon);
        if (end == colon || (end >= 0 && end < colon && isSpace(line.charAt(end)))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Where the verb ends when it starts at p, its spaces matching any run of white space; -1 when it
   * does not.
   */
  private static int verbEnd(String line, int p, String verb, int limit) {
    int i = p;
    for (int k = 0; k < verb.length(); k++) {
      char v = verb.charAt(k);
      if (v == ' ') {
        if (i >= limit || !isSpace(line.charAt(i))) {
          return -1;
        }
        while (i < limit && isSpace(line.charAt(i))) {
          i++;
        }
      } else if (i < limit && line.regionMatches(true, i, verb, k, 1)) {
        i++;
      } else {
        return -1;
      }
    }
    return i;
  }

  /**
   * Where the lead word or date at i ends, provided a word boundary follows; -1 when there is none.
   */
  private static int leadEnd(String line, int i) {
    for (String lead : LEADS) {
      int end = i + lead.length();
      if (line.regionMatches(true, i, lead, 0, lead.length()) && boundaryAt(line, end)) {
        return end;
      }
    }
    // dd.mm.yyyy and d/m/yy: 1-2 digits, '.' or '/', 1-2 digits, '.' or '/', 2-4 digits
    int a = digits(line, i);
    if (a >= 1 && a <= 2 && isDateSeparator(line, i + a)) {
      int j = i + a + 1;
      int b = digits(line, j);
      if (b >= 1 && b <= 2 && isDateSeparator(line, j + b)) {
        int k = j + b + 1;
        int c = digits(line, k);
        if (c >= 2 && c <= 4 && boundaryAt(line, k + c)) {
          return k + c;
        }
      }
    }
    // yyyy-mm-dd
    if (a == 4
        && charAt(line, i + 4) == '-'
        && digits(line, i + 5) == 2
        && charAt(line, i + 7) == '-'
        && digits(line, i + 8) == 2
        && boundaryAt(line, i + 10)) {
      return i + 10;
    }
    return -1;
  }

  /** Index of the last non-space character when it is a colon, else -1. */
  private static int finalColon(String line) {
    int i = line.length() - 1;
    while (i >= 0 && isSpace(line.charAt(i))) {
      i--;
    }
    return i >= 0 && line.charAt(i) == ':' ? i : -1;
  }

  private static int skipSpaces(String line, int i) {
    while (i < line.length() && isSpace(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int digits(String line, int i) {
    int n = 0;
    while (i + n < line.length() && Character.isDigit(line.charAt(i + n))) {
      n++;
    }
    return n;
  }

  private static boolean isDateSeparator(String line, int i) {
    char c = charAt(line, i);
    return c == '.' || c == '/';
  }

  private static char charAt(String line, int i) {
    return i < line.length() ? line.charAt(i) : '\0';
  }

  // \b after a word character: the end of the line or a character that is not part of a word.
  private static boolean boundaryAt(String line, int i) {
    return i >= line.length() || !isWordChar(line.charAt(i));
  }

  private static boolean isWordChar(char c) {
    int type = Character.getType(c);
    return Character.isLetterOrDigit(c)
        || type == Character.CONNECTOR_PUNCTUATION
        || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }
}
