package dev.portal.shared.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Rating;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.CompletedIdempotency;
import dev.portal.shared.store.IdempotencyClaim;
import dev.portal.shared.store.IdempotencyCollision;
import dev.portal.shared.store.IdempotentResponse;
import dev.portal.shared.store.StoredResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TicketServiceTest {
  private static final String TENANT = "acme";
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");
  private static final Instant T1 = Instant.parse("2025-06-01T09:00:00Z");
  private static final Instant CLOCK_AT = Instant.parse("2025-06-02T09:30:00.123456Z");

  /** The service truncates the clock to milliseconds. */
  private static final Instant NOW = Instant.parse("2025-06-02T09:30:00.123Z");

  private static final Caller AGENT =
      new Caller(
          TENANT, "sub-agent", "agent@acme.example", "Agent Smith", null, EnumSet.of(Role.AGENT));
  private static final Caller ALICE =
      new Caller(
          TENANT,
          "sub-alice",
          "alice@globex.example",
          "Alice",
          "cli_globex",
          EnumSet.of(Role.CLIENT));
  private static final Caller BOB =
      new Caller(
          TENANT,
          "sub-bob",
          "bob@globex.example",
          "Bob",
          "cli_globex",
          EnumSet.of(Role.CLIENT_ADMIN));

  private InMemoryTicketStore store;
  private InMemoryDirectoryStore directory;
  private TicketService service;

  @BeforeEach
  void setUp() {
    store = new InMemoryTicketStore();
    directory = new InMemoryDirectoryStore();
    store.settings.put(TENANT, new TenantSettings(TENANT, "ACME", ZoneId.of("Europe/Moscow")));
    store.counters.put(TENANT, 41L);
    directory.putTenant(new TenantSettings(TENANT, "ACME", ZoneId.of("Europe/Moscow")));
    directory.createClient(
        TENANT, new Client("cli_globex", "Globex", List.of("globex.example"), T0));
    directory.createClient(TENANT, new Client("cli_hooli", "Hooli", List.of("hooli.example"), T0));
    directory.createContact(
        TENANT, new Contact("carol@globex.example", "Carol", "cli_globex", Role.CLIENT, T0));
    directory.createContact(
        TENANT, new Contact("dan@hooli.example", "Dan", "cli_hooli", Role.CLIENT, T0));
    directory.calls.clear();
    store.readingFrom(directory, null);
    service = new TicketService(store, directory, Clock.fixed(CLOCK_AT, ZoneOffset.UTC));
  }

  /** Alice's ticket ACME-42 at version 3, as if created and changed twice before. */
  private Ticket seed(TicketStatus status) {
    return seed(status, null, null);
  }

  private Ticket seed(TicketStatus status, Instant firstResponseAt, Rating rating) {
    boolean done = status == TicketStatus.RESOLVED || status == TicketStatus.CLOSED;
    Ticket t =
        Ticket.builder()
            .tenantId(TENANT)
            .id(Ids.ticketId(42))
            .seq(42)
            .number("ACME-42")
            .subject("Printer on fire")
            .description("It smokes")
            .status(status)
            .priority(Priority.NORMAL)
            .channel(Channel.PORTAL)
            .clientId("cli_globex")
            .requester(new Person("alice@globex.example", "Alice"))
            .createdAt(T0)
            .updatedAt(T1)
            .firstResponseAt(firstResponseAt)
            .resolvedAt(done ? T1 : null)
            .rating(rating)
            .version(3)
            .build();
    store.seed(t);
    return t;
  }

  private Ticket stored() {
    return store.stored(TENANT, 42);
  }

  private static List<EventType> types(List<TicketEvent> events) {
    return events.stream().map(TicketEvent::type).toList();
  }

  // --- comments
  // -----------------------------------------------------------------------------------------------

  @Test
  void clientCommentOnResolvedTicketReopensItWithStatusChangeBeforeTheComment() {
    Ticket t = seed(TicketStatus.RESOLVED);

    TicketService.Applied applied = service.comment(ALICE, t.id(), "Still smoking", true);

    assertEquals(List.of(EventType.STATUS_CHANGED, EventType.COMMENT), types(applied.events()));
    TicketEvent reopen = applied.events().get(0);
    TicketEvent comment = applied.events().get(1);
    assertEquals(Map.of("from", "resolved", "to", "in_progress"), reopen.data());
    assertTrue(reopen.isPublic());
    assertEquals(Map.of("body", "Still smoking"), comment.data());
    assertTrue(comment.isPublic());
    assertEquals(List.of(4L, 5L), applied.events().stream().map(TicketEvent::seq).toList());
    assertEquals(
        List.of("ev-42-4", "ev-42-5"), applied.events().stream().map(TicketEvent::id).toList());
    assertEquals(new Actor(ActorKind.CLIENT, "alice@globex.example"), comment.actor());
    assertEquals(NOW, comment.at());

    Ticket after = applied.ticket();
    assertEquals(TicketStatus.IN_PROGRESS, after.status());
    assertNull(after.resolvedAt());
    assertEquals(5, after.version());
    assertEquals(NOW, after.updatedAt());
    assertEquals(after, stored());
    assertEquals(applied.events(), store.storedEvents(TENANT, 42));
    assertEquals(List.of("update:ACME-42@3"), store.calls);
  }

  @Test
  void clientCommentOnWaitingTicketMovesItToInProgress() {
    Ticket t = seed(TicketStatus.WAITING_FOR_CLIENT);

    TicketService.Applied applied = service.comment(ALICE, t.number(), "Here is the log", true);

    assertEquals(List.of(EventType.STATUS_CHANGED, EventType.COMMENT), types(applied.events()));
    assertEquals(
        Map.of("from", "waiting_for_client", "to", "in_progress"), applied.events().get(0).data());
    assertEquals(TicketStatus.IN_PROGRESS, stored().status());
    assertEquals(5, stored().version());
  }

  @Test
  void clientCommentOnInProgressTicketAddsOnlyTheComment() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);

    TicketService.Applied applied = service.comment(ALICE, t.id(), "Any news?", true);

    assertEquals(List.of(EventType.COMMENT), types(applied.events()));
    assertEquals(TicketStatus.IN_PROGRESS, stored().status());
    assertEquals(4, stored().version());
  }

  @Test
  void aCommentsIdempotencyRecordIsWrittenInTheCommentsOwnUpdateWithItsAnswer() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    IdempotencyClaim claim = new IdempotencyClaim(TENANT, "scope-hash", "request-hash", "holder-1");

    TicketService.Applied applied =
        service.comment(
            ALICE,
            t.id(),
            "Any news?",
            true,
            new IdempotentResponse<>(
                Optional.of(claim),
                a -> new StoredResponse(201, Map.of(), a.events().getLast().id())));

    CompletedIdempotency written = store.idempotency.get(TENANT + "#scope-hash");
    assertNotNull(written, "the record goes with the comment's update, not in a write of its own");
    assertEquals(claim, written.claim());
    assertEquals(applied.events().getLast().id(), written.response().body());
  }

  @Test
  void aCommentWhoseKeyIsInOtherHandsWritesNothing() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    IdempotencyClaim claim = new IdempotencyClaim(TENANT, "scope-hash", "request-hash", "holder-1");
    store.idempotency.put(
        TENANT + "#scope-hash",
        new CompletedIdempotency(
            claim.heldBy("holder-2"), new StoredResponse(201, Map.of(), "theirs")));

    assertThrows(
        IdempotencyCollision.class,
        () ->
            service.comment(
                ALICE,
                t.id(),
                "Any news?",
                true,
                new IdempotentResponse<>(
                    Optional.of(claim), a -> new StoredResponse(201, Map.of(), "mine"))));
    assertEquals(t.version(), stored().version());
  }

  @Test
  void clientMayNotPostANonPublicComment() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);

    PortalException.Invalid e =
        assertThrows(
            PortalException.Invalid.class, () -> service.comment(ALICE, t.id(), "psst", false));

    assertEquals("public", e.errors().getFirst().field());
    assertEquals(0, store.updateCalls);
    assertEquals(t, stored());
  }

  @Test
  void clientCommentOnClosedTicketIsConflict() {
    Ticket t = seed(TicketStatus.CLOSED);

    assertThrows(
        PortalException.Conflict.class, () -> service.comment(ALICE, t.id(), "Hello?", true));

    assertEquals(0, store.updateCalls);
    assertEquals(t, stored());
    assertEquals(List.of(), store.storedEvents(TENANT, 42));
  }

  @Test
  void agentsFirstPublicCommentSetsFirstResponseAt() {
    Ticket t = seed(TicketStatus.NEW);

    TicketService.Applied applied = service.comment(AGENT, t.id(), "Looking into it", true);

    assertEquals(NOW, applied.ticket().firstResponseAt());
    assertEquals(NOW, stored().firstResponseAt());
    assertEquals(List.of(EventType.COMMENT), types(applied.events()));
    assertEquals(
        new Actor(ActorKind.AGENT, "agent@acme.example"), applied.events().getFirst().actor());
  }

  @Test
  void laterAgentCommentKeepsTheFirstResponseTime() {
    Ticket t = seed(TicketStatus.IN_PROGRESS, T1, null);

    service.comment(AGENT, t.id(), "Still looking", true);

    assertEquals(T1, stored().firstResponseAt());
    assertEquals(4, stored().version());
  }

  @Test
  void agentsInternalNoteDoesNotSetFirstResponseAt() {
    Ticket t = seed(TicketStatus.NEW);

    TicketService.Applied applied = service.comment(AGENT, t.id(), "Probably the fuser", false);

    assertNull(stored().firstResponseAt());
    assertEquals(List.of(EventType.COMMENT), types(applied.events()));
    assertEquals(false, applied.events().getFirst().isPublic());
    assertEquals(4, stored().version());
    assertEquals(applied.events(), store.storedEvents(TENANT, 42));
  }

  // --- PATCH
  // ---------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "NEW,CLOSED",
    "CLOSED,IN_PROGRESS",
    "CLOSED,RESOLVED",
    "IN_PROGRESS,IN_PROGRESS",
    "IN_PROGRESS,NEW",
    "WAITING_FOR_CLIENT,CLOSED",
    "RESOLVED,WAITING_FOR_CLIENT"
  })
  void patchWithTransitionOutsideTheTableIsConflict(TicketStatus from, TicketStatus to) {
    Ticket t = seed(from);

    assertThrows(
        PortalException.Conflict.class,
        () -> service.change(AGENT, t.id(), new TicketChange(to, null)));

    assertEquals(0, store.updateCalls);
    assertEquals(t, stored());
  }

  @Test
  void patchResolvingTicketRecordsResolvedAtAndStatusChange() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);

    Ticket after = service.change(AGENT, t.id(), new TicketChange(TicketStatus.RESOLVED, null));

    assertEquals(TicketStatus.RESOLVED, after.status());
    assertEquals(NOW, after.resolvedAt());
    assertEquals(after, stored());
    List<TicketEvent> events = store.storedEvents(TENANT, 42);
    assertEquals(List.of(EventType.STATUS_CHANGED), types(events));
    assertEquals(Map.of("from", "in_progress", "to", "resolved"), events.getFirst().data());
  }

  @Test
  void patchReopeningResolvedTicketClearsResolvedAt() {
    Ticket t = seed(TicketStatus.RESOLVED);

    Ticket after =
        service.change(AGENT, t.id(), new TicketChange(TicketStatus.IN_PROGRESS, Priority.HIGH));

    assertEquals(TicketStatus.IN_PROGRESS, after.status());
    assertNull(after.resolvedAt());
    assertEquals(Priority.HIGH, after.priority());
    assertEquals(
        List.of(EventType.STATUS_CHANGED, EventType.PRIORITY_CHANGED),
        types(store.storedEvents(TENANT, 42)));
    assertEquals(5, stored().version());
  }

  // --- rating
  // --------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(
      value = TicketStatus.class,
      names = {"NEW", "IN_PROGRESS", "WAITING_FOR_CLIENT"})
  void ticketThatIsNotResolvedOrClosedCannotBeRated(TicketStatus status) {
    Ticket t = seed(status);

    assertThrows(PortalException.Conflict.class, () -> service.rate(ALICE, t.id(), 5, null));

    assertNull(stored().rating());
    assertEquals(0, store.updateCalls);
  }

  @Test
  void resolvedTicketCanBeRatedOnlyOnce() {
    Ticket t = seed(TicketStatus.RESOLVED);

    Ticket rated = service.rate(ALICE, t.id(), 5, "Quick fix");

    assertEquals(new Rating(5, "Quick fix"), rated.rating());
    assertEquals(new Rating(5, "Quick fix"), stored().rating());
    assertEquals(TicketStatus.RESOLVED, stored().status());
    List<TicketEvent> events = store.storedEvents(TENANT, 42);
    assertEquals(List.of(EventType.RATED), types(events));
    assertEquals(Map.of("score", 5, "comment", "Quick fix"), events.getFirst().data());

    assertThrows(
        PortalException.Conflict.class, () -> service.rate(ALICE, t.id(), 1, "Changed my mind"));
    assertEquals(new Rating(5, "Quick fix"), stored().rating());
    assertEquals(1, store.storedEvents(TENANT, 42).size());
  }

  @Test
  void closedTicketCanBeRatedByClientAdminOfTheCompany() {
    Ticket t = seed(TicketStatus.CLOSED);

    Ticket rated = service.rate(BOB, t.number().toLowerCase(), 4, null);

    assertEquals(new Rating(4, null), rated.rating());
    assertEquals(new Rating(4, null), stored().rating());
  }

  @Test
  void ticketAlreadyRatedCannotBeRatedAgain() {
    Ticket t = seed(TicketStatus.CLOSED, T1, new Rating(3, null));

    assertThrows(PortalException.Conflict.class, () -> service.rate(ALICE, t.id(), 5, null));
    assertEquals(new Rating(3, null), stored().rating());
  }

  // --- optimistic concurrency
  // ----------------------------------------------------------------------------------

  @Test
  void refusedFirstUpdateIsRetriedAndSucceeds() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    store.refuseUpdate = call -> call == 1;

    TicketService.Applied applied = service.comment(AGENT, t.id(), "Replacing the fuser", true);

    assertEquals(2, store.updateCalls);
    assertEquals(applied.ticket(), stored());
    assertEquals(4, stored().version());
    assertEquals(NOW, stored().firstResponseAt());
    assertEquals(List.of(EventType.COMMENT), types(store.storedEvents(TENANT, 42)));
  }

  @Test
  void concurrentChangeIsKeptAndTheChangeIsDecidedAgainOnTheFreshTicket() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    // Another writer raises the priority between our read and our write.
    store.beforeUpdate =
        (s, call) -> {
          if (call != 1) return;
          Ticket cur = s.stored(TENANT, 42);
          s.seed(cur.toBuilder().priority(Priority.URGENT).version(4).build());
        };

    Ticket after = service.change(AGENT, t.id(), new TicketChange(TicketStatus.RESOLVED, null));

    assertEquals(List.of("update:ACME-42@3", "update:ACME-42@4"), store.calls);
    assertEquals(TicketStatus.RESOLVED, after.status());
    assertEquals(Priority.URGENT, after.priority());
    assertEquals(5, after.version());
    assertEquals(after, stored());
  }

  @Test
  void concurrentCloseTurnsClientCommentIntoConflict() {
    Ticket t = seed(TicketStatus.RESOLVED);
    store.beforeUpdate =
        (s, call) -> {
          if (call != 1) return;
          Ticket cur = s.stored(TENANT, 42);
          s.seed(cur.toBuilder().status(TicketStatus.CLOSED).version(4).build());
        };

    assertThrows(
        PortalException.Conflict.class,
        () -> service.comment(ALICE, t.id(), "Still smoking", true));

    assertEquals(1, store.updateCalls);
    assertEquals(TicketStatus.CLOSED, stored().status());
  }

  @Test
  void updateThatNeverSucceedsEndsInConflictAfterTheRetries() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    store.refuseUpdate = call -> true;

    assertThrows(
        PortalException.Conflict.class, () -> service.comment(AGENT, t.id(), "Hello", true));

    assertEquals(TicketService.ATTEMPTS, store.updateCalls);
    assertTrue(store.updateCalls > 1, "the service must retry at least once");
    assertEquals(t, stored());
    assertEquals(List.of(), store.storedEvents(TENANT, 42));
  }

  // --- lookups
  // -------------------------------------------------------------------------------------------------

  @Test
  void idWithTheRightSequenceButAnotherRandomPartIsNotFound() {
    Ticket t = seed(TicketStatus.NEW);
    String forged = "tk-42-" + (t.id().endsWith("aaaaaaaaaa") ? "bbbbbbbbbb" : "aaaaaaaaaa");

    assertThrows(PortalException.NotFound.class, () -> service.get(AGENT, forged));
    assertEquals(t, service.get(AGENT, t.id()));
    assertEquals(t, service.get(AGENT, "acme-42"));
  }

  @Test
  void ticketOfAnotherRequesterIsNotFoundForAClient() {
    Ticket t = seed(TicketStatus.NEW);
    Caller carol =
        new Caller(
            TENANT,
            "sub-carol",
            "carol@globex.example",
            "Carol",
            "cli_globex",
            EnumSet.of(Role.CLIENT));

    assertThrows(
        PortalException.NotFound.class, () -> service.comment(carol, t.id(), "Me too", true));
    assertEquals(0, store.updateCalls);
  }

  // --- create
  // --------------------------------------------------------------------------------------------------

  @Test
  void aNumberDrawnBetweenTheReadAndTheWriteIsNotReusedTheCreateDrawsAgain() {
    // A mail's ticket draws 42 after this create read 41 as the last number.
    store.afterOpening = () -> store.nextNumber(TENANT);

    Ticket t =
        service.create(
            ALICE,
            new NewTicket("Printer on fire", "It smokes", null, null, null),
            Optional.of(new IdempotencyClaim(TENANT, "key", "hash")),
            x -> new StoredResponse(201, java.util.Map.of(), "{}"));

    assertEquals(
        List.of(
            "opening:acme",
            "nextNumber:acme",
            "numberTaken:ACME-42",
            "nextNumber:acme",
            "create:ACME-43"),
        store.calls);
    assertEquals("ACME-43", t.number());
    assertEquals(43, store.counters.get(TENANT));
    assertEquals(t, store.stored(TENANT, 43));
    assertNull(store.stored(TENANT, 42), "the lost draw wrote nothing");
    assertEquals(1, store.idempotency.size(), "the request's record written once, with the ticket");
    assertEquals(
        List.of(EventType.CREATED),
        store.storedEvents(TENANT, 43).stream().map(TicketEvent::type).toList());
  }

  @Test
  void aCreateMovesTheTenantsCounterToItsOwnNumber() {
    service.create(
        ALICE, new NewTicket("One", "first", null, null, null), Optional.empty(), x -> null);
    Ticket second =
        service.create(
            ALICE, new NewTicket("Two", "second", null, null, null), Optional.empty(), x -> null);

    assertEquals("ACME-43", second.number());
    assertEquals(43, store.counters.get(TENANT));
    assertEquals(
        List.of("opening:acme", "create:ACME-42", "opening:acme", "create:ACME-43"), store.calls);
  }

  @Test
  void clientCreatesTicketForTheirOwnClient() {
    Ticket t =
        service.create(
            ALICE,
            new NewTicket("Printer on fire", "It smokes", null, null, null),
            Optional.empty(),
            x -> null);

    assertEquals(List.of("opening:acme", "create:ACME-42"), store.calls);
    assertEquals(TENANT, t.tenantId());
    assertEquals(42, t.seq());
    assertEquals("ACME-42", t.number());
    assertEquals(Optional.of(new Ids.TicketRef.ById(t.id(), 42)), Ids.parseTicketRef(t.id()));
    assertEquals("cli_globex", t.clientId());
    assertEquals(new Person("alice@globex.example", "Alice"), t.requester());
    assertEquals(TicketStatus.NEW, t.status());
    assertEquals(Priority.NORMAL, t.priority());
    assertEquals(Channel.PORTAL, t.channel());
    assertEquals(NOW, t.createdAt());
    assertEquals(NOW, t.updatedAt());
    assertNull(t.firstResponseAt());
    assertEquals(1, t.version());
    assertEquals(t, stored());

    List<TicketEvent> events = store.storedEvents(TENANT, 42);
    assertEquals(1, events.size());
    TicketEvent created = events.getFirst();
    assertEquals(EventType.CREATED, created.type());
    assertEquals(1, created.seq());
    assertEquals("ev-42-1", created.id());
    assertTrue(created.isPublic());
    assertEquals(new Actor(ActorKind.CLIENT, "alice@globex.example"), created.actor());
    assertEquals(
        Map.of("subject", "Printer on fire", "priority", "normal", "channel", "portal"),
        created.data());
  }

  @Test
  void clientMayNotCreateTicketForAnotherClient() {
    PortalException.Invalid e =
        assertThrows(
            PortalException.Invalid.class,
            () ->
                service.create(
                    ALICE,
                    new NewTicket("Hi", "There", null, "cli_hooli", null),
                    Optional.empty(),
                    x -> null));

    assertEquals("clientId", e.errors().getFirst().field());
    assertEquals(List.of(), store.calls);
  }

  @Test
  void clientTokenWithoutClientIdMayNotCreate() {
    Caller noClient =
        new Caller(TENANT, "sub-x", "x@globex.example", "X", null, EnumSet.of(Role.CLIENT));

    assertThrows(
        PortalException.Forbidden.class,
        () ->
            service.create(
                noClient,
                new NewTicket("Hi", "There", null, null, null),
                Optional.empty(),
                x -> null));
    assertEquals(List.of(), store.calls);
  }

  @Test
  void agentMustNameTheClient() {
    PortalException.Invalid e =
        assertThrows(
            PortalException.Invalid.class,
            () ->
                service.create(
                    AGENT,
                    new NewTicket("Hi", "There", null, null, null),
                    Optional.empty(),
                    x -> null));

    assertEquals(List.of("clientId"), e.errors().stream().map(f -> f.field()).toList());
    assertEquals(List.of(), store.calls);
  }

  @Test
  void agentNamingAnUnknownClientIsInvalid() {
    PortalException.Invalid e =
        assertThrows(
            PortalException.Invalid.class,
            () ->
                service.create(
                    AGENT,
                    new NewTicket("Hi", "There", null, "cli_nobody", null),
                    Optional.empty(),
                    x -> null));

    assertEquals(List.of("clientId"), e.errors().stream().map(f -> f.field()).toList());
    assertEquals(List.of("client:cli_nobody"), directory.calls);
    assertEquals(List.of("opening:acme"), store.calls, "read, nothing written");
  }

  @Test
  void agentOpensTicketOnBehalfOfAContactOfTheClient() {
    Ticket t =
        service.create(
            AGENT,
            new NewTicket(
                "VPN down", "Since 9am", Priority.HIGH, "cli_globex", "Carol@Globex.example"),
            Optional.empty(),
            x -> null);

    assertEquals(new Person("carol@globex.example", "Carol"), t.requester());
    assertEquals(Priority.HIGH, t.priority());
    assertEquals("cli_globex", t.clientId());
    assertEquals(
        new Actor(ActorKind.AGENT, "agent@acme.example"),
        store.storedEvents(TENANT, 42).getFirst().actor());
    assertEquals(List.of("opening:acme", "create:ACME-42"), store.calls);
  }

  /**
   * A staff token may lack {@code email} (Claims lets it read and act), so this is not a 401: but a
   * ticket needs a requester, and without one in the token the agent must name it. 400 on {@code
   * requesterEmail}, never a ticket whose requester is nobody (which the DynamoDB store could not
   * even key: a 500).
   */
  @Test
  void agentTokenWithoutEmailMustNameRequesterEmail400NotA401() {
    Caller noEmail = new Caller(TENANT, "sub-agent", null, null, null, EnumSet.of(Role.AGENT));

    PortalException.Invalid e =
        assertThrows(
            PortalException.Invalid.class,
            () ->
                service.create(
                    noEmail,
                    new NewTicket("VPN down", "Since 9am", null, "cli_globex", null),
                    Optional.empty(),
                    x -> null));

    assertEquals(List.of("requesterEmail"), e.errors().stream().map(f -> f.field()).toList());
    assertEquals(List.of("opening:acme"), store.calls, "read, nothing written");
  }

  @Test
  void agentTokenWithoutEmailOpensTicketForANamedContact() {
    Caller noEmail = new Caller(TENANT, "sub-agent", null, null, null, EnumSet.of(Role.AGENT));

    Ticket t =
        service.create(
            noEmail,
            new NewTicket("VPN down", "Since 9am", null, "cli_globex", "carol@globex.example"),
            Optional.empty(),
            x -> null);

    assertEquals(new Person("carol@globex.example", "Carol"), t.requester());
    assertEquals(List.of("opening:acme", "create:ACME-42"), store.calls);
  }

  @Test
  void agentMayNotOpenTicketForAContactOfAnotherClient() {
    PortalException.Invalid e =
        assertThrows(
            PortalException.Invalid.class,
            () ->
                service.create(
                    AGENT,
                    new NewTicket("VPN down", "Since 9am", null, "cli_globex", "dan@hooli.example"),
                    Optional.empty(),
                    x -> null));

    assertEquals("requesterEmail", e.errors().getFirst().field());
    assertEquals(List.of("opening:acme"), store.calls, "read, nothing written");
  }

  @Test
  void idempotencyRecordIsWrittenWithTheTicketAndItsResponse() {
    IdempotencyClaim claim = new IdempotencyClaim(TENANT, "scope-hash", "request-hash");

    Ticket t =
        service.create(
            ALICE,
            new NewTicket("Printer on fire", "It smokes", null, null, null),
            Optional.of(claim),
            ticket ->
                new StoredResponse(201, Map.of("location", "/v1/tickets/" + ticket.id()), "{}"));

    CompletedIdempotency written = store.idempotency.get(TENANT + "#scope-hash");
    assertNotNull(written);
    assertEquals(claim, written.claim());
    assertEquals(201, written.response().status());
    assertEquals("/v1/tickets/" + t.id(), written.response().headers().get("location"));
  }

  @Test
  void theTimelineIsOneReadWhoseEventsTellWhoseTicketItIs() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    service.comment(AGENT, t.id(), "on it", true);
    service.comment(AGENT, t.id(), "internal", false);
    store.finds.clear();
    assertEquals(2, service.events(AGENT, t.number(), 25, null).items().size());
    assertEquals(
        1,
        service.events(ALICE, t.id(), 25, null).items().size(),
        "clients read only public events");
    assertEquals(List.of(), store.finds, "no read of the ticket itself");
  }

  @Test
  void theTimelineOfAnotherRequestersOrAMistypedTicketIsNotFound() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    service.comment(AGENT, t.id(), "on it", true);
    Caller carol =
        new Caller(
            TENANT,
            "sub-carol",
            "carol@globex.example",
            "Carol",
            "cli_globex",
            EnumSet.of(Role.CLIENT));
    Caller dan =
        new Caller(
            TENANT,
            "sub-dan",
            "dan@hooli.example",
            "Dan",
            "cli_hooli",
            EnumSet.of(Role.CLIENT_ADMIN));
    assertThrows(PortalException.NotFound.class, () -> service.events(carol, t.id(), 25, null));
    assertThrows(PortalException.NotFound.class, () -> service.events(dan, t.id(), 25, null));
    assertThrows(
        PortalException.NotFound.class, () -> service.events(AGENT, "tk-42-notitsid", 25, null));
    assertThrows(PortalException.NotFound.class, () -> service.events(AGENT, "OTHER-42", 25, null));
    assertEquals(
        1, service.events(BOB, t.id(), 25, null).items().size(), "the client's admin sees it");
  }

  @Test
  void anEmptyTimelinePageFallsBackToTheTicketToTellMissingFromEnded() {
    assertThrows(PortalException.NotFound.class, () -> service.events(AGENT, "ACME-99", 25, null));
    assertEquals(List.of(99L), store.finds);
  }

  // ---- The outbox: which events owe the requester a mail, written with the change itself. ----

  private static List<String> mails(TicketService.Applied applied) {
    return applied.events().stream().map(e -> String.valueOf(e.mail())).toList();
  }

  @Test
  void anAgentsPublicReplyOwesTheRequesterAMailAndNothingElseDoes() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    assertEquals(
        List.of("agent_reply"),
        mails(service.comment(AGENT, t.id(), "Restarted the gateway", true)));
    assertEquals(
        List.of("null"), mails(service.comment(AGENT, t.id(), "internal: flaky since May", false)));
    assertEquals(List.of("null"), mails(service.comment(ALICE, t.id(), "Thanks", true)));
    assertEquals(List.of("agent_reply"), store.outbox(0).stream().map(m -> m.kind()).toList());
    assertEquals(
        store.storedEvents(TENANT, 42).get(0).id(), store.outbox(0).getFirst().dedupeKey());
    assertEquals("Restarted the gateway", store.outbox(0).getFirst().body());
  }

  @Test
  void resolvingAndWaitingForTheClientOweTheRequesterANoticeOtherChangesDoNot() {
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    service.change(AGENT, t.id(), new TicketChange(null, Priority.HIGH));
    assertEquals(List.of(), store.outbox(0));
    service.change(AGENT, t.id(), new TicketChange(TicketStatus.WAITING_FOR_CLIENT, Priority.LOW));
    assertEquals(List.of("waiting_for_you"), store.outbox(0).stream().map(m -> m.kind()).toList());
    service.change(AGENT, t.id(), new TicketChange(TicketStatus.IN_PROGRESS, null));
    assertEquals(
        List.of("waiting_for_you"),
        store.outbox(0).stream().map(m -> m.kind()).toList(),
        "resuming owes nothing");
    service.change(AGENT, t.id(), new TicketChange(TicketStatus.RESOLVED, null));
    assertEquals(
        List.of("waiting_for_you", "resolved"),
        store.outbox(0).stream().map(m -> m.kind()).toList());
  }

  @Test
  void aMailTicketOwesAnAcknowledgementOnlyWhenTheChannelSaysSo() {
    TicketService.Applied acknowledged =
        service.createFromEmail(
            TENANT,
            "cli_globex",
            new Person("carol@globex.example", "Carol"),
            "VPN",
            "down",
            List.of(),
            true,
            x -> List.of());
    assertEquals(List.of("acknowledgement"), mails(acknowledged));
    TicketService.Applied silent =
        service.createFromEmail(
            TENANT,
            "cli_globex",
            new Person("carol@globex.example", "Carol"),
            "VPN",
            "down",
            List.of(),
            false,
            x -> List.of());
    assertEquals(List.of("null"), mails(silent));
  }

  // ---- The desk: owners, moves and the mails they owe. ----

  private void staff(String email, boolean active) {
    directory.putStaff(
        TENANT, new dev.portal.shared.domain.Staff(email, "Staff", Role.AGENT, active, T0));
  }

  @Test
  void aClientsNewTicketGoesToItsAccountManagerWithAnInternalAssignedEventThatOwesThemAMail() {
    staff("manager@acme.example", true);
    directory.setAccountManager(TENANT, "cli_globex", "manager@acme.example");
    Ticket t =
        service.create(
            ALICE,
            new NewTicket("VPN down", "since 9", null, null, null),
            Optional.empty(),
            x -> null);
    assertEquals("manager@acme.example", t.assigneeId());
    assertEquals(null, t.groupId());
    assertEquals(2, t.version(), "created and assigned");
    List<TicketEvent> events = store.storedEvents(TENANT, t.seq());
    assertEquals(
        List.of(EventType.CREATED, EventType.ASSIGNED),
        events.stream().map(TicketEvent::type).toList());
    assertEquals(false, events.get(1).isPublic());
    assertEquals(List.of("agent_new_ticket"), store.outbox(0).stream().map(m -> m.kind()).toList());
  }

  @Test
  void aNewTicketGoesToTheTenantsDefaultGroupReadWithItsNumberAlsoWhenTheDrawWasLost() {
    store.defaultGroups.put(TENANT, "grp_support");
    Ticket first =
        service.create(
            ALICE, new NewTicket("One", "first", null, null, null), Optional.empty(), x -> null);
    // Between the second create's read and its write, a mail's ticket draws a number and an admin
    // makes another group the default: the redraw reads both afresh.
    store.afterOpening =
        () -> {
          store.nextNumber(TENANT);
          store.defaultGroups.put(TENANT, "grp_second_line");
        };
    Ticket redrawn =
        service.create(
            ALICE, new NewTicket("Two", "second", null, null, null), Optional.empty(), x -> null);

    assertEquals("grp_support", first.groupId());
    assertEquals("grp_second_line", redrawn.groupId());
    assertEquals("ACME-44", redrawn.number());
    assertEquals(2, redrawn.version(), "created and assigned to the group");
  }

  @Test
  void aTicketOfAClientWithoutAccountManagerOrDefaultGroupStaysUnroutedAndOwesNobody() {
    Ticket t =
        service.create(
            ALICE,
            new NewTicket("VPN down", "since 9", null, null, null),
            Optional.empty(),
            x -> null);
    assertEquals(null, t.assigneeId());
    assertEquals(1, t.version());
    assertEquals(List.of(), store.outbox(0));
  }

  @Test
  void assigningAddsAnInternalEventMailedToTheNewAssigneeButNotToAnAgentWhoTakesItThemselves() {
    staff("dana@acme.example", true);
    staff("agent@acme.example", true);
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    var to = new TicketChange.Routing(true, "Dana@ACME.example", false, null, "knows printers");
    Ticket changed = service.change(AGENT, t.id(), new TicketChange(null, null, to));
    assertEquals("dana@acme.example", changed.assigneeId());
    TicketEvent assigned = store.storedEvents(TENANT, 42).getLast();
    assertEquals(EventType.ASSIGNED, assigned.type());
    assertEquals(false, assigned.isPublic());
    assertEquals("knows printers", assigned.data().get("note"));
    assertEquals(List.of("dana@acme.example"), store.outbox(0).getFirst().to());
    service.change(
        AGENT,
        t.id(),
        new TicketChange(
            null, null, new TicketChange.Routing(true, "agent@acme.example", false, null, null)));
    assertEquals(1, store.outbox(0).size(), "taking a ticket yourself mails nobody");
    assertEquals(
        "dana@acme.example",
        store.storedEvents(TENANT, 42).getLast().data().get("previousAssigneeId"));
  }

  @Test
  void onlyAnActiveStaffMemberCanBeAssigned() {
    staff("gone@acme.example", false);
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    for (String who : List.of("gone@acme.example", "nobody@acme.example", "alice@globex.example")) {
      var e =
          assertThrows(
              PortalException.Invalid.class,
              () ->
                  service.change(
                      AGENT,
                      t.id(),
                      new TicketChange(
                          null, null, new TicketChange.Routing(true, who, false, null, null))));
      assertEquals("assigneeId", e.errors().getFirst().field());
    }
    assertNull(store.find(TENANT, 42).orElseThrow().assigneeId());
    assertEquals(3, store.find(TENANT, 42).orElseThrow().version(), "nothing written");
  }

  @Test
  void aClientsAnswerOwesTheOwnersAMailOnlyWhenTheTicketHasOne() {
    staff("dana@acme.example", true);
    Ticket t = seed(TicketStatus.IN_PROGRESS);
    assertEquals(List.of("null"), mails(service.comment(ALICE, t.id(), "still broken", true)));
    service.change(
        AGENT,
        t.id(),
        new TicketChange(
            null, null, new TicketChange.Routing(true, "dana@acme.example", false, null, null)));
    assertEquals(
        List.of("agent_client_reply"), mails(service.comment(ALICE, t.id(), "still broken", true)));
  }

  @Test
  void theDeskFiltersAreForStaffAndOneScopeAtATime() {
    assertThrows(
        PortalException.Forbidden.class,
        () -> service.list(ALICE, null, null, "me", null, 25, null));
    assertThrows(
        PortalException.Forbidden.class,
        () -> service.list(BOB, null, null, null, "grp_x", 25, null));
    assertThrows(
        PortalException.Invalid.class,
        () -> service.list(AGENT, null, null, "me", "grp_x", 25, null));
    assertThrows(
        PortalException.Invalid.class,
        () -> service.list(AGENT, null, "cli_globex", "none", null, 25, null));
    assertThrows(
        PortalException.NotFound.class,
        () -> service.list(AGENT, null, null, "ghost@acme.example", null, 25, null));
  }
}
