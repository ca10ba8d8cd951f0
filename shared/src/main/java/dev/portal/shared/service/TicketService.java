package dev.portal.shared.service;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.EventData;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Group;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Rating;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketSla;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.TicketSummary;
import dev.portal.shared.domain.WorkCalendar;
import dev.portal.shared.email.OutboundMail;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.log.Metrics;
import dev.portal.shared.log.Metrics.Metric;
import dev.portal.shared.store.CompletedIdempotency;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DeskStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.IdempotencyClaim;
import dev.portal.shared.store.IdempotentResponse;
import dev.portal.shared.store.StoredResponse;
import dev.portal.shared.store.TicketQuery;
import dev.portal.shared.store.TicketStore;
import dev.portal.shared.store.WatcherStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The ticket use cases: every rule of the contract's ticket section is decided here. */
public final class TicketService {
  /** Attempts of a read-modify-write before a concurrent change is reported as a 409. */
  static final int ATTEMPTS = 5;

  private final TicketStore tickets;
  private final DirectoryStore directory;
  private final Clock clock;
  private final ContractStore contracts;

  /** Null: business-hours clocks run on the standard hours in the ticket's zone. */
  private final TenantSettingsCache settings;

  private final DeskStore desk;

  /** Null: no ticket has watchers (some unit tests); only requesters and client admins see. */
  private final WatcherStore watchers;

  /** Without contracts: tickets get no contract and no SLA clocks. */
  public TicketService(TicketStore tickets, DirectoryStore directory, Clock clock) {
    this(tickets, directory, clock, null);
  }

  public TicketService(
      TicketStore tickets, DirectoryStore directory, Clock clock, ContractStore contracts) {
    this(tickets, directory, clock, contracts, null);
  }

  /**
   * @param settings the tenant's calendar for SLA clocks that move after creation (creation reads
   *     its own)
   */
  public TicketService(
      TicketStore tickets,
      DirectoryStore directory,
      Clock clock,
      ContractStore contracts,
      TenantSettingsCache settings) {
    this(tickets, directory, clock, contracts, settings, null);
  }

  /**
   * @param desk groups, for the queue filters and moves; null where no queue is used (some unit
   *     tests)
   */
  public TicketService(
      TicketStore tickets,
      DirectoryStore directory,
      Clock clock,
      ContractStore contracts,
      TenantSettingsCache settings,
      DeskStore desk) {
    this(tickets, directory, clock, contracts, settings, desk, null);
  }

  /**
   * @param watchers the tickets' watchers (CCs), who see a ticket as its requester does
   */
  public TicketService(
      TicketStore tickets,
      DirectoryStore directory,
      Clock clock,
      ContractStore contracts,
      TenantSettingsCache settings,
      DeskStore desk,
      WatcherStore watchers) {
    this.watchers = watchers;
    this.tickets = tickets;
    this.directory = directory;
    this.clock = clock;
    this.contracts = contracts;
    this.settings = settings;
    this.desk = desk;
  }

