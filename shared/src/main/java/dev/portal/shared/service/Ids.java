package dev.portal.shared.service;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifiers. A ticket id carries its tenant-local sequence number and a random part: the number
 * makes a lookup by id or by human number one GetItem on the same key, the random part stops anyone
 * from guessing ids.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final Pattern TICKET_ID = Pattern.compile("tk-([1-9][0-9]{0,17})-[a-z2-9]{10}");
  private static final Pattern PLAUSIBLE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern TICKET_NUMBER =
      Pattern.compile("([A-Za-z0-9]{1,12})-([1-9][0-9]{0,17})");

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

  public static Optional<TicketRef> parseTicketRef(String s) {
    if (s == null) return Optional.empty();
    Matcher m = TICKET_ID.matcher(s);
    if (m.matches()) return Optional.of(new TicketRef.ById(s, Long.parseLong(m.group(1))));
    m = TICKET_NUMBER.matcher(s);
    if (m.matches())
      return Optional.of(
          new TicketRef.ByNumber(s.toUpperCase(Locale.ROOT), Long.parseLong(m.group(2))));
    return Optional.empty();
  }

  public static String random(int n) {
    char[] out = new char[n];
    for (int i = 0; i < n; i++) out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    return new String(out);
  }
}
