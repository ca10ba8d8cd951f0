package dev.portal.shared.store;

import dev.portal.shared.domain.TicketStatus;

/**
 * Which tickets a list reads: a scope (the whole tenant, one client, one requester within a client)
 * and an optional status. Each scope has its own index partition and a status is a prefix of its
 * sort key, so no filter expression does a key's job.
 */
public sealed interface TicketQuery {
  /** Null: every status. */
  TicketStatus status();

  record Tenant(TicketStatus status) implements TicketQuery {}

  record OfClient(String clientId, TicketStatus status) implements TicketQuery {}

  record OfRequester(String clientId, String email, TicketStatus status) implements TicketQuery {}

  /**
   * @param assigneeId a staff email, or null for the tickets nobody owns
   */
  record OfAssignee(String assigneeId, TicketStatus status) implements TicketQuery {}

  record OfGroup(String groupId, TicketStatus status) implements TicketQuery {}
}
