package dev.portal.shared.store;

import dev.portal.shared.domain.Watcher;
import java.util.List;
import java.util.Optional;

/**
 * A ticket's watchers (CCs), read from the ticket's own partition. They are written beside their
 * {@code watcher_added} / {@code watcher_removed} events, in the event's transaction ({@link
 * TicketStore.Also.WatcherAdded}, {@link TicketStore.Also.WatcherRemoved}).
 */
public interface WatcherStore {
  /** One Query (the partition holds at most {@link dev.portal.shared.domain.Caps#WATCHERS}). */
  List<Watcher> watchers(String tenantId, long ticketSeq);

  /** One GetItem: does {@code email} watch the ticket. */
  Optional<Watcher> watcher(String tenantId, long ticketSeq, String email);
}
