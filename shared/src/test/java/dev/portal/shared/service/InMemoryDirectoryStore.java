package dev.portal.shared.service;

import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.TenantSettingsChange;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.CompletedIdempotency;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.Keys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A HashMap-backed {@link DirectoryStore} for unit tests. */
public final class InMemoryDirectoryStore implements DirectoryStore {
  final Map<String, TenantSettings> tenants = new HashMap<>();
  final Map<String, Client> clients = new HashMap<>();
  final Map<String, Contact> contacts = new HashMap<>();
  final Map<String, String> domains = new HashMap<>();
  final List<String> calls = new ArrayList<>();
  final Map<String, dev.portal.shared.domain.Staff> staff = new HashMap<>();

  private static String key(String tenantId, String id) {
    return tenantId + "#" + id;
  }

  @Override
  public void putTenant(TenantSettings settings) {
    tenants.put(settings.tenantId(), settings);
  }

  @Override
  public Optional<TenantSettings> tenant(String tenantId) {
    calls.add("tenant");
    return Optional.ofNullable(tenants.get(tenantId));
  }

  /**
   * The prefix rule of the real store needs the ticket counter, which this double does not keep:
   * not checked here.
   */
  @Override
  public TenantSettings updateTenant(
      String tenantId, TenantSettingsChange c, java.time.ZoneId defaultZone) {
    TenantSettings t =
        tenants.getOrDefault(tenantId, TenantSettings.defaults(tenantId, defaultZone));
    TenantSettings n =
        new TenantSettings(
            tenantId,
            or(c.ticketPrefix(), t.ticketPrefix()),
            or(c.zone(), t.zone()),
            or(c.name(), t.name()),
            or(c.businessHours(), t.businessHours()),
            or(c.holidays(), t.holidays()),
            or(c.language(), t.language()),
            or(c.currency(), t.currency()),
            text(c.acknowledgement(), t.acknowledgement()),
            text(c.senderName(), t.senderName()));
    tenants.put(tenantId, n);
    return n;
  }

  private static <T> T or(T change, T current) {
    return change != null ? change : current;
  }

  private static String text(String change, String current) {
    return change == null ? current : change.isEmpty() ? null : change;
  }

  @Override
  public void createClient(String tenantId, Client client, Optional<CompletedIdempotency> record) {
    for (String d : client.emailDomains()) {
      String owner = domains.get(key(tenantId, d.toLowerCase(Locale.ROOT)));
      if (owner != null && !owner.equals(client.id()))
        throw new PortalException.Conflict("domain " + d + " is taken");
    }
    clients.put(key(tenantId, client.id()), client);
    for (String d : client.emailDomains())
      domains.put(key(tenantId, d.toLowerCase(Locale.ROOT)), client.id());
  }

  /**
   * Seeds a staff member (the Dynamo store has no such write: staff are written with their
   * membership).
   */
  public void putStaff(String tenantId, dev.portal.shared.domain.Staff s) {
    staff.put(key(tenantId, Keys.normalizeEmail(s.email())), s);
  }

  /**
   * Calls of {@link #staff(String, String)} and {@link #contact}, as {@code staff:<email>} and
   * {@code contact:<email>}: each one GetItem in AWS.
   */
  public final List<String> singleReads = new ArrayList<>();

  @Override
  public Optional<dev.portal.shared.domain.Staff> staff(String tenantId, String email) {
    singleReads.add("staff:" + email);
    return storedStaff(tenantId, email);
  }

  /**
   * The staff member as stored, counting no read: for a double that answers a read of several items
   * at once ({@code InMemoryMailStore.senderFacts}).
   */
  public Optional<dev.portal.shared.domain.Staff> storedStaff(String tenantId, String email) {
    return Optional.ofNullable(staff.get(key(tenantId, Keys.normalizeEmail(email))));
  }

  /** The contact as stored, counting no read (as {@link #storedStaff}). */
  public Optional<Contact> storedContact(String tenantId, String email) {
    return Optional.ofNullable(contacts.get(key(tenantId, Keys.normalizeEmail(email))));
  }

  @Override
  public Optional<Client> setAccountManager(
      String tenantId, String clientId, String accountManagerId) {
    Client c = clients.get(key(tenantId, clientId));
    if (c == null) return Optional.empty();
    Client changed =
        new Client(c.id(), c.name(), c.emailDomains(), c.createdAt(), accountManagerId);
    clients.put(key(tenantId, clientId), changed);
    return Optional.of(changed);
  }

  @Override
  public Optional<Client> client(String tenantId, String clientId) {
    calls.add("client:" + clientId);
    return Optional.ofNullable(clients.get(key(tenantId, clientId)));
  }

  @Override
  public Page<Client> clients(String tenantId, int limit, String cursor) {
    List<Client> out =
        clients.entrySet().stream()
            .filter(e -> e.getKey().startsWith(tenantId + "#"))
            .map(Map.Entry::getValue)
            .sorted(Comparator.comparing(Client::name))
            .limit(limit)
            .toList();
    return new Page<>(out, null);
  }

  @Override
  public void createContact(
      String tenantId, Contact contact, Optional<CompletedIdempotency> record) {
    String k = key(tenantId, Keys.normalizeEmail(contact.email()));
    if (contacts.containsKey(k)) throw new PortalException.Conflict("contact exists");
    contacts.put(k, contact);
  }

  @Override
  public Optional<Contact> contact(String tenantId, String email) {
    calls.add("contact:" + email);
    singleReads.add("contact:" + email);
    return storedContact(tenantId, email);
  }

  @Override
  public Page<Contact> contacts(String tenantId, String clientId, int limit, String cursor) {
    calls.add("contacts:" + clientId);
    List<Contact> out =
        contacts.entrySet().stream()
            .filter(e -> e.getKey().startsWith(tenantId + "#"))
            .map(Map.Entry::getValue)
            .filter(c -> c.clientId().equals(clientId))
            .sorted(Comparator.comparing(Contact::email))
            .limit(limit)
            .toList();
    return new Page<>(out, null);
  }

  @Override
  public Optional<String> clientForDomain(String tenantId, String domain) {
    return Optional.ofNullable(domains.get(key(tenantId, domain.toLowerCase(Locale.ROOT))));
  }
}