  /**
   * A created ticket and, when the request was replayed by its idempotency key, nothing new was
   * written.
   */
  public Ticket create(
      Caller caller,
      NewTicket request,
      Optional<IdempotencyClaim> idempotency,
      Function<Ticket, StoredResponse> response) {
    String clientId;
    if (caller.isStaff()) {
      clientId = request.clientId();
      if (clientId == null)
        throw new PortalException.Invalid("clientId", "is required when an agent opens a ticket");
    } else {
      clientId = AccessPolicy.requireClientOf(caller);
      if (request.clientId() != null && !request.clientId().equals(clientId)) {
        throw new PortalException.Invalid(
            "clientId", "client roles open tickets for their own company only");
      }
      if (request.requesterEmail() != null) {
        throw new PortalException.Invalid(
            "requesterEmail", "only agents open tickets on someone's behalf");
      }
    }
    // One request reads all a create decides on: the number, the client (whose account manager
    // owns its new tickets), its contracts and the requester an agent named.
    TicketStore.Opening opening =
        tickets.opening(caller.tenantId(), clientId, request.requesterEmail());
    Person requester;
    if (caller.isStaff()) {
      if (opening.client().isEmpty()) {
        throw new PortalException.Invalid("clientId", "no such client");
      }
      if (request.requesterEmail() != null) {
        Contact contact =
            opening
                .contact()
                .filter(c -> c.clientId().equals(clientId))
                .orElseThrow(
                    () ->
                        new PortalException.Invalid(
                            "requesterEmail", "is not a contact of that client"));
        requester = new Person(contact.email(), contact.name());
      } else if (caller.email() != null) {
        requester = new Person(caller.email(), caller.name());
      } else {
        // Staff tokens may carry no email (Claims allows it: they can still read and act), but
        // every ticket needs a
        // requester to be keyed and answered by: this agent must name one.
        throw new PortalException.Invalid(
            "requesterEmail", "is required: your token carries no email to open the ticket as");
      }
    } else {
      requester = new Person(caller.email(), caller.name());
    }

    Instant now = now();
    String accountManagerId = opening.client().map(Client::accountManagerId).orElse(null);
    ClientContracts known = contracts == null ? null : opening.contracts();
    Function<TicketStore.NumberedTenant, Opened> draft =
        numbered -> {
          long seq = numbered.seq();
          Routed routed = routing(accountManagerId, numbered.defaultGroupId());
          Ticket ticket =
              Ticket.builder()
                  .tenantId(caller.tenantId())
                  .id(Ids.ticketId(seq))
                  .seq(seq)
                  .number(Ids.ticketNumber(numbered.settings().ticketPrefix(), seq))
                  .subject(request.subject())
                  .description(request.description())
                  .status(TicketStatus.NEW)
                  .priority(request.priority() == null ? Priority.NORMAL : request.priority())
                  .channel(Channel.PORTAL)
                  .clientId(clientId)
                  .requester(requester)
                  .createdAt(now)
                  .updatedAt(now)
                  .version(routed.events() + 1)
                  .assigneeId(routed.assigneeId())
                  .groupId(routed.groupId())
                  .build();
          List<TicketEvent> events = new ArrayList<>(List.of(createdEvent(ticket, caller.actor())));
          routed.event(ticket, 2, caller.actor()).ifPresent(events::add);
          return new Opened(underActiveContract(ticket, known, numbered.settings()), events);
        };
    TicketStore.NumberedTenant next =
        new TicketStore.NumberedTenant(
            opening.settings(), opening.lastSeq() + 1, opening.defaultGroupId());
    Opened first = draft.apply(next);
    try {
      tickets.createNumbered(
          first.ticket(),
          opening,
          first.events(),
          idempotency.map(
              claim -> new CompletedIdempotency(claim, response.apply(first.ticket()))));
      return created(first.ticket());
    } catch (TicketStore.NumberTaken e) {
      // Another create drew that number after our read: draw one atomically, as a mail's ticket
      // does (two requests more; a number the ADD drew is nobody else's, so this write does not
      // lose it again).
      Opened again = draft.apply(tickets.nextNumber(caller.tenantId()));
      tickets.create(
          again.ticket(),
          again.events(),
          idempotency.map(
              claim -> new CompletedIdempotency(claim, response.apply(again.ticket()))));
      return created(again.ticket());
    }
  }

  /** A new ticket, under its contract, and its first events. */
  private record Opened(Ticket ticket, List<TicketEvent> events) {}

  /**
   * Where a new ticket goes: to its client's account manager, in the tenant's default group; either
   * may be absent. A routed ticket's creation writes an internal {@code assigned} event that owes
   * its queue a mail.
   */
  private record Routed(String assigneeId, String groupId, String note) {
    int events() {
      return assigneeId == null && groupId == null ? 0 : 1;
    }

    Optional<TicketEvent> event(Ticket ticket, long eventSeq, Actor actor) {
      if (events() == 0) return Optional.empty();
      Map<String, Object> data = EventData.assigned(assigneeId, groupId, null, null, note);
      return Optional.of(
          new TicketEvent(
              Ids.eventId(ticket.seq(), eventSeq),
              eventSeq,
              EventType.ASSIGNED,
              ticket.createdAt(),
              actor,
              false,
              data,
              OutboundMail.AGENT_NEW_TICKET));
    }
  }

  private static Routed routing(String accountManagerId, String defaultGroupId) {
    String note =
        accountManagerId != null ? "the client's account manager" : "the tenant's default group";
    return new Routed(accountManagerId, defaultGroupId, note);
  }

  private static TicketEvent createdEvent(Ticket ticket, Actor actor) {
    return createdEvent(ticket, actor, null);
  }

  private static TicketEvent createdEvent(Ticket ticket, Actor actor, String mail) {
    Map<String, Object> data = EventData.created(ticket);
    return new TicketEvent(
        Ids.eventId(ticket.seq(), 1),
        1,
        EventType.CREATED,
        ticket.createdAt(),
        actor,
        true,
        data,
        mail);
  }

  /**
   * Writes a mail's new ticket with its first events, under the client's contract that runs today
   * ({@code known}; null: none apply). The contracts are read afresh with the client for every
   * create ({@link ContractStore#clientTerms}; a portal ticket's with its number, {@link
   * TicketStore#opening}) rather than cached and vouched for by a ConditionCheck in the
   * transaction, which cost 2 WRU: a contract change committed between this read and the
   * transaction leaves the ticket under the terms it read, as if it had been created just before
   * the change (docs/data-model.md, "Contracts, the ledger and SLA clocks").
   */
  private Ticket open(
      Ticket draft,
      ClientContracts known,
      TenantSettings settings,
      List<TicketEvent> events,
      Optional<IdempotencyClaim> idempotency,
      Function<Ticket, StoredResponse> response,
      Function<Ticket, List<TicketStore.Also>> also) {
    Ticket ticket = underActiveContract(draft, known, settings);
    tickets.create(
        ticket,
        events,
        idempotency.map(claim -> new CompletedIdempotency(claim, response.apply(ticket))),
        also.apply(ticket));
    return created(ticket);
  }

