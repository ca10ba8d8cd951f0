package dev.portal.shared.store;

import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.TenantSettingsChange;
import java.time.ZoneId;
import java.util.Optional;

/** The tenant's configuration: settings, client companies, their contacts and email domains. */
public interface DirectoryStore {

  /** Creates or replaces the tenant's settings, keeping its ticket counter. */
  void putTenant(TenantSettings settings);

  /**
   * One GetItem: the tenant's item, empty when the tenant was never onboarded and drew no ticket
   * number.
   */
  Optional<TenantSettings> tenant(String tenantId);

  /**
   * Applies {@code change} in one UpdateItem and returns the settings after it; a tenant without an
   * item gets one with the defaults ({@link TenantSettings#defaults}) for what the change leaves
   * out.
   *
   * @throws dev.portal.shared.error.PortalException.Conflict when the change names another ticket
   *     prefix and the tenant has drawn a ticket number already
   */
  TenantSettings updateTenant(String tenantId, TenantSettingsChange change, ZoneId defaultZone);

  /**
   * Creates the client and claims its email domains in one transaction.
   *
   * @throws dev.portal.shared.error.PortalException.Conflict when a domain belongs to another
   *     client already
   */
  default void createClient(String tenantId, Client client) {
    createClient(tenantId, client, Optional.empty());
  }

  /**
   * As above, with the request's completed idempotency record in the same transaction. @throws
   * IdempotencyCollision
   */
  void createClient(String tenantId, Client client, Optional<CompletedIdempotency> record);

  Optional<Client> client(String tenantId, String clientId);

  Page<Client> clients(String tenantId, int limit, String cursor);

  /**
   * @throws dev.portal.shared.error.PortalException.Conflict when the email is a contact of the
   *     tenant already
   */
  default void createContact(String tenantId, Contact contact) {
    createContact(tenantId, contact, Optional.empty());
  }

  /**
   * As above; with a record, the contact and the request's completed idempotency record are written
   * in one transaction. @throws IdempotencyCollision
   */
  void createContact(String tenantId, Contact contact, Optional<CompletedIdempotency> record);

  Optional<Contact> contact(String tenantId, String email);

  Page<Contact> contacts(String tenantId, String clientId, int limit, String cursor);

  /**
   * A staff member of the tenant by email (their id); written with their membership by {@link
   * MembershipStore}.
   */
  Optional<dev.portal.shared.domain.Staff> staff(String tenantId, String email);

  /**
   * Sets (or with null removes) the client's account manager.
   *
   * @return the client as changed; empty when there is no such client
   */
  Optional<Client> setAccountManager(String tenantId, String clientId, String accountManagerId);

  /** The client that claimed an email domain, for mail from unknown senders. */
  Optional<String> clientForDomain(String tenantId, String domain);
}
