package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Role;
import dev.portal.shared.error.PortalException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client's contacts are listed in one read; the client itself is read only to tell "none" from
 * "no such client".
 */
class DirectoryServiceTest {
  private static final String TENANT = "acme";
  private static final Caller AGENT =
      new Caller(TENANT, "sub-agent", "agent@acme.example", "Agent", null, EnumSet.of(Role.AGENT));

  private final InMemoryDirectoryStore directory = new InMemoryDirectoryStore();
  private final DirectoryService service =
      new DirectoryService(
          directory, Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void contactsOfAClientAreOneReadAndAClientWithoutContactsIsAnEmptyListNotA404() {
    directory.createClient(TENANT, new Client("cli_globex", "Globex", List.of(), Instant.EPOCH));
    directory.createClient(TENANT, new Client("cli_empty", "Empty", List.of(), Instant.EPOCH));
    directory.createContact(
        TENANT,
        new Contact("alice@globex.example", "Alice", "cli_globex", Role.CLIENT, Instant.EPOCH));
    directory.calls.clear();
    assertEquals(1, service.contacts(AGENT, "cli_globex", 25, null).items().size());
    assertEquals(
        List.of("contacts:cli_globex"),
        directory.calls,
        "no read of the client when the page has contacts");
    assertEquals(List.of(), service.contacts(AGENT, "cli_empty", 25, null).items());
    assertThrows(
        PortalException.NotFound.class, () -> service.contacts(AGENT, "cli_nosuch", 25, null));
  }
}