  private static Ticket created(Ticket ticket) {
    Metrics.count(
        Metric.TICKETS_CREATED,
        ticket.channel().wire(),
        "tenant",
        ticket.tenantId(),
        "ticket",
        ticket.number());
    return ticket;
  }

  /**
   * The client's contract that runs today in the tenant's time zone, if any, gives the ticket its
   * id and SLA clocks: the contract's minutes for the ticket's priority, on the tenant's opening
   * hours and holidays.
   */
  private static Ticket underActiveContract(
      Ticket ticket, ClientContracts known, TenantSettings settings) {
    if (known == null) return ticket;
    LocalDate today = LocalDate.ofInstant(ticket.createdAt(), settings.zone());
    return known
        .runningOn(today)
        .map(
            a ->
                ticket.underContract(
                    a.contractId(),
                    TicketSla.start(
                        a.sla(), ticket.priority(), settings.workCalendar(), ticket.createdAt())))
        .orElse(ticket);
  }

  public Ticket get(Caller caller, String ref) {
    Ids.TicketRef parsed = Ids.parseTicketRef(ref).orElseThrow(AccessPolicy::notFound);
    Ticket ticket =
        tickets.find(caller.tenantId(), parsed.seq()).orElseThrow(AccessPolicy::notFound);
    if (!refersTo(parsed, ticket.id(), ticket.number())) throw AccessPolicy.notFound();
    if (!AccessPolicy.canSee(caller, ticket) && !watches(caller, ticket.seq(), ticket.clientId()))
      throw AccessPolicy.notFound();
    return ticket;
  }

  /**
   * A watcher sees the ticket as its requester does. Asked only when the other rules said no to a
   * client role of the ticket's own client (one GetItem), so nobody else pays for it.
   */
  private boolean watches(Caller caller, long seq, String clientId) {
    return watchers != null
        && AccessPolicy.mayWatch(caller, clientId)
        && watchers.watcher(caller.tenantId(), seq, caller.email()).isPresent();
  }

  /**
   * The one rule of a closed ticket: it takes no more answers from the client's side (a comment, a
   * mail, a file, a copy), who should open a new ticket instead.
   */
  public static void requireNotClosed(Ticket ticket) {
    if (ticket.status() == TicketStatus.CLOSED) {
      throw new PortalException.Conflict("the ticket is closed; open a new ticket instead");
    }
  }

  public Page<TicketSummary> list(
      Caller caller, TicketStatus status, String clientFilter, int limit, String cursor) {
    return list(caller, status, clientFilter, null, null, limit, cursor);
  }

  /** The assignee filter's word for "nobody"; "me" is the caller. */
  public static final String UNASSIGNED = "none";

  public static final String ME = "me";

  /**
   * A list by one scope: the tenant, a client, an assignee ({@code me}, {@code none} or a staff
   * email) or a group; each one Query of its own index partition. The filters are the desk's:
   * client roles get a 403 for them.
   */
  public Page<TicketSummary> list(
      Caller caller,
      TicketStatus status,
      String clientFilter,
      String assignee,
      String group,
      int limit,
      String cursor) {
    if (assignee != null || group != null) {
      if (!caller.isStaff())
        throw new PortalException.Forbidden("only agents list tickets by assignee or group");
      if (clientFilter != null || (assignee != null && group != null)) {
        throw new PortalException.Invalid(
            assignee != null && group != null ? "group" : "clientId",
            "give one of clientId, assignee and group");
      }
      if (group != null) {
        Page<TicketSummary> page =
            tickets.list(caller.tenantId(), new TicketQuery.OfGroup(group, status), limit, cursor);
        // One request per page: the group is read only when a first page is empty, to tell an empty
        // queue from none.
        if (page.items().isEmpty()
            && cursor == null
            && requireDesk().group(caller.tenantId(), group).isEmpty()) {
          throw new PortalException.NotFound("no such group");
        }
        return page;
      }
      String assigneeId =
          switch (assignee) {
            case UNASSIGNED -> null;
            case ME -> {
              if (caller.email() == null)
                throw new PortalException.Invalid(
                    "assignee", "your token carries no email to be 'me'");
              yield caller.email();
            }
            default -> dev.portal.shared.store.Keys.normalizeEmail(assignee);
          };
      Page<TicketSummary> page =
          tickets.list(
              caller.tenantId(), new TicketQuery.OfAssignee(assigneeId, status), limit, cursor);
      if (page.items().isEmpty()
          && cursor == null
          && assigneeId != null
          && !ME.equals(assignee)
          && directory.staff(caller.tenantId(), assigneeId).isEmpty()) {
        throw new PortalException.NotFound("no such staff member");
      }
      return page;
    }
    TicketQuery query;
    if (caller.isStaff()) {
      query =
          clientFilter == null
              ? new TicketQuery.Tenant(status)
              : new TicketQuery.OfClient(clientFilter, status);
    } else {
      String clientId = AccessPolicy.requireClientOf(caller);
      if (clientFilter != null && !clientFilter.equals(clientId)) {
        throw new PortalException.Invalid(
            "clientId", "client roles see their own company's tickets only");
      }
      query =
          caller.isClientAdmin()
              ? new TicketQuery.OfClient(clientId, status)
              : new TicketQuery.OfRequester(clientId, caller.email(), status);
    }
    return tickets.list(caller.tenantId(), query, limit, cursor);
  }

