package dev.portal.shared.email;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Page;
import dev.portal.shared.store.IdempotentResponse;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MailStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** The tenant's support addresses and its mail log. Roles are checked on the routes. */
public final class MailboxService {
  private final MailStore mail;
  private final MailDomains domains;
  private final Clock clock;

  public MailboxService(MailStore mail, MailDomains domains, Clock clock) {
    this.mail = mail;
    this.domains = domains;
    this.clock = clock;
  }

  /**
   * Registers an address on a domain the tenant owns ({@link MailDomains}): its platform subdomain,
   * or a domain it proved. Mail to the address then becomes the tenant's, and its mail is sent from
   * it.
   *
   * @throws dev.portal.shared.error.PortalException.Conflict when another tenant owns the domain or
   *     the address
   * @throws dev.portal.shared.error.PortalException.Invalid when the tenant has not proven the
   *     domain yet
   */
  public MailStore.Registered register(Caller caller, String address) {
    return register(caller, address, IdempotentResponse.none());
  }

  /**
   * As above; a new mailbox is written with {@code answer} as the completed idempotency record, in
   * one transaction (an address the tenant had already is answered without a write, so nothing is
   * recorded with it).
   */
  public MailStore.Registered register(
      Caller caller, String address, IdempotentResponse<MailStore.Registered> answer) {
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    domains.requireOwned(caller.tenantId(), address.substring(address.lastIndexOf('@') + 1), now);
    Mailbox mailbox = new Mailbox(Keys.normalizeEmail(address), caller.tenantId(), now);
    return mail.registerMailbox(
        mailbox, answer.completedBy(new MailStore.Registered(mailbox, true)));
  }

  /** The TXT record that proves a domain for the caller's tenant. */
  public MailDomains.Challenge challenge(Caller caller, String domain) {
    return domains.challenge(caller.tenantId(), domain);
  }

  public Page<Mailbox> mailboxes(Caller caller, int limit, String cursor) {
    return mail.mailboxes(caller.tenantId(), limit, cursor);
  }

  public Page<MailLogEntry> mailLog(Caller caller, MailOutcome outcome, int limit, String cursor) {
    return mail.mailLog(caller.tenantId(), outcome, limit, cursor);
  }
}
