package dev.portal.shared.email;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Page;
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
   * Registers an address on a domain the tenant owns ({@link MailDomains}): its platform subdomain, or a domain it
   * proved. Mail to the address then becomes the tenant's, and its mail is sent from it.
   *
   * @throws dev.portal.shared.error.PortalException.Conflict when another tenant owns the domain or the address
   * @throws dev.portal.shared.error.PortalException.Invalid  when the tenant has not proven the domain yet
   */
  public MailStore.Registered register(Caller caller, String address) {
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    domains.requireOwned(caller.tenantId(), address.substring(address.lastIndexOf('@') + 1), now);
    return mail.registerMailbox(new Mailbox(address, caller.tenantId(), now));
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