  /**
   * The timeline, in one request: access is decided on the ticket facts the events carry. Only an
   * empty page (or events older than those facts) needs the ticket itself, to tell "no such ticket"
   * from "no more events".
   */
  public Page<TicketEvent> events(Caller caller, String ref, int limit, String cursor) {
    Ids.TicketRef parsed = Ids.parseTicketRef(ref).orElseThrow(AccessPolicy::notFound);
    TicketStore.Timeline timeline =
        tickets.events(caller.tenantId(), parsed.seq(), !caller.isStaff(), limit, cursor);
    if (timeline.owner().isEmpty()) {
      get(caller, ref);
      return timeline.page();
    }
    TicketStore.TicketFacts owner = timeline.owner().get();
    if (!refersTo(parsed, owner.id(), owner.number())) throw AccessPolicy.notFound();
    if (!AccessPolicy.canSee(caller, owner.clientId(), owner.requesterEmail())
        && !watches(caller, parsed.seq(), owner.clientId())) {
      throw AccessPolicy.notFound();
    }
    return timeline.page();
  }

  private static boolean refersTo(Ids.TicketRef ref, String id, String number) {
    return switch (ref) {
      case Ids.TicketRef.ById byId -> byId.id().equals(id);
      case Ids.TicketRef.ByNumber byNumber -> byNumber.number().equalsIgnoreCase(number);
    };
  }

  /** A change as written: the ticket after it and the events it added, in order. */
  public record Applied(Ticket ticket, List<TicketEvent> events) {}

  /**
   * Adds a comment; the comment is the last of the applied events (a reopening may come before it).
   */
  public Applied comment(Caller caller, String ref, String body, boolean isPublic) {
    return comment(caller, ref, body, isPublic, IdempotentResponse.none());
  }

  /**
   * As above, writing {@code answer} as the completed idempotency record in the comment's own
   * transaction.
   */
  public Applied comment(
      Caller caller,
      String ref,
      String body,
      boolean isPublic,
      IdempotentResponse<Applied> answer) {
    if (!isPublic && !caller.isStaff()) {
      throw new PortalException.Invalid("public", "only agents may write internal notes");
    }
    return modify(
        caller,
        ref,
        answer,
        (ticket, at) -> {
          Map<String, Object> data = EventData.comment(body);
          if (caller.isStaff()) return agentComment(ticket, at, data, isPublic, List.of());
          List<Draft> drafts = new ArrayList<>();
          ClientReply reply = clientReply(ticket, drafts);
          // A client's answer is mailed to whoever owns the ticket.
          drafts.add(new Draft(EventType.COMMENT, isPublic, data, ownersMail(ticket)));
          return new Change(
              ticket.withChange(
                  reply.status(),
                  ticket.priority(),
                  at,
                  ticket.firstResponseAt(),
                  reply.resolvedAt(),
                  ticket.rating()),
              drafts);
        });
  }

  /**
   * An agent's comment, by the portal or by mail: a public one is the ticket's first response if
   * none came before, and is mailed to the requester (the event itself is the outbox, {@link
   * TicketEvent#mail()}); the status stays as it is. {@code extra} (a mail's attachments) follows
   * the comment and owes no mail of its own.
   */
  private static Change agentComment(
      Ticket ticket,
      Instant at,
      Map<String, Object> data,
      boolean isPublic,
      List<EventDraft> extra) {
    Instant firstResponse = ticket.firstResponseAt();
    if (isPublic && firstResponse == null) firstResponse = at;
    List<Draft> drafts = new ArrayList<>();
    drafts.add(
        new Draft(EventType.COMMENT, isPublic, data, isPublic ? OutboundMail.AGENT_REPLY : null));
    for (EventDraft e : extra) drafts.add(new Draft(e.type(), e.isPublic(), e.data()));
    return new Change(
        ticket.withChange(
            ticket.status(),
            ticket.priority(),
            at,
            firstResponse,
            ticket.resolvedAt(),
            ticket.rating()),
        drafts);
  }

