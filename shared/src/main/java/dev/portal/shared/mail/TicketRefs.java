package dev.portal.shared.mail;

import java.util.Locale;
import java.util.Optional;

/**
 * Ticket numbers that outbound mail puts in the subject as {@code [ACME-42]}, found again in
 * replies.
 */
public final class TicketRefs {

  private TicketRefs() {}

  /**
   * The first {@code [PREFIX-N]} in the subject, upper-cased: "[acme-42] Re: x" gives "ACME-42".
   * The prefix is what tenants configure (ASCII letters and digits); mail clients may change its
   * case and pad the brackets with spaces. One pass over the subject.
   */
  public static Optional<String> numberInSubject(String subject) {
    if (subject == null) {
      return Optional.empty();
    }
    for (int open = subject.indexOf('['); open >= 0; open = subject.indexOf('[', open + 1)) {
      int start = skipSpaces(subject, open + 1);
      int dash = skip(subject, start, true);
      int end = skip(subject, dash + 1, false);
      if (dash > start
          && dash < subject.length()
          && subject.charAt(dash) == '-'
          && end > dash + 1) {
        int close = skipSpaces(subject, end);
        if (close < subject.length() && subject.charAt(close) == ']') {
          return Optional.of(subject.substring(start, end).toUpperCase(Locale.ROOT));
        }
      }
    }
    return Optional.empty();
  }

  // Past a run of ASCII letters and digits (or digits only).
  private static int skip(String s, int i, boolean letters) {
    while (i < s.length() && (isDigit(s.charAt(i)) || (letters && isLetter(s.charAt(i))))) {
      i++;
    }
    return i;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
