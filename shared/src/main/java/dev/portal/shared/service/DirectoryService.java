package dev.portal.shared.service;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Role;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.identity.Invitations;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.IdempotentResponse;
import dev.portal.shared.store.Keys;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Setting up a tenant's clients and their contacts. */
public final class DirectoryService {
  private final DirectoryStore directory;
  private final Clock clock;
  private final Invitations invitations;

  public DirectoryService(DirectoryStore directory, Clock clock) {
    this(directory, clock, null);
  }

  /**
   * @param invitations invites each contact added through the API; null: nobody is invited (tests,
   *     tools)
   */
  public DirectoryService(DirectoryStore directory, Clock clock, Invitations invitations) {
    this.directory = directory;
    this.clock = clock;
    this.invitations = invitations;
  }

  public Client createClient(Caller caller, String name, List<String> emailDomains) {
    return createClient(caller, name, emailDomains, IdempotentResponse.none());
  }

  /**
   * As above, writing {@code answer} as the completed idempotency record in the client's own
   * transaction.
   */
  public Client createClient(
      Caller caller, String name, List<String> emailDomains, IdempotentResponse<Client> answer) {
    return createClient(caller, name, emailDomains, null, answer);
  }

  /**
   * @param accountManagerId an active staff member who owns the client's new tickets, or null
   */
  public Client createClient(
      Caller caller,
      String name,
      List<String> emailDomains,
      String accountManagerId,
      IdempotentResponse<Client> answer) {
    if (accountManagerId != null) requireAccountManager(caller, accountManagerId);
    Client client =
        new Client(
            Ids.clientId(),
            name,
            emailDomains,
            clock.instant().truncatedTo(ChronoUnit.MILLIS),
            accountManagerId == null ? null : Keys.normalizeEmail(accountManagerId));
    directory.createClient(caller.tenantId(), client, answer.completedBy(client));
    return client;
  }

  /** Sets or (with null) removes the client's account manager. */
  public Client setAccountManager(Caller caller, String clientId, String accountManagerId) {
    AccessPolicy.requireClientVisible(caller, clientId);
    if (accountManagerId != null) requireAccountManager(caller, accountManagerId);
    return directory
        .setAccountManager(caller.tenantId(), clientId, accountManagerId)
        .orElseThrow(() -> new PortalException.NotFound("no such client"));
  }

  private void requireAccountManager(Caller caller, String email) {
    var staff = directory.staff(caller.tenantId(), email);
    if (staff.isEmpty() || !staff.get().active()) {
      throw new PortalException.Invalid(
          "accountManagerId", "is not an active staff member of the tenant");
    }
  }

  public Client client(Caller caller, String clientId) {
    AccessPolicy.requireClientVisible(caller, clientId);
    return directory
        .client(caller.tenantId(), clientId)
        .orElseThrow(() -> new PortalException.NotFound("no such client"));
  }

  public Page<Client> clients(Caller caller, int limit, String cursor) {
    return directory.clients(caller.tenantId(), limit, cursor);
  }

  public Contact addContact(Caller caller, String clientId, String email, String name, Role role) {
    return addContact(caller, clientId, email, name, role, IdempotentResponse.none());
  }

  /**
   * As above, writing {@code answer} as the completed idempotency record in the contact's own
   * transaction.
   */
  public Contact addContact(
      Caller caller,
      String clientId,
      String email,
      String name,
      Role role,
      IdempotentResponse<Contact> answer) {
    client(caller, clientId);
    Contact contact =
        new Contact(email, name, clientId, role, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    if (invitations != null) {
      // Invited once the reads say the write will succeed (see MembershipService for why before the
      // write).
      if (directory.contact(caller.tenantId(), email).isPresent()) {
        throw new PortalException.Conflict(
            "a contact with this email exists in the tenant already");
      }
      invitations.invite(email, name);
    }
    directory.createContact(caller.tenantId(), contact, answer.completedBy(contact));
    return contact;
  }

  /**
   * A client's contacts in one request: the client is read only when the page is empty, to tell a
   * client without contacts (an empty list) from no such client (404). Contacts exist only under an
   * existing client.
   */
  public Page<Contact> contacts(Caller caller, String clientId, int limit, String cursor) {
    AccessPolicy.requireClientVisible(caller, clientId);
    Page<Contact> page = directory.contacts(caller.tenantId(), clientId, limit, cursor);
    if (page.items().isEmpty()) client(caller, clientId);
    return page;
  }
}