  public Ticket change(Caller caller, String ref, TicketChange change) {
    TicketChange.Routing routing = change.routing();
    if (routing != null && routing.assigneeId() != null) {
      // A staff member's id is their email, lower-cased: the same person is one partition of the
      // assignee lists.
      routing =
          new TicketChange.Routing(
              routing.setAssignee(),
              dev.portal.shared.store.Keys.normalizeEmail(routing.assigneeId()),
              routing.setGroup(),
              routing.groupId(),
              routing.note());
    }
    TicketChange.Routing move = routing;
    // Checked once, after the ticket was found (another tenant's ticket is a 404 whatever the body
    // names).
    Group[] group = new Group[1];
    boolean[] checked = new boolean[1];
    return apply(
        caller,
        ref,
        (ticket, at) -> {
          if (move != null && !checked[0]) {
            group[0] = checkRouting(caller, move);
            checked[0] = true;
          }
          List<Draft> drafts = new ArrayList<>();
          TicketStatus status = ticket.status();
          Priority priority = ticket.priority();
          Instant resolvedAt = ticket.resolvedAt();
          if (change.status() != null) {
            if (!status.canBecome(change.status())) {
              throw new PortalException.Conflict(
                  "a " + status.wire() + " ticket cannot become " + change.status().wire());
            }
            boolean resolves = change.status() == TicketStatus.RESOLVED;
            String mail =
                resolves
                    ? OutboundMail.RESOLVED
                    : change.status() == TicketStatus.WAITING_FOR_CLIENT
                            && status != TicketStatus.WAITING_FOR_CLIENT
                        ? OutboundMail.WAITING_FOR_YOU
                        : null;
            drafts.add(
                new Draft(
                    EventType.STATUS_CHANGED, true, transition(status, change.status()), mail));
            if (resolves) resolvedAt = at;
            if (status == TicketStatus.RESOLVED && change.status() == TicketStatus.IN_PROGRESS)
              resolvedAt = null;
            status = change.status();
          }
          if (change.priority() != null && change.priority() != priority) {
            drafts.add(
                new Draft(
                    EventType.PRIORITY_CHANGED,
                    true,
                    EventData.priorityChanged(priority, change.priority())));
            priority = change.priority();
          }
          String assignee = ticket.assigneeId();
          String groupId = ticket.groupId();
          if (move != null) {
            assignee = move.setAssignee() ? move.assigneeId() : assignee;
            groupId = move.setGroup() ? move.groupId() : groupId;
            assigned(caller, ticket, assignee, groupId, group[0], move.note())
                .ifPresent(drafts::add);
          }
          if (drafts.isEmpty()) return new Change(ticket, List.of());
          return new Change(
              ticket
                  .withChange(
                      status, priority, at, ticket.firstResponseAt(), resolvedAt, ticket.rating())
                  .routedTo(assignee, groupId),
              drafts);
        });
  }

  /**
   * An assignee must be an active staff member, a group one of the tenant's: 400 otherwise. @return
   * the group, if any
   */
  private Group checkRouting(Caller caller, TicketChange.Routing routing) {
    if (routing.setAssignee() && routing.assigneeId() != null) {
      var staff = directory.staff(caller.tenantId(), routing.assigneeId());
      if (staff.isEmpty() || !staff.get().active()) {
        throw new PortalException.Invalid(
            "assigneeId", "is not an active staff member of the tenant");
      }
    }
    if (routing.setGroup() && routing.groupId() != null) {
      return requireDesk()
          .group(caller.tenantId(), routing.groupId())
          .orElseThrow(() -> new PortalException.Invalid("groupId", "no such group"));
    }
    return null;
  }

  /**
   * The internal {@code assigned} event of a move, if anything moved. Its mail goes to the new
   * assignee, or when only the group changed (an escalation) to the new group's members; never to
   * the agent who made the move.
   */
  private static Optional<Draft> assigned(
      Caller caller, Ticket ticket, String assignee, String groupId, Group group, String note) {
    boolean assigneeMoved = !java.util.Objects.equals(assignee, ticket.assigneeId());
    boolean groupMoved = !java.util.Objects.equals(groupId, ticket.groupId());
    if (!assigneeMoved && !groupMoved) return Optional.empty();
    Map<String, Object> data =
        EventData.assigned(
            assignee,
            groupId,
            assigneeMoved ? ticket.assigneeId() : null,
            groupMoved ? ticket.groupId() : null,
            note);
    List<String> to = new ArrayList<>();
    if (assigneeMoved && assignee != null) {
      to.add(assignee);
    } else if (groupMoved && group != null) {
      to.addAll(group.members());
    }
    if (caller.email() != null) to.remove(caller.email());
    return Optional.of(
        new Draft(
            EventType.ASSIGNED,
            false,
            data,
            to.isEmpty() ? null : OutboundMail.AGENT_ASSIGNED,
            to));
  }

  private DeskStore requireDesk() {
    if (desk == null)
      throw new IllegalStateException("this TicketService was built without groups");
    return desk;
  }

  public Ticket rate(Caller caller, String ref, int score, String comment) {
    return rate(caller, ref, score, comment, IdempotentResponse.none());
  }

