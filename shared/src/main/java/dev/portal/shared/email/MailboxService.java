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
  private final Clock clock;

  public MailboxService(MailStore mail, Clock clock) {
    this.mail = mail;
    this.clock = clock;
  }

  /** @throws dev.portal.shared.error.PortalException.Conflict when another tenant registered the address */
  public MailStore.Registered register(Caller caller, String address) {
    return mail.registerMailbox(new Mailbox(address, caller.tenantId(), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
  }

  public Page<Mailbox> mailboxes(Caller caller, int limit, String cursor) {
    return mail.mailboxes(caller.tenantId(), limit, cursor);
  }

  public Page<MailLogEntry> mailLog(Caller caller, MailOutcome outcome, int limit, String cursor) {
    return mail.mailLog(caller.tenantId(), outcome, limit, cursor);
  }
}
