package dev.portal.shared.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling, as the token says. The tenant always comes from here, never from a body, path or
 * query.
 *
 * @param email lower-cased; the identity a client contact's tickets are matched on
 * @param clientId the caller's client company; present for client roles
 */
public record Caller(
    String tenantId, String subject, String email, String name, String clientId, Set<Role> roles) {

  public Caller {
    // An unmodifiable EnumSet: a copy per request that is a bit mask, in the roles' order.
    roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }

  /** Staff of the tenant: sees every client. */
  public boolean isStaff() {
    return roles.contains(Role.AGENT) || roles.contains(Role.ADMIN);
  }

  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }

  /** A contact of a client company who sees everything of that company. */
  public boolean isClientAdmin() {
    return !isStaff() && roles.contains(Role.CLIENT_ADMIN);
  }

  public boolean hasAny(Set<Role> allowed) {
    for (Role r : roles) {
      if (allowed.contains(r)) return true;
      if (r == Role.ADMIN && allowed.contains(Role.AGENT)) return true;
    }
    return false;
  }

  public ActorKind actorKind() {
    return isStaff() ? ActorKind.AGENT : ActorKind.CLIENT;
  }

  public Actor actor() {
    return new Actor(actorKind(), email);
  }
}