  /**
   * As above, writing {@code answer} as the completed idempotency record in the rating's own
   * transaction.
   */
  public Ticket rate(
      Caller caller, String ref, int score, String comment, IdempotentResponse<Ticket> answer) {
    var byTicket =
        new IdempotentResponse<Applied>(answer.claim(), a -> answer.response().apply(a.ticket()));
    return modify(
            caller,
            ref,
            byTicket,
            (ticket, at) -> {
              if (!caller.isClientAdmin() && !ticket.requester().email().equals(caller.email())) {
                throw new PortalException.Forbidden(
                    "only the requester or a client_admin of the company may rate a ticket");
              }
              if (ticket.status() != TicketStatus.RESOLVED
                  && ticket.status() != TicketStatus.CLOSED) {
                throw new PortalException.Conflict("only a resolved or closed ticket can be rated");
              }
              if (ticket.rating() != null)
                throw new PortalException.Conflict("the ticket has been rated already");
              Map<String, Object> data = EventData.rated(score, comment);
              Rating rating = new Rating(score, comment);
              return new Change(
                  ticket.withChange(
                      ticket.status(),
                      ticket.priority(),
                      at,
                      ticket.firstResponseAt(),
                      ticket.resolvedAt(),
                      rating),
                  List.of(new Draft(EventType.RATED, true, data)));
            })
        .ticket();
  }

  /**
   * @param mail the mail the event owes the requester ({@link TicketEvent#mail()}), or null
   */
  private record Draft(
      EventType type,
      boolean isPublic,
      Map<String, Object> data,
      String mail,
      List<String> mailTo) {
    Draft(EventType type, boolean isPublic, Map<String, Object> data, String mail) {
      this(type, isPublic, data, mail, List.of());
    }

    Draft(EventType type, boolean isPublic, Map<String, Object> data) {
      this(type, isPublic, data, null);
    }
  }

  private record ClientReply(TicketStatus status, Instant resolvedAt) {}

  /**
   * A client's answer is mailed to the ticket's owners: its assignee, else its group's members;
   * none without either.
   */
  private static String ownersMail(Ticket ticket) {
    return ticket.assigneeId() != null || ticket.groupId() != null
        ? OutboundMail.AGENT_CLIENT_REPLY
        : null;
  }

  /**
   * A client's answer, by portal comment or by mail, puts the ball back in the agents' court:
   * reopen a resolved ticket, resume a waiting one (adding the status change to {@code drafts}); a
   * closed ticket takes no answers.
   */
  private static ClientReply clientReply(Ticket ticket, List<Draft> drafts) {
    requireNotClosed(ticket);
    TicketStatus status = ticket.status();
    if (status == TicketStatus.RESOLVED || status == TicketStatus.WAITING_FOR_CLIENT) {
      drafts.add(
          new Draft(EventType.STATUS_CHANGED, true, transition(status, TicketStatus.IN_PROGRESS)));
      return new ClientReply(TicketStatus.IN_PROGRESS, null);
    }
    return new ClientReply(status, ticket.resolvedAt());
  }

  // ---- The email channel: the same rules, with a sender instead of a token. ----

  /**
   * An event the email channel adds besides the ones the rules decide (the mail itself, its
   * attachments, a sent mail).
   */
  public record EventDraft(EventType type, boolean isPublic, Map<String, Object> data) {}

  /**
   * Opens a ticket from an inbound mail: {@code created} (channel email) followed by {@code extra}
   * (the {@code email_received} event and one {@code attachment_added} per file), in one
   * transaction. The sender is the requester; {@code clientId} is null for senders of no known
   * client, which only agents then see.
   */
  public Applied createFromEmail(
      String tenantId,
      String clientId,
      Person requester,
      String subject,
      String description,
      List<EventDraft> extra) {
    return createFromEmail(
        tenantId, clientId, requester, subject, description, extra, false, t -> List.of());
  }

  /**
   * As above, with writes that belong to the same transaction ({@link TicketStore.Also}), given the
   * ticket.
   *
   * @param acknowledge the {@code created} event owes the requester an acknowledgement ({@link
   *     TicketEvent#mail()})
   */
  public Applied createFromEmail(
      String tenantId,
      String clientId,
      Person requester,
      String subject,
      String description,
      List<EventDraft> extra,
      boolean acknowledge,
      Function<Ticket, List<TicketStore.Also>> also) {
    Instant now = now();
    ContractStore.ClientTerms terms = clientId == null ? null : clientTerms(tenantId, clientId);
    String accountManager =
        terms == null ? null : terms.client().map(Client::accountManagerId).orElse(null);
    TicketStore.NumberedTenant numbered = tickets.nextNumber(tenantId);
    long seq = numbered.seq();
    Routed routed = routing(accountManager, numbered.defaultGroupId());
    Ticket draft =
        Ticket.builder()
            .tenantId(tenantId)
            .id(Ids.ticketId(seq))
            .seq(seq)
            .number(Ids.ticketNumber(numbered.settings().ticketPrefix(), seq))
            .subject(subject)
            .description(description)
            .status(TicketStatus.NEW)
            .priority(Priority.NORMAL)
            .channel(Channel.EMAIL)
            .clientId(clientId)
            .requester(requester)
            .createdAt(now)
            .updatedAt(now)
            .version(1 + extra.size() + routed.events())
            .assigneeId(routed.assigneeId())
            .groupId(routed.groupId())
            .build();
    Actor actor = new Actor(dev.portal.shared.domain.ActorKind.CLIENT, requester.email());
    List<TicketEvent> events = new ArrayList<>();
    events.add(createdEvent(draft, actor, acknowledge ? OutboundMail.ACKNOWLEDGEMENT : null));
    long eventSeq = 1;
    for (EventDraft d : extra) {
      eventSeq++;
      events.add(
          new TicketEvent(
              Ids.eventId(seq, eventSeq), eventSeq, d.type(), now, actor, d.isPublic(), d.data()));
    }
    routed.event(draft, eventSeq + 1, actor).ifPresent(events::add);
    Ticket ticket =
        open(
            draft,
            terms == null ? null : terms.contracts(),
            numbered.settings(),
            events,
            Optional.empty(),
            t -> null,
            also);
    return new Applied(ticket, events);
  }

