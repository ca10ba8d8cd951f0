package dev.portal.shared.email;

import java.util.Locale;

/**
 * Whether the From address of a received message is its author's, judged from SES's verdicts:
 * anyone can write any From. A sender is verified when DMARC passes, or, for a domain that
 * publishes no DMARC policy (verdict {@code GRAY}), when SPF passes for an envelope sender ({@code
 * MAIL FROM}) aligned with the From domain. Alignment is relaxed (one domain equals the other or is
 * a subdomain of it), without a public-suffix list, so a bare top-level domain never aligns with
 * anything. SES's DKIM verdict is not used on its own: it does not say which of a message's
 * signatures passed, and a bogus first signature naming the From domain beside a valid one of
 * another domain would otherwise verify a forged From (DMARC, which checks DKIM alignment itself,
 * covers signed mail). A DMARC failure is held ({@code dmarcFailed}) whatever the domain's
 * published policy.
 */
public final class SenderAuthentication {
  /**
   * The assessment: {@code dmarcFailed} marks a domain that asked for its failures to be refused or
   * held.
   */
  public record Check(boolean verified, boolean dmarcFailed, String reason) {}

  private SenderAuthentication() {}

  /**
   * @param from the From header's address, lower-cased
   */
  public static Check check(InboundNotification.Verdicts v, String envelopeFrom, String from) {
    String fromDomain = domainOf(from);
    if (is(v.dmarc(), "PASS")) return new Check(true, false, null);
    if (is(v.dmarc(), "FAIL")) {
      return new Check(
          false,
          true,
          "DMARC failed for "
              + fromDomain
              + (v.dmarcPolicy() == null
                  ? ""
                  : " (policy " + v.dmarcPolicy().toLowerCase(Locale.ROOT) + ")"));
    }
    if (is(v.dmarc(), "GRAY") || v.dmarc() == null) {
      if (is(v.spf(), "PASS") && aligned(domainOf(envelopeFrom), fromDomain))
        return new Check(true, false, null);
      return new Check(false, false, "no DMARC policy, and SPF did not pass for " + fromDomain);
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

  private static String trimDot(String d) {
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }
}
