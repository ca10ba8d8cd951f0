package dev.portal.shared.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Who owns which mail domain: the part of the store {@link dev.portal.shared.email.MailDomains}
 * needs.
 */
public interface MailDomainRegistry {
  /**
   * Gives the mail domain to the tenant unless another tenant has it (a conditional put: the first
   * claim wins).
   *
   * @param proof how the tenant showed it controls the domain ({@code platform}, {@code dns},
   *     {@code first-come})
   * @return the domain's owner after the call: the tenant, or the other tenant that had it
   */
  String claimDomain(String domain, String tenantId, String proof, Instant at);

  /** The tenant that owns the mail domain, if any. */
  Optional<String> domainOwner(String domain);
}
