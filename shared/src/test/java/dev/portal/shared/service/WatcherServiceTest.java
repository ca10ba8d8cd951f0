package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.Watcher;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.TicketStore;
import dev.portal.shared.store.WatcherStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may choose a ticket's watchers, who may be one, and what a watcher then sees: the rules of
 * {@link WatcherService} and {@link TicketService#get} on in-memory stores (WatchersIT drives the
 * same through the API on moto).
 */
class WatcherServiceTest {
  private static final String TENANT = "acme";
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

  private static final Caller AGENT =
      new Caller(TENANT, "s-agent", "agent@acme.example", "Agent", null, EnumSet.of(Role.AGENT));
  private static final Caller ALICE = client("alice@globex.example", "cli_globex", Role.CLIENT);
  private static final Caller CAROL = client("carol@globex.example", "cli_globex", Role.CLIENT);
  private static final Caller BOB = client("bob@globex.example", "cli_globex", Role.CLIENT_ADMIN);
  private static final Caller DAN = client("dan@hooli.example", "cli_hooli", Role.CLIENT_ADMIN);

  private static Caller client(String email, String clientId, Role role) {
    return new Caller(TENANT, "s-" + email, email, email, clientId, EnumSet.of(role));
  }

  /** The watcher items the store's transactions write: ticket seq + email -> watcher. */
  private final Map<String, Watcher> items = new TreeMap<>();

  private final WatcherStore watchers =
      new WatcherStore() {
        @Override
        public List<Watcher> watchers(String tenantId, long seq) {
          List<Watcher> out = new ArrayList<>();
          items.forEach(
              (k, w) -> {
                if (k.startsWith(seq + "#")) out.add(w);
              });
          return out;
        }

        @Override
        public Optional<Watcher> watcher(String tenantId, long seq, String email) {
          return Optional.ofNullable(items.get(seq + "#" + Keys.normalizeEmail(email)));
        }
      };

  private InMemoryTicketStore store;
  private InMemoryDirectoryStore directory;
  private TicketService tickets;
  private WatcherService service;
  private String ticket;

  @BeforeEach
  void setUp() {
    store = new InMemoryTicketStore();
    directory = new InMemoryDirectoryStore();
    store.settings.put(TENANT, new TenantSettings(TENANT, "ACME", ZoneId.of("Europe/Moscow")));
    store.counters.put(TENANT, 0L);
    directory.createClient(TENANT, new Client("cli_globex", "Globex", List.of(), T0));
    directory.createClient(TENANT, new Client("cli_hooli", "Hooli", List.of(), T0));
    directory.createContact(
        TENANT, new Contact("carol@globex.example", "Carol", "cli_globex", Role.CLIENT, T0));
    directory.createContact(
        TENANT, new Contact("dan@hooli.example", "Dan", "cli_hooli", Role.CLIENT_ADMIN, T0));
    directory.createContact(
        TENANT,
        new Contact("eve@globex.example", "Eve", "cli_globex", Role.CLIENT, T0, null, false));
    // What DynamoDB's conditions do in the event's transaction: a watcher once, at most the cap.
    store.alsoWrites =
        (tenant, also) -> {
          for (TicketStore.Also a : also) {
            switch (a) {
              case TicketStore.Also.WatcherAdded w -> {
                String key = w.ticketSeq() + "#" + w.watcher().email();
                if (items.containsKey(key))
                  throw new TicketStore.WatcherRefused(TicketStore.WatcherRefused.Reason.PRESENT);
                if (watchers.watchers(tenant, w.ticketSeq()).size() >= w.max())
                  throw new TicketStore.WatcherRefused(TicketStore.WatcherRefused.Reason.FULL);
                items.put(key, w.watcher());
              }
              case TicketStore.Also.WatcherRemoved w -> {
                if (items.remove(w.ticketSeq() + "#" + w.email()) == null)
                  throw new TicketStore.WatcherRefused(TicketStore.WatcherRefused.Reason.ABSENT);
              }
              default -> {}
            }
          }
        };
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    store.readingFrom(directory, null);
    tickets = new TicketService(store, directory, clock, null, null, null, watchers);
    service = new WatcherService(tickets, watchers, directory, clock);
    ticket =
        tickets
            .create(
                ALICE,
                new NewTicket("Printer", "jammed", null, null, null),
                Optional.empty(),
                t -> null)
            .id();
  }

