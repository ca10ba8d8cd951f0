package dev.portal.shared.service;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Identifiers. A ticket id carries its tenant-local sequence number and a random part: the number
 * makes a lookup by id or by human number one GetItem on the same key, the random part stops anyone
 * from guessing ids.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final Pattern PLAUSIBLE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The most digits a ticket's sequence number has in an id or number: it fits a long. */
  private static final int SEQ_MAX_DIGITS = 18;

  /** A ticket number's prefix, {@code ACME}: at most this many letters and digits. */
  private static final int PREFIX_MAX_LENGTH = 12;

  /** The random part of a ticket id. */
  private static final int ID_RANDOM_LENGTH = 10;

  private Ids() {}

  public static String ticketId(long seq) {
    return "tk-" + seq + "-" + random(10);
  }

  public static String ticketNumber(String prefix, long seq) {
    return prefix + "-" + seq;
  }

  public static String clientId() {
    return "cli_" + random(12);
  }

  public static String contractId() {
    return "ct_" + random(12);
  }

  public static String groupId() {
    return "grp_" + random(12);
  }

  /**
   * Whether a path segment can be a contract or invoice id at all: anything else is a 404 without a
   * read, and no id can smuggle a key separator into a key.
   */
  public static boolean isPlausibleId(String id) {
    return id != null && PLAUSIBLE_ID.matcher(id).matches();
  }

  public static String timeEntryId() {
    return "te_" + random(12);
  }

  public static String invoiceId() {
    return "inv_" + random(12);
  }

  public static String eventId(long ticketSeq, long eventSeq) {
    return "ev-" + ticketSeq + "-" + eventSeq;
  }

  /**
   * Which reference a path segment is; the caller then checks the stored ticket's id or number
   * equals it.
   */
  public sealed interface TicketRef {
    long seq();

    record ById(String id, long seq) implements TicketRef {}

    record ByNumber(String number, long seq) implements TicketRef {}
  }

  /**
   * A ticket id, {@code tk-<seq>-<10 of [a-z2-9]>}, or a ticket number, {@code <1-12 letters or
   * digits>-<seq>} (upper-cased), where {@code seq} is {@code [1-9][0-9]{0,17}}; anything else is
   * empty. Read by hand in one pass: every ticket route reads one (two regex matchers cost more
   * than the rest of the lookup's own work).
   */
  public static Optional<TicketRef> parseTicketRef(String s) {
    if (s == null) return Optional.empty();
    int n = s.length();
    if (s.startsWith("tk-")) {
      int seqEnd = seqEnd(s, 3);
      if (seqEnd > 0 && seqEnd + 1 + ID_RANDOM_LENGTH == n && s.charAt(seqEnd) == '-') {
        boolean random = true;
        for (int i = seqEnd + 1; i < n && random; i++) {
          char c = s.charAt(i);
          random = (c >= 'a' && c <= 'z') || (c >= '2' && c <= '9');
        }
        if (random) return Optional.of(new TicketRef.ById(s, Long.parseLong(s, 3, seqEnd, 10)));
      }
    }
    int dash = 0;
    while (dash < n && dash <= PREFIX_MAX_LENGTH && alnum(s.charAt(dash))) dash++;
    if (dash == 0 || dash > PREFIX_MAX_LENGTH || dash == n || s.charAt(dash) != '-')
      return Optional.empty();
    if (seqEnd(s, dash + 1) != n) return Optional.empty();
    return Optional.of(
        new TicketRef.ByNumber(s.toUpperCase(Locale.ROOT), Long.parseLong(s, dash + 1, n, 10)));
  }

  /**
   * Where a sequence number starting at {@code from} ends ({@code [1-9][0-9]{0,17}}, as long as
   * possible), or -1 when none starts there.
   */
  private static int seqEnd(String s, int from) {
    int n = s.length();
    if (from >= n || s.charAt(from) < '1' || s.charAt(from) > '9') return -1;
    int i = from + 1;
    while (i < n && i - from < SEQ_MAX_DIGITS && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
    return i;
  }

  private static boolean alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  public static String random(int n) {
    char[] out = new char[n];
    for (int i = 0; i < n; i++) out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    return new String(out);
  }
}
