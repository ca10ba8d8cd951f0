package dev.portal.shared.email;

import dev.portal.shared.error.FieldError;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.MailDomainRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which tenant may receive and send mail on a domain. A domain belongs to one tenant; a tenant gets
 * one by proving it controls it, never by registering first (an SES identity belongs to the AWS
 * account, not to a tenant, so it proves nothing here):
 *
 * <ul>
 *   <li>its platform subdomain {@code <tenant>.<MAIL_DOMAIN>} is always its own, and no other
 *       tenant may use it or the platform domain itself;
 *   <li>{@code dns} (AWS): a TXT record {@code _portal-mail.<domain>} holding {@code
 *       portal-mail=<token>}, the token an HMAC of tenant and domain under the deployment's secret,
 *       so nobody else can compute it;
 *   <li>{@code first-come} (local mode and tests, no DNS): the first tenant to register a mailbox
 *       on a domain has it.
 * </ul>
 */
public final class MailDomains {
  public enum Proof {
    DNS,
    FIRST_COME
  }

  /** What a tenant must publish to prove a domain. */
  public record Challenge(String domain, String recordName, String recordValue) {}

  private final String platformDomain;
  private final Proof proof;
  private final TxtResolver dns;
  private final Supplier<String> secret;
  private volatile byte[] tokenKey;
  private final MailDomainRegistry mail;

  /**
   * @param platformDomain {@code MAIL_DOMAIN}, or null when the deployment offers no platform
   *     subdomains
   * @param secret the deployment's secret ({@code CURSOR_SECRET}); the token key is derived from it
   */
  public MailDomains(
      String platformDomain, Proof proof, TxtResolver dns, String secret, MailDomainRegistry mail) {
    this(platformDomain, proof, dns, () -> secret, mail);
  }

  /**
   * The secret is asked for at the first challenge (in AWS it comes from Parameter Store:
   * config/CursorSecret).
   */
  public MailDomains(
      String platformDomain,
      Proof proof,
      TxtResolver dns,
      Supplier<String> secret,
      MailDomainRegistry mail) {
    this.platformDomain =
        platformDomain == null || platformDomain.isBlank() ? null : normal(platformDomain);
    this.proof = proof;
    this.dns = dns;
    this.secret = secret;
    this.mail = mail;
  }

  private byte[] tokenKey() {
    byte[] k = tokenKey;
    if (k == null) {
      k = hmac(secret.get().getBytes(StandardCharsets.UTF_8), "portal mail-domain proof key");
      tokenKey = k;
    }
    return k;
  }

  public Challenge challenge(String tenantId, String domain) {
    String d = normal(domain);
    String token = HexFormat.of().formatHex(hmac(tokenKey(), tenantId + "\n" + d)).substring(0, 32);
    return new Challenge(d, "_portal-mail." + d, "portal-mail=" + token);
  }

  /**
   * Makes sure the tenant owns the domain of a mailbox it registers, claiming it when the proof
   * holds.
   *
   * @throws PortalException.Conflict when another tenant owns the domain, or it is another tenant's
   *     platform domain
   * @throws PortalException.Invalid when the tenant has not proven it yet (the message names the
   *     TXT record)
   */
  public void requireOwned(String tenantId, String domain, Instant now) {
    String d = normal(domain);
    if (platformDomain != null) {
      if (hasPlatformLabel(tenantId) && d.equals(tenantId + "." + platformDomain)) {
        claim(tenantId, d, "platform", now);
        return;
      }
      if (d.equals(platformDomain) || d.endsWith("." + platformDomain)) {
        throw new PortalException.Conflict(
            "the domain " + d + " is the platform's or another tenant's");
      }
    }
    var owner = mail.domainOwner(d);
    if (owner.isPresent()) {
      if (owner.get().equals(tenantId)) return;
      throw new PortalException.Conflict("the domain " + d + " belongs to another tenant");
    }
    if (proof == Proof.DNS) {
      Challenge c = challenge(tenantId, d);
      List<String> published = dns.txt(c.recordName());
      if (!published.contains(c.recordValue())) {
        throw new PortalException.Invalid(
            List.of(
                new FieldError(
                    "address",
                    "prove that the domain is yours first: "
                        + "publish a DNS TXT record "
                        + c.recordName()
                        + " with the value "
                        + c.recordValue()
                        + " (GET /v1/mail-domains/"
                        + d
                        + " shows it), then register again")));
      }
      claim(tenantId, d, "dns", now);
      return;
    }
    claim(tenantId, d, "first-come", now);
  }

  private void claim(String tenantId, String domain, String how, Instant now) {
    String owner = mail.claimDomain(domain, tenantId, how, now);
    if (!owner.equals(tenantId))
      throw new PortalException.Conflict("the domain " + domain + " belongs to another tenant");
  }

  /**
   * Tenant ids are case-sensitive, domain names are not: only an id that is a lower-case DNS label
   * as it stands names a platform subdomain, so "ACME" can neither take nor block the subdomain of
   * "acme".
   */
  static boolean hasPlatformLabel(String tenantId) {
    int n = tenantId.length();
    if (n == 0 || n > 63 || tenantId.charAt(0) == '-' || tenantId.charAt(n - 1) == '-')
      return false;
    for (int i = 0; i < n; i++) {
      char c = tenantId.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
  }

  private static String normal(String domain) {
    String d = domain.strip().toLowerCase(Locale.ROOT);
    return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