  private List<EventType> types() {
    return tickets.events(AGENT, ticket, 100, null).items().stream().map(e -> e.type()).toList();
  }

  @Test
  void theRequesterCopiesAContactWhoThenSeesTheTicketAsTheRequesterDoes() {
    assertThrows(PortalException.NotFound.class, () -> tickets.get(CAROL, ticket));
    WatcherService.Added added = service.add(ALICE, ticket, "Carol@Globex.example");
    assertTrue(added.created());
    assertEquals("carol@globex.example", added.watcher().email());
    assertEquals("Carol", added.watcher().name());
    assertEquals("alice@globex.example", added.watcher().addedBy());
    assertFalse(service.add(ALICE, ticket, "carol@globex.example").created(), "a repeat");
    assertEquals(1, types().stream().filter(t -> t == EventType.WATCHER_ADDED).count());

    assertEquals(ticket, tickets.get(CAROL, ticket).id());
    assertFalse(tickets.events(CAROL, ticket, 100, null).items().isEmpty(), "and its timeline");
    assertEquals(List.of("carol@globex.example"), emails(service.list(CAROL, ticket)));
    tickets.comment(CAROL, ticket, "on floor 2", true);

    service.remove(CAROL, ticket, "carol@globex.example");
    assertThrows(PortalException.NotFound.class, () -> tickets.get(CAROL, ticket));
    assertThrows(PortalException.NotFound.class, () -> tickets.events(CAROL, ticket, 100, null));
    assertEquals(EventType.WATCHER_REMOVED, types().getLast());
  }

  @Test
  void onlyAgentsTheRequesterAndTheClientsAdminsChooseWatchers() {
    service.add(BOB, ticket, "carol@globex.example");
    assertThrows(
        PortalException.Forbidden.class,
        () -> service.add(CAROL, ticket, "eve@globex.example"),
        "a watcher who is not the requester");
    assertThrows(
        PortalException.Forbidden.class,
        () -> service.remove(CAROL, ticket, "someone@globex.example"));
    assertThrows(PortalException.NotFound.class, () -> service.list(DAN, ticket));
    assertThrows(
        PortalException.NotFound.class, () -> service.add(DAN, ticket, "dan@hooli.example"));
    service.remove(AGENT, ticket, "carol@globex.example");
    assertThrows(
        PortalException.NotFound.class,
        () -> service.remove(AGENT, ticket, "carol@globex.example"),
        "no such watcher");
  }

  @Test
  void aWatcherIsAnActiveContactOfTheTicketsClientAndNotItsRequester() {
    for (String email :
        List.of(
            "dan@hooli.example", "nobody@globex.example", "eve@globex.example", ALICE.email())) {
      PortalException.Invalid e =
          assertThrows(PortalException.Invalid.class, () -> service.add(AGENT, ticket, email));
      assertEquals("email", e.errors().getFirst().field(), email);
    }
    assertTrue(service.list(AGENT, ticket).isEmpty());
    assertFalse(types().contains(EventType.WATCHER_ADDED));
  }

  @Test
  void aTicketTakesAtMostTheCapAndAClosedOneNone() {
    for (int i = 0; i < Caps.WATCHERS; i++) {
      String email = "w" + i + "@globex.example";
      directory.createContact(TENANT, new Contact(email, "W", "cli_globex", Role.CLIENT, T0));
      service.add(AGENT, ticket, email);
    }
    PortalException.Conflict full =
        assertThrows(
            PortalException.Conflict.class,
            () -> service.add(AGENT, ticket, "carol@globex.example"));
    assertTrue(full.getMessage().contains(String.valueOf(Caps.WATCHERS)), full.getMessage());

    Ticket t = store.find(TENANT, 1).orElseThrow();
    store.tickets.put(
        store.tickets.keySet().iterator().next(),
        t.toBuilder().status(TicketStatus.CLOSED).build());
    service.remove(AGENT, ticket, "w0@globex.example");
    assertThrows(
        PortalException.Conflict.class, () -> service.add(AGENT, ticket, "carol@globex.example"));
  }

  private static List<String> emails(List<Watcher> list) {
    return list.stream().map(Watcher::email).toList();
  }
}
