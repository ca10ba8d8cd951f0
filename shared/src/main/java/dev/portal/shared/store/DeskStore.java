package dev.portal.shared.store;

import dev.portal.shared.domain.Group;
import dev.portal.shared.domain.Page;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The agent's desk: queues (groups) and each person's notification choices. */
public interface DeskStore {

  /**
   * Writes a new group; a default one also becomes the tenant's default group, and the previous
   * default loses its flag, in the same transaction, on condition that the tenant's default is
   * still {@code previousDefault}.
   *
   * @throws IdempotencyCollision when the record was written by another request
   * @throws DefaultMoved when another request changed the tenant's default group since it was read
   */
  void createGroup(
      String tenantId, Group group, String previousDefault, Optional<CompletedIdempotency> record);

  /** The tenant's default group id, or null. */
  String defaultGroup(String tenantId);

  Optional<Group> group(String tenantId, String groupId);

  /** By name. */
  Page<Group> groups(String tenantId, int limit, String cursor);

  /**
   * The mail kinds a person turned off (by email; staff and contacts alike); empty when they
   * changed nothing.
   */
  Set<String> mutedKinds(String tenantId, String email);

  /**
   * As above for several people, one request per 100 of them: every email is a key of the answer.
   */
  Map<String, Set<String>> mutedKinds(String tenantId, Collection<String> emails);

  /** Turns kinds on and off for one person, and returns the kinds now off. */
  Set<String> setMuted(String tenantId, String email, Set<String> on, Set<String> off);

  final class DefaultMoved extends RuntimeException {
    public DefaultMoved() {
      super("the tenant's default group changed", null, false, false);
    }
  }
}