  /**
   * The client and its contracts in one read; without a contract store (no contracts, no SLA
   * clocks), the client alone.
   */
  private ContractStore.ClientTerms clientTerms(String tenantId, String clientId) {
    if (contracts == null)
      return new ContractStore.ClientTerms(directory.client(tenantId, clientId), null);
    return contracts.clientTerms(tenantId, clientId);
  }

  /**
   * A client's mail threaded into its ticket: exactly the rules of a client's portal comment (a
   * resolved ticket reopens, a waiting one resumes, a closed one refuses with a Conflict), with the
   * mail's events instead of a comment.
   */
  public Applied receiveEmail(
      String tenantId, long ticketSeq, Person sender, List<EventDraft> events) {
    return receiveEmail(tenantId, ticketSeq, sender, events, t -> List.of());
  }

  /**
   * As above, with writes that belong to the same transaction ({@link TicketStore.Also}), given the
   * changed ticket.
   */
  public Applied receiveEmail(
      String tenantId,
      long ticketSeq,
      Person sender,
      List<EventDraft> events,
      Function<Ticket, List<TicketStore.Also>> also) {
    Actor actor = new Actor(dev.portal.shared.domain.ActorKind.CLIENT, sender.email());
    Function<Applied, List<TicketStore.Also>> alsoOf = applied -> also.apply(applied.ticket());
    return modify(
        () -> tickets.find(tenantId, ticketSeq).orElseThrow(AccessPolicy::notFound),
        actor,
        alsoOf,
        (ticket, at) -> {
          List<Draft> drafts = new ArrayList<>();
          ClientReply reply = clientReply(ticket, drafts);
          String mail = ownersMail(ticket);
          for (EventDraft e : events) {
            drafts.add(new Draft(e.type(), e.isPublic(), e.data(), mail));
            mail =
                null; // the mail itself (email_received) tells the owners; its attachments need no
            // mail of their own
          }
          return new Change(
              ticket.withChange(
                  reply.status(),
                  ticket.priority(),
                  at,
                  ticket.firstResponseAt(),
                  reply.resolvedAt(),
                  ticket.rating()),
              drafts);
        });
  }

  /**
   * A staff member's mail reply threaded into a ticket of their tenant: exactly a public portal
   * comment of theirs ({@code comment}, actor the agent, the requester mailed through the outbox,
   * the first response if it is one), followed by the mail's {@code extra} events (its
   * attachments). Who may do this (an active staff member whose address SES verified) is the
   * inbound path's to decide; this records it.
   *
   * @param data the comment's data: {@code body} and where it came from
   */
  public Applied agentReplyByEmail(
      String tenantId,
      long ticketSeq,
      String agentEmail,
      Map<String, Object> data,
      List<EventDraft> extra,
      Function<Ticket, List<TicketStore.Also>> also) {
    Actor actor = new Actor(dev.portal.shared.domain.ActorKind.AGENT, agentEmail);
    Function<Applied, List<TicketStore.Also>> alsoOf = applied -> also.apply(applied.ticket());
    return modify(
        () -> tickets.find(tenantId, ticketSeq).orElseThrow(AccessPolicy::notFound),
        actor,
        alsoOf,
        (ticket, at) -> agentComment(ticket, at, data, true, extra));
  }

  /**
   * Records what the system did to a ticket (an {@code email_sent}), leaving the ticket as it is:
   * the event is written beside the ticket's current version, like a time entry, so it neither
   * rewrites the ticket nor contends with people changing it.
   */
  public Applied recordSystemEvent(String tenantId, long ticketSeq, EventDraft event) {
    return recordSystemEvent(tenantId, ticketSeq, event, List.of());
  }

  /** As above, with writes that belong to the same transaction ({@link TicketStore.Also}). */
  public Applied recordSystemEvent(
      String tenantId, long ticketSeq, EventDraft event, List<TicketStore.Also> also) {
    Ticket ticket = tickets.find(tenantId, ticketSeq).orElseThrow(AccessPolicy::notFound);
    Actor actor = new Actor(dev.portal.shared.domain.ActorKind.SYSTEM, null);
    return appendBeside(ticket, actor, event, e -> also);
  }

