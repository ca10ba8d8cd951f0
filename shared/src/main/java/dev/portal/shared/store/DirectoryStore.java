package dev.portal.shared.store;

import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.TenantSettings;
import java.util.Optional;

/** The tenant's configuration: settings, client companies, their contacts and email domains. */
public interface DirectoryStore {

  /** Creates or replaces the tenant's settings, keeping its ticket counter. */
  void putTenant(TenantSettings settings);

  Optional<TenantSettings> tenant(String tenantId);

  /**
   * Creates the client and claims its email domains in one transaction.
   *
   * @throws dev.portal.shared.error.PortalException.Conflict when a domain belongs to another client already
   */
  default void createClient(String tenantId, Client client) {
    createClient(tenantId, client, Optional.empty());
  }

  /** As above, with the request's completed idempotency record in the same transaction. @throws IdempotencyCollision */
  void createClient(String tenantId, Client client, Optional<CompletedIdempotency> record);

  Optional<Client> client(String tenantId, String clientId);

  Page<Client> clients(String tenantId, int limit, String cursor);

  /** @throws dev.portal.shared.error.PortalException.Conflict when the email is a contact of the tenant already */
  default void createContact(String tenantId, Contact contact) {
    createContact(tenantId, contact, Optional.empty());
  }

  /**
   * As above; with a record, the contact and the request's completed idempotency record are written in one
   * transaction. @throws IdempotencyCollision
   */
  void createContact(String tenantId, Contact contact, Optional<CompletedIdempotency> record);

  Optional<Contact> contact(String tenantId, String email);

  Page<Contact> contacts(String tenantId, String clientId, int limit, String cursor);

  /** A staff member of the tenant by email (their id); the staff routes of branch identity write these items. */
  Optional<dev.portal.shared.domain.Staff> staff(String tenantId, String email);

  /**
   * Creates or replaces a staff member's item. Seeding only (local mode's demo tenant, the tests) until branch identity's
   * staff routes land.
   */
  void putStaff(String tenantId, dev.portal.shared.domain.Staff staff);

  /**
   * Sets (or with null removes) the client's account manager.
   *
   * @return the client as changed; empty when there is no such client
   */
  Optional<Client> setAccountManager(String tenantId, String clientId, String accountManagerId);

  /** The client that claimed an email domain, for mail from unknown senders. */
  Optional<String> clientForDomain(String tenantId, String domain);
}
