package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * Message-ID, In-Reply-To, References and Return-Path values: angle-bracketed tokens, read
 * leniently (bare ids when the sender left the brackets out) but kept only when valid ({@link
 * MailSyntax}), because they go back out in our own In-Reply-To and References headers. One pass
 * over the value, no regular expression.
 */
final class MessageIds {

  /**
   * Ids kept from one In-Reply-To or References value, the newest (last): each one costs a lookup
   * when the mail is threaded, and a thread keeps no more than 20 (MailThread.MAX_REFERENCES).
   */
  static final int MAX_IDS = 20;

  private MessageIds() {}

  /** The first id without brackets, or null when there is none or it is not a valid msg-id. */
  static String first(String value) {
    List<String> tokens = tokens(value);
    return tokens.isEmpty() || !MailSyntax.isMessageId(tokens.getFirst())
        ? null
        : tokens.getFirst();
  }

  /** The valid ids, in order, at most the last {@link #MAX_IDS}. */
  static List<String> all(String value) {
    List<String> ids = new ArrayList<>();
    for (String token : tokens(value)) {
      if (MailSyntax.isMessageId(token)) {
        ids.add(token);
      }
    }
    return ids.size() <= MAX_IDS
        ? ids
        : new ArrayList<>(ids.subList(ids.size() - MAX_IDS, ids.size()));
  }

  /**
   * Return-Path without brackets: null when absent or not an address, "" for the null sender {@code
   * <>}.
   */
  static String returnPath(String value) {
    if (value == null) {
      return null;
    }
    List<String> tokens = tokens(value);
    if (tokens.isEmpty()) {
      return ""; // "<>", or nothing at all
    }
    return MailSyntax.isAddress(tokens.getFirst()) ? tokens.getFirst() : null;
  }

  /**
   * The contents of each {@code <...>} in the value, stripped; when there are no brackets at all,
   * the words (split at white space and commas) instead.
   */
  private static List<String> tokens(String value) {
    List<String> tokens = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return tokens;
    }
    int n = value.length();
    int open = -1;
    boolean bracketed = false;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '<') {
        open = i;
        bracketed = true;
      } else if (c == '>' && open >= 0) {
        String id = value.substring(open + 1, i).strip();
        if (!id.isEmpty()) {
          tokens.add(id);
        }
        open = -1;
      }
    }
    if (bracketed) {
      return tokens;
    }
    int start = -1;
    for (int i = 0; i <= n; i++) {
      boolean separator =
          i == n || value.charAt(i) == ',' || Character.isWhitespace(value.charAt(i));
      if (!separator && start < 0) {
        start = i;
      } else if (separator && start >= 0) {
        tokens.add(value.substring(start, i));
        start = -1;
      }
    }
    return tokens;
  }
}
