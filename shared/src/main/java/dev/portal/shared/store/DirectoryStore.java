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
  void createClient(String tenantId, Client client);

  Optional<Client> client(String tenantId, String clientId);

  Page<Client> clients(String tenantId, int limit, String cursor);

  /** @throws dev.portal.shared.error.PortalException.Conflict when the email is a contact of the tenant already */
  void createContact(String tenantId, Contact contact);

  Optional<Contact> contact(String tenantId, String email);

  Page<Contact> contacts(String tenantId, String clientId, int limit, String cursor);

  /** The client that claimed an email domain, for mail from unknown senders. */
  Optional<String> clientForDomain(String tenantId, String domain);
}
