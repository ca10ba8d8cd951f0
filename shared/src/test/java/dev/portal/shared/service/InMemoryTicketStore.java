package dev.portal.shared.service;

import dev.portal.shared.domain.ClientContracts;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.TenantSettings;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.store.CompletedIdempotency;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.IdempotencyCollision;
import dev.portal.shared.store.TicketQuery;
import dev.portal.shared.store.TicketStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * A HashMap-backed {@link TicketStore} for unit tests. {@link #update} honours the contract: it
 * writes only when the stored version equals {@code expectedVersion}. Two hooks simulate other
 * writers: {@link #beforeUpdate} runs before the version check of each update call (1-based call
 * number), {@link #refuseUpdate} makes a call return false without writing.
 */
public final class InMemoryTicketStore implements TicketStore {
  final Map<String, TenantSettings> settings = new HashMap<>();
  final Map<String, Long> counters = new HashMap<>();

  /** Each tenant's default group, read with its counter as the table's tenant item holds it. */
  final Map<String, String> defaultGroups = new HashMap<>();

  final Map<String, Ticket> tickets = new HashMap<>();
  final Map<String, List<TicketEvent>> events = new HashMap<>();
  final Map<String, CompletedIdempotency> idempotency = new HashMap<>();

  /**
   * Every call, in order, e.g. {@code nextNumber:acme}, {@code create:ACME-42}, {@code
   * update:ACME-42@3}.
   */
  final List<String> calls = new ArrayList<>();

  /** Tickets read by {@link #find}, apart from {@link #calls}: most tests count writes only. */
  final List<Long> finds = new ArrayList<>();

  /**
   * Receives the {@link Also} writes of each transaction before the store's own (a mail store
   * double applies its part, and may throw {@link ClaimLost} to fail the whole write as DynamoDB
   * would). Ignored by default.
   */
  public java.util.function.BiConsumer<String, List<Also>> alsoWrites = (tenant, also) -> {};

  /**
   * Every mail the written events called for, in write order: what the table's stream would carry
   * to the outbox.
   */
  private final List<dev.portal.shared.email.OutboundMail> outbox = new ArrayList<>();

  /** The outbox's mails from position {@code from} on. */
  public List<dev.portal.shared.email.OutboundMail> outbox(int from) {
    return List.copyOf(outbox.subList(Math.min(from, outbox.size()), outbox.size()));
  }

  private void toOutbox(Ticket t, List<TicketEvent> written) {
    for (TicketEvent e : written) {
      if (e.mail() == null) continue;
      Object body =
          dev.portal.shared.email.OutboundMail.AGENT_REPLY.equals(e.mail())
              ? e.data().get("body")
              : null;
      outbox.add(
          new dev.portal.shared.email.OutboundMail(
              t.tenantId(),
              t.seq(),
              e.mail(),
              e.id(),
              body == null ? null : body.toString(),
              e.mailTo()));
    }
  }

  int updateCalls;
  public IntPredicate refuseUpdate = call -> false;
  UpdateHook beforeUpdate = (store, call) -> {};

  interface UpdateHook {
    void run(InMemoryTicketStore store, int call);
  }

  private static String key(String tenantId, long seq) {
    return tenantId + "#" + seq;
  }

  /** A tenant whose tickets start at number 1 (for tests outside this package). */
  public void addTenant(TenantSettings tenant) {
    settings.put(tenant.tenantId(), tenant);
  }

  /** Puts a ticket as if it had been written earlier, with no events. */
  void seed(Ticket ticket) {
    tickets.put(key(ticket.tenantId(), ticket.seq()), ticket);
    events.computeIfAbsent(key(ticket.tenantId(), ticket.seq()), k -> new ArrayList<>());
  }

  Ticket stored(String tenantId, long seq) {
    return tickets.get(key(tenantId, seq));
  }

  List<TicketEvent> storedEvents(String tenantId, long seq) {
    return events.getOrDefault(key(tenantId, seq), List.of());
  }

  @Override
  public NumberedTenant nextNumber(String tenantId) {
    calls.add("nextNumber:" + tenantId);
    TenantSettings s = settings.get(tenantId);
    if (s == null) throw new IllegalStateException("no tenant " + tenantId);
    long seq = counters.merge(tenantId, 1L, Long::sum);
    return new NumberedTenant(s, seq, defaultGroups.get(tenantId));
  }

  /** Where {@link #opening} reads the client, its contracts and the contact. */
  private DirectoryStore directory = new InMemoryDirectoryStore();

  private InMemoryContractStore contracts;

  /** Runs after each {@link #opening}: another writer between a create's read and its write. */
  Runnable afterOpening = () -> {};

  /** {@link #opening} reads from these (the test's own doubles; no contracts when null). */
  InMemoryTicketStore readingFrom(DirectoryStore directory, InMemoryContractStore contracts) {
    this.directory = directory;
    this.contracts = contracts;
    return this;
  }

  @Override
  public Opening opening(String tenantId, String clientId, String contactEmail) {
    calls.add("opening:" + tenantId);
    TenantSettings s = settings.get(tenantId);
    if (s == null) throw new IllegalStateException("no tenant " + tenantId);
    Opening read =
        new Opening(
            s,
            counters.getOrDefault(tenantId, 0L),
            defaultGroups.get(tenantId),
            directory.client(tenantId, clientId),
            contracts == null ? ClientContracts.NONE : contracts.active(tenantId, clientId),
            contactEmail == null ? Optional.empty() : directory.contact(tenantId, contactEmail));
    afterOpening.run();
    return read;
  }

  @Override
  public void createNumbered(
      Ticket ticket,
      Opening read,
      List<TicketEvent> created,
      Optional<CompletedIdempotency> completed) {
    if (counters.getOrDefault(ticket.tenantId(), 0L) != read.lastSeq()) {
      calls.add("numberTaken:" + ticket.number());
      throw new NumberTaken();
    }
    create(ticket, created, completed, List.of());
    counters.put(ticket.tenantId(), ticket.seq());
  }

  @Override
  public void create(
      Ticket ticket,
      List<TicketEvent> created,
      Optional<CompletedIdempotency> completed,
      List<Also> also) {
    calls.add("create:" + ticket.number());
    String k = key(ticket.tenantId(), ticket.seq());
    if (tickets.containsKey(k)) throw new IllegalStateException("ticket exists " + k);
    if (completed.isPresent()) {
      String ik = completed.get().claim().tenantId() + "#" + completed.get().claim().scopeHash();
      if (idempotency.containsKey(ik)) throw new IdempotencyCollision();
      idempotency.put(ik, completed.get());
    }
    alsoWrites.accept(ticket.tenantId(), also);
    tickets.put(k, ticket);
    events.put(k, new ArrayList<>(created));
    toOutbox(ticket, created);
  }

  @Override
  public void appendBeside(Ticket ticket, TicketEvent event, String sideId, List<Also> also) {
    calls.add("beside:" + ticket.number() + "@" + ticket.version());
    alsoWrites.accept(ticket.tenantId(), also);
    events.computeIfAbsent(key(ticket.tenantId(), ticket.seq()), x -> new ArrayList<>()).add(event);
  }

  @Override
  public Optional<Ticket> find(String tenantId, long seq) {
    finds.add(seq);
    return Optional.ofNullable(tickets.get(key(tenantId, seq)));
  }

  @Override
  public boolean update(
      Ticket changed, List<TicketEvent> newEvents, long expectedVersion, List<Also> also) {
    int call = ++updateCalls;
    calls.add("update:" + changed.number() + "@" + expectedVersion);
    beforeUpdate.run(this, call);
    if (refuseUpdate.test(call)) return false;
    String k = key(changed.tenantId(), changed.seq());
    Ticket current = tickets.get(k);
    if (current == null || current.version() != expectedVersion) return false;
    for (Also a : also) {
      if (a instanceof Also.Recorded r) {
        String ik = r.record().claim().tenantId() + "#" + r.record().claim().scopeHash();
        if (idempotency.containsKey(ik)) throw new IdempotencyCollision();
        idempotency.put(ik, r.record());
      }
    }
    alsoWrites.accept(changed.tenantId(), also);
    tickets.put(k, changed);
    events.computeIfAbsent(k, x -> new ArrayList<>()).addAll(newEvents);
    toOutbox(changed, newEvents);
    return true;
  }

  @Override
  public Page<dev.portal.shared.domain.TicketSummary> list(
      String tenantId, TicketQuery query, int limit, String cursor) {
    List<dev.portal.shared.domain.TicketSummary> out =
        tickets.values().stream()
            .filter(t -> t.tenantId().equals(tenantId))
            .filter(t -> query.status() == null || t.status() == query.status())
            .filter(
                t ->
                    switch (query) {
                      case TicketQuery.Tenant q -> true;
                      case TicketQuery.OfClient q -> q.clientId().equals(t.clientId());
                      case TicketQuery.OfRequester q ->
                          q.clientId().equals(t.clientId())
                              && q.email().equals(t.requester().email());
                      case TicketQuery.OfAssignee q ->
                          java.util.Objects.equals(q.assigneeId(), t.assigneeId());
                      case TicketQuery.OfGroup q -> q.groupId().equals(t.groupId());
                    })
            // The list order of DynamoTicketStore: status in workflow order, then newest first.
            .sorted(
                Comparator.comparing((Ticket t) -> t.status().ordinal())
                    .thenComparing(Comparator.comparingLong(Ticket::seq).reversed()))
            .limit(limit)
            .map(dev.portal.shared.domain.TicketSummary::of)
            .toList();
    return new Page<>(out, null);
  }

  @Override
  public Timeline events(
      String tenantId, long ticketSeq, boolean publicOnly, int limit, String cursor) {
    List<TicketEvent> out =
        storedEvents(tenantId, ticketSeq).stream()
            .filter(e -> !publicOnly || e.isPublic())
            .limit(limit)
            .toList();
    Ticket t = tickets.get(key(tenantId, ticketSeq));
    return new Timeline(
        new Page<>(out, null),
        out.isEmpty() || t == null
            ? Optional.empty()
            : Optional.of(
                new TicketFacts(t.id(), t.number(), t.clientId(), t.requester().email())));
  }
}
