package dev.portal.local;

import dev.portal.shared.email.InboundNotification.Verdicts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Local mode's stand-in for SES's authentication verdicts: every verdict is PASS unless the message
 * carries {@code X-Local-Verdicts: spf=fail dkim=fail dmarc=fail} (any subset; {@code pass}, {@code
 * fail}, {@code gray}), so that every path of sender authentication can be tried by hand over SMTP.
 * The header is removed before the message is stored, as it would never reach AWS. Local mode only:
 * nothing in the functions reads it.
 */
public final class LocalVerdicts {
  static final String HEADER = "x-local-verdicts";

  /** The message without the header, and the verdicts it asked for. */
  public record Result(byte[] raw, Verdicts verdicts) {}

  private LocalVerdicts() {}

  /** Scans the header section once (up to the first empty line); the body is copied untouched. */
  public static Result strip(byte[] raw) {
    String spf = "PASS";
    String dkim = "PASS";
    String dmarc = "PASS";
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    int i = 0;
    boolean dropping = false;
    while (i < raw.length) {
      int end = i;
      while (end < raw.length && raw[end] != '\n') end++;
      int next = Math.min(end + 1, raw.length);
      boolean empty = end == i || (end == i + 1 && raw[i] == '\r');
      if (empty) {
        out.write(raw, i, raw.length - i);
        break;
      }
      boolean continuation = raw[i] == ' ' || raw[i] == '\t';
      if (!continuation) dropping = startsWithName(raw, i, end);
      if (dropping) {
        String line =
            new String(raw, i, end - i, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
        for (String token :
            line.substring(continuation ? 0 : line.indexOf(':') + 1).trim().split("[\\s;,]+")) {
          int eq = token.indexOf('=');
          if (eq <= 0) continue;
          String value = token.substring(eq + 1).toUpperCase(Locale.ROOT);
          if (!value.equals("PASS") && !value.equals("FAIL") && !value.equals("GRAY")) continue;
          switch (token.substring(0, eq)) {
            case "spf" -> spf = value;
            case "dkim" -> dkim = value;
            case "dmarc" -> dmarc = value;
            default -> {}
          }
        }
      } else {
        out.write(raw, i, next - i);
      }
      i = next;
    }
    return new Result(out.toByteArray(), new Verdicts("PASS", "PASS", spf, dkim, dmarc, null));
  }

  private static boolean startsWithName(byte[] raw, int from, int end) {
    int n = HEADER.length();
    if (end - from < n + 1) return false;
    for (int k = 0; k < n; k++) {
      if (Character.toLowerCase((char) raw[from + k]) != HEADER.charAt(k)) return false;
    }
    int k = from + n;
    while (k < end && (raw[k] == ' ' || raw[k] == '\t')) k++;
    return k < end && raw[k] == ':';
  }
}
