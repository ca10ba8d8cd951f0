package dev.portal.shared.service;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.EventData;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.Watcher;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.TicketStore;
import dev.portal.shared.store.WatcherStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Watchers (CCs) of a ticket: active contacts of the ticket's client who see it as its requester
 * does and are mailed its public replies and its resolution. Agents, the requester and the client's
 * admins choose them; a watcher may take themselves off. Each change is a public {@code
 * watcher_added} / {@code watcher_removed} event written beside the ticket (it does not rewrite the
 * ticket), in one transaction with the watcher's item and the ticket's count.
 */
public final class WatcherService {
  private final TicketService tickets;
  private final WatcherStore watchers;
  private final DirectoryStore directory;
  private final Clock clock;

  public WatcherService(
      TicketService tickets, WatcherStore watchers, DirectoryStore directory, Clock clock) {
    this.tickets = tickets;
    this.watchers = watchers;
    this.directory = directory;
    this.clock = clock;
  }

  /** A watcher as a PUT left them: {@code created} false when they watched already. */
  public record Added(Watcher watcher, boolean created) {}

  /** Everyone who sees the ticket sees who is copied on it. */
  public List<Watcher> list(Caller caller, String ticketRef) {
    Ticket ticket = tickets.get(caller, ticketRef);
    return watchers.watchers(caller.tenantId(), ticket.seq());
  }

  /**
   * Copies {@code email} on the ticket; a second time changes nothing. A closed ticket takes no new
   * watchers (nothing more will be mailed about it).
   *
   * @throws PortalException.Invalid when {@code email} is no active contact of the ticket's client,
   *     or is its requester
   * @throws PortalException.Conflict when the ticket is closed or has {@link Caps#WATCHERS}
   */
  public Added add(Caller caller, String ticketRef, String email) {
    Ticket ticket = tickets.get(caller, ticketRef);
    requireChooser(caller, ticket);
    TicketService.requireNotClosed(ticket);
    String watcherEmail = Keys.normalizeEmail(email);
    if (ticket.clientId() == null) {
      throw new PortalException.Invalid(
          "email", "the ticket belongs to no client, so none of its contacts can watch it");
    }
    if (watcherEmail.equals(Keys.normalizeEmail(ticket.requester().email()))) {
      throw new PortalException.Invalid("email", "is the ticket's requester, who is mailed anyway");
    }
    var existing = watchers.watcher(caller.tenantId(), ticket.seq(), watcherEmail);
    if (existing.isPresent()) return new Added(existing.get(), false);
    // Another client's contact gets the same answer as nobody: their existence is not ours to tell.
    Contact contact =
        directory
            .contact(caller.tenantId(), watcherEmail)
            .filter(c -> ticket.clientId().equals(c.clientId()) && c.active())
            .orElseThrow(
                () ->
                    new PortalException.Invalid(
                        "email", "is not an active contact of the ticket's client"));
    Watcher watcher =
        new Watcher(
            watcherEmail,
            contact.name(),
            caller.email() == null ? null : Keys.normalizeEmail(caller.email()),
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    try {
      tickets.recordBeside(
          caller,
          ticket,
          new TicketService.EventDraft(
              EventType.WATCHER_ADDED, true, EventData.watcher(watcherEmail)),
          e -> List.of(new TicketStore.Also.WatcherAdded(ticket.seq(), watcher, Caps.WATCHERS)));
      return new Added(watcher, true);
    } catch (TicketStore.WatcherRefused refused) {
      if (refused.reason() == TicketStore.WatcherRefused.Reason.FULL) {
        throw new PortalException.Conflict(
            "the ticket has " + Caps.WATCHERS + " watchers, the most it takes");
      }
      // There now: added by a concurrent request (the same answer as a repeat), or by this one,
      // when a retried transaction found its own first attempt committed: then the item is the
      // very watcher written here (same adder, same millisecond), and the answer stays 201.
      Watcher stored =
          watchers.watcher(caller.tenantId(), ticket.seq(), watcherEmail).orElse(watcher);
      return new Added(stored, stored.equals(watcher));
    }
  }

  /**
   * Takes {@code email} off the ticket: whoever may add watchers, or the watcher themselves.
   *
   * @throws PortalException.NotFound when {@code email} does not watch the ticket
   */
  public void remove(Caller caller, String ticketRef, String email) {
    Ticket ticket = tickets.get(caller, ticketRef);
    String watcherEmail = Keys.normalizeEmail(email);
    boolean self =
        caller.email() != null && Keys.normalizeEmail(caller.email()).equals(watcherEmail);
    if (!self) requireChooser(caller, ticket);
    try {
      tickets.recordBeside(
          caller,
          ticket,
          new TicketService.EventDraft(
              EventType.WATCHER_REMOVED, true, EventData.watcher(watcherEmail)),
          e -> List.of(new TicketStore.Also.WatcherRemoved(ticket.seq(), watcherEmail)));
    } catch (TicketStore.WatcherRefused refused) {
      throw new PortalException.NotFound("no such watcher");
    }
  }

  /**
   * Agents, the ticket's requester and a client admin of its client choose its watchers; the caller
   * sees the ticket already ({@link TicketService#get}), so a client admin is one of its client.
   */
  private static void requireChooser(Caller caller, Ticket ticket) {
    if (caller.isStaff() || caller.isClientAdmin()) return;
    if (caller.email() != null
        && Keys.normalizeEmail(caller.email())
            .equals(Keys.normalizeEmail(ticket.requester().email()))) return;
    throw new PortalException.Forbidden(
        "only agents, the requester and the client's admins choose a ticket's watchers");
  }
}
