package dev.portal.shared.domain;

import java.time.Instant;
import java.util.List;

/**
 * A client company of the tenant. {@code emailDomains} route unknown senders of those domains to
 * it.
 *
 * @param accountManagerId the staff member (lower-cased email) who owns the company's new tickets,
 *     or null
 */
public record Client(
    String id, String name, List<String> emailDomains, Instant createdAt, String accountManagerId) {
  public Client(String id, String name, List<String> emailDomains, Instant createdAt) {
    this(id, name, emailDomains, createdAt, null);
  }
}
