package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.error.PortalException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The email channel's ticket use cases apply the same rules as the portal's, with a sender instead
 * of a token.
 */
class EmailTicketRulesTest {
  private static final String TENANT = "acme";
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  private static final Instant NOW = Instant.parse("2025-06-02T09:30:00Z");
  private static final Person ALICE = new Person("alice@globex.example", "Alice");

  private InMemoryTicketStore store;
  private TicketService service;

  @BeforeEach
  void setUp() {
    store = new InMemoryTicketStore();
    store.settings.put(TENANT, new TenantSettings(TENANT, "ACME", ZoneId.of("Europe/Moscow")));
    store.counters.put(TENANT, 6L);
    service =
        new TicketService(store, new InMemoryDirectoryStore(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Ticket seed(TicketStatus status) {
    Ticket t =
        Ticket.builder()
            .tenantId(TENANT)
            .id(Ids.ticketId(7))
            .seq(7)
            .number("ACME-7")
            .subject("Mail down")
            .description("No mail")
            .status(status)
            .priority(Priority.NORMAL)
            .channel(Channel.EMAIL)
            .clientId("cli_globex")
            .requester(ALICE)
            .createdAt(T0)
            .updatedAt(T0)
            .resolvedAt(status == TicketStatus.RESOLVED ? T0 : null)
            .version(2)
            .build();
    store.seed(t);
    return t;
  }

  private static TicketService.EventDraft mail(String body) {
    return new TicketService.EventDraft(EventType.EMAIL_RECEIVED, true, Map.of("body", body));
  }

  @Test
  void aTicketFromMailStartsWithCreatedThenTheMailAndItsAttachmentsAtConsecutiveVersions() {
    TicketService.Applied applied =
        service.createFromEmail(
            TENANT,
            null,
            ALICE,
            "Printer",
            "It smokes",
            List.of(
                mail("It smokes"),
                new TicketService.EventDraft(
                    EventType.ATTACHMENT_ADDED, true, Map.of("filename", "a.png"))));

    Ticket t = applied.ticket();
    assertEquals("ACME-7", t.number());
    assertEquals(Channel.EMAIL, t.channel());
    assertNull(t.clientId(), "a sender of no client: agents only");
    assertEquals(3, t.version());
    assertEquals(
        List.of(EventType.CREATED, EventType.EMAIL_RECEIVED, EventType.ATTACHMENT_ADDED),
        applied.events().stream().map(TicketEvent::type).toList());
    assertEquals(List.of(1L, 2L, 3L), applied.events().stream().map(TicketEvent::seq).toList());
    assertEquals(ActorKind.CLIENT, applied.events().getFirst().actor().kind());
    assertEquals(applied.events(), store.storedEvents(TENANT, 7));
  }

  @ParameterizedTest
  @EnumSource(
      value = TicketStatus.class,
      names = {"RESOLVED", "WAITING_FOR_CLIENT"})
  void aThreadedClientMailResumesTheTicketExactlyAsAPortalCommentDoes(TicketStatus status) {
    seed(status);
    TicketService.Applied applied =
        service.receiveEmail(TENANT, 7, ALICE, List.of(mail("still broken")));
    assertEquals(TicketStatus.IN_PROGRESS, applied.ticket().status());
    assertNull(applied.ticket().resolvedAt());
    assertEquals(
        List.of(EventType.STATUS_CHANGED, EventType.EMAIL_RECEIVED),
        applied.events().stream().map(TicketEvent::type).toList());
    assertEquals(
        Map.of("from", status.wire(), "to", "in_progress"), applied.events().getFirst().data());
  }

  @Test
  void aThreadedMailOnAnOpenTicketOnlyAddsTheMail() {
    seed(TicketStatus.IN_PROGRESS);
    TicketService.Applied applied = service.receiveEmail(TENANT, 7, ALICE, List.of(mail("more")));
    assertEquals(TicketStatus.IN_PROGRESS, applied.ticket().status());
    assertEquals(
        List.of(EventType.EMAIL_RECEIVED),
        applied.events().stream().map(TicketEvent::type).toList());
    assertEquals(3, applied.ticket().version());
  }

  @Test
  void aClosedTicketTakesNoMail() {
    seed(TicketStatus.CLOSED);
    assertThrows(
        PortalException.Conflict.class,
        () -> service.receiveEmail(TENANT, 7, ALICE, List.of(mail("hi"))));
  }

  @Test
  void aSystemEventKeepsTheTicketsStateAndIsBySystem() {
    seed(TicketStatus.RESOLVED);
    TicketService.Applied applied =
        service.recordSystemEvent(
            TENANT,
            7,
            new TicketService.EventDraft(EventType.EMAIL_SENT, true, Map.of("kind", "resolved")));
    assertEquals(TicketStatus.RESOLVED, applied.ticket().status());
    assertEquals(T0, applied.ticket().resolvedAt());
    assertEquals(ActorKind.SYSTEM, applied.events().getFirst().actor().kind());
    assertNull(applied.events().getFirst().actor().email());
    assertEquals(
        List.of("beside:" + applied.ticket().number() + "@" + applied.ticket().version()),
        store.calls,
        "written beside the ticket, which is not rewritten");
  }
}
