package dev.portal.shared.service;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.error.PortalException;

/**
 * Who may see what, in one place. Anything a caller may not see is reported as not found, exactly
 * as if it did not exist; role checks per route live on the routes themselves.
 */
public final class AccessPolicy {
  private AccessPolicy() {}

  public static boolean canSee(Caller caller, Ticket ticket) {
    return caller.tenantId().equals(ticket.tenantId())
        && canSee(caller, ticket.clientId(), ticket.requester().email());
  }

  /** A ticket of the caller's own tenant, known by its client and requester. */
  public static boolean canSee(Caller caller, String clientId, String requesterEmail) {
    if (caller.isStaff()) return true;
    if (clientId == null || !clientId.equals(caller.clientId())) return false;
    if (caller.isClientAdmin()) return true;
    return requesterEmail != null && requesterEmail.equals(caller.email());
  }

  /**
   * Whether only a watcher's item could still let the caller see a ticket of {@code clientId}: a
   * client role of that client, with an email to watch by. Staff and client admins see it anyway;
   * another client's people never do.
   */
  public static boolean mayWatch(Caller caller, String clientId) {
    return !caller.isStaff()
        && caller.email() != null
        && clientId != null
        && clientId.equals(caller.clientId());
  }

  public static Ticket requireVisible(Caller caller, Ticket ticket) {
    if (!canSee(caller, ticket)) throw notFound();
    return ticket;
  }

  /** A client company's data: staff see every client, client roles only their own. */
  public static void requireClientVisible(Caller caller, String clientId) {
    if (caller.isStaff()) return;
    if (clientId == null || !clientId.equals(caller.clientId()))
      throw new PortalException.NotFound("no such client");
  }

  /** Client roles act for their client company, which their token must name. */
  public static String requireClientOf(Caller caller) {
    if (caller.clientId() == null || caller.clientId().isBlank()) {
      throw new PortalException.Forbidden("the token names no client_id, which client roles need");
    }
    return caller.clientId();
  }

  public static PortalException.NotFound notFound() {
    return new PortalException.NotFound("no such ticket");
  }
}
