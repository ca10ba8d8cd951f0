package dev.portal.shared.email;

import java.util.Locale;

/**
 * Whether the From address of a received message is its author's, judged from SES's verdicts: anyone can write any
 * From. A sender is verified when DMARC passes, or, for a domain that publishes no DMARC policy (verdict
 * {@code GRAY}), when SPF or DKIM passes for a domain aligned with the From domain: SPF for the envelope sender
 * ({@code MAIL FROM}), DKIM for the signature's {@code d=}. Alignment is relaxed (one domain equals the other or is a
 * subdomain of it), without a public-suffix list, so a signature of {@code example} never aligns with anything.
 */
public final class SenderAuthentication {
  /** The assessment: {@code dmarcFailed} marks a domain that asked for its failures to be refused or held. */
  public record Check(boolean verified, boolean dmarcFailed, String reason) {}

  private SenderAuthentication() {}

  /**
   * @param from         the From address, lower-cased
   * @param dkimSignature the first DKIM-Signature header value, or null
   */
  public static Check check(InboundNotification.Verdicts v, String envelopeFrom, String from, String dkimSignature) {
    String fromDomain = domainOf(from);
    if (is(v.dmarc(), "PASS")) return new Check(true, false, null);
    if (is(v.dmarc(), "FAIL")) {
      return new Check(false, true, "DMARC failed for " + fromDomain
          + (v.dmarcPolicy() == null ? "" : " (policy " + v.dmarcPolicy().toLowerCase(Locale.ROOT) + ")"));
    }
    if (is(v.dmarc(), "GRAY") || v.dmarc() == null) {
      if (is(v.spf(), "PASS") && aligned(domainOf(envelopeFrom), fromDomain)) return new Check(true, false, null);
      if (is(v.dkim(), "PASS") && aligned(dkimDomain(dkimSignature), fromDomain)) return new Check(true, false, null);
      return new Check(false, false, "no DMARC policy, and neither SPF nor DKIM passed for " + fromDomain);
    }
    return new Check(false, false, "DMARC could not be checked (" + v.dmarc() + ")");
  }

  private static boolean is(String verdict, String expected) {
    return verdict != null && verdict.equalsIgnoreCase(expected);
  }

  static String domainOf(String address) {
    if (address == null) return null;
    int at = address.lastIndexOf('@');
    if (at < 0 || at == address.length() - 1) return null;
    return trimDot(address.substring(at + 1).strip().toLowerCase(Locale.ROOT));
  }

  /** Relaxed alignment: equal, or one a subdomain of the other, both with at least two labels. */
  static boolean aligned(String a, String b) {
    if (a == null || b == null || a.indexOf('.') < 0 || b.indexOf('.') < 0) return false;
    return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a);
  }

  /** The {@code d=} tag of a DKIM-Signature value (RFC 6376 tag-list: {@code name=value;}), read in one pass. */
  static String dkimDomain(String signature) {
    if (signature == null) return null;
    int i = 0;
    int n = Math.min(signature.length(), 64 * 1024);
    while (i < n) {
      int semi = signature.indexOf(';', i);
      int end = semi < 0 || semi > n ? n : semi;
      int eq = signature.indexOf('=', i);
      if (eq > i && eq < end && signature.substring(i, eq).strip().equalsIgnoreCase("d")) {
        String d = signature.substring(eq + 1, end).strip().toLowerCase(Locale.ROOT);
        return d.isEmpty() ? null : trimDot(d);
      }
      i = end + 1;
    }
    return null;
  }

  private static String trimDot(String d) {
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }
}