  /**
   * What a person added beside the ticket without changing it (a confirmed upload): the event is
   * written after the ticket's current version, with the writes {@code also} derives from it, in
   * one transaction. @throws TicketStore.ClaimLost when a conditional {@code also} write failed
   */
  public TicketEvent recordBeside(
      Caller caller,
      Ticket ticket,
      EventDraft event,
      Function<TicketEvent, List<TicketStore.Also>> also) {
    return appendBeside(ticket, caller.actor(), event, also).events().getFirst();
  }

  private Applied appendBeside(
      Ticket ticket,
      Actor actor,
      EventDraft event,
      Function<TicketEvent, List<TicketStore.Also>> also) {
    String sideId = Ids.random(8);
    TicketEvent e =
        new TicketEvent(
            Ids.eventId(ticket.seq(), ticket.version()) + "-" + sideId,
            ticket.version(),
            event.type(),
            now(),
            actor,
            event.isPublic(),
            event.data());
    tickets.appendBeside(ticket, e, sideId, also.apply(e));
    return new Applied(ticket, List.of(e));
  }

  private record Change(Ticket ticket, List<Draft> drafts) {}

  private interface Modification {
    Change apply(Ticket current, Instant at);
  }

  /**
   * Optimistic read-modify-write: the write is conditional on the version read; when another writer
   * got there first the change is decided again on the fresh ticket, so a change that is still
   * valid is never lost.
   */
  private Ticket apply(Caller caller, String ref, Modification modification) {
    return modify(caller, ref, modification).ticket();
  }

  private Applied modify(Caller caller, String ref, Modification modification) {
    return modify(caller, ref, IdempotentResponse.none(), modification);
  }

  private Applied modify(
      Caller caller, String ref, IdempotentResponse<Applied> answer, Modification modification) {
    return modify(
        () -> get(caller, ref),
        caller.actor(),
        applied ->
            answer
                .completedBy(applied)
                .<List<TicketStore.Also>>map(r -> List.of(new TicketStore.Also.Recorded(r)))
                .orElse(List.of()),
        modification);
  }

  private Applied modify(
      java.util.function.Supplier<Ticket> load,
      Actor actor,
      Function<Applied, List<TicketStore.Also>> also,
      Modification modification) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Ticket current = load.get();
      Instant at = now();
      if (at.isBefore(current.updatedAt())) at = current.updatedAt();
      Change change = modification.apply(current, at);
      if (change.drafts().isEmpty()) return new Applied(current, List.of());
      change = withSlaClocks(current, change, at);
      List<TicketEvent> events = new ArrayList<>();
      long seq = current.version();
      for (Draft d : change.drafts()) {
        seq++;
        events.add(
            new TicketEvent(
                Ids.eventId(current.seq(), seq),
                seq,
                d.type(),
                at,
                actor,
                d.isPublic(),
                d.data(),
                d.mail(),
                d.mailTo()));
      }
      // Several events in one change share one ticket version bump: the ticket's version is the
      // last event's seq.
      Ticket changed = withVersion(change.ticket(), seq);
      Applied applied = new Applied(changed, events);
      if (tickets.update(changed, events, current.version(), also.apply(applied))) return applied;
    }
    throw new PortalException.Conflict(
        "the ticket was changed by someone else at the same moment; try again");
  }

  private static Ticket withVersion(Ticket t, long version) {
    return t.withVersion(version);
  }

  /**
   * Every status change, whoever made it, pauses or resumes the resolution clock here, in one
   * place; a priority change counts both due times again with the contract's minutes for the new
   * priority (before the status change of the same request is applied to them).
   */
  private Change withSlaClocks(Ticket current, Change change, Instant at) {
    Ticket next = change.ticket();
    TicketSla sla = current.sla();
    if (sla == null) return change;
    boolean priorityChanged = next.priority() != current.priority();
    boolean statusChanged = next.status() != current.status();
    if (!priorityChanged && !statusChanged) return change;
    WorkCalendar work = workCalendar(current);
    if (priorityChanged) {
      Optional<SlaTerms> terms = termsOf(current);
      if (terms.isPresent())
        sla = sla.withMinutes(terms.get().forPriority(next.priority()), current.createdAt(), work);
    }
    if (statusChanged) sla = sla.onStatusChange(current.status(), next.status(), at, work);
    return new Change(next.withSla(sla), change.drafts());
  }

  /** Only a business-hours clock reads the tenant's calendar; a 24x7 one needs no read. */
  private WorkCalendar workCalendar(Ticket ticket) {
    TicketSla sla = ticket.sla();
    if (settings == null || sla.calendar() != SlaCalendar.BUSINESS)
      return WorkCalendar.standard(sla.zone());
    return settings.get(ticket.tenantId()).workCalendar();
  }

  /**
   * The terms of the contract the ticket was opened under: one GetItem, only when its priority
   * changes.
   */
  private Optional<SlaTerms> termsOf(Ticket ticket) {
    if (contracts == null || ticket.contractId() == null) return Optional.empty();
    return contracts.find(ticket.tenantId(), ticket.contractId()).map(c -> c.sla());
  }

  private static Map<String, Object> transition(TicketStatus from, TicketStatus to) {
    return EventData.statusChanged(from, to);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
