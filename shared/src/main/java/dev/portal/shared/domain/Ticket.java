package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A ticket as stored. {@code seq} is the tenant-local number behind {@code number}; {@code version} guards every
 * read-modify-write (optimistic concurrency) and orders the timeline, since each change writes one event.
 * {@code sla} holds the SLA clocks when the ticket was created under an active contract, otherwise null.
 */
public record Ticket(
    String tenantId, String id, long seq, String number, String subject, String description,
    TicketStatus status, Priority priority, Channel channel, String clientId, String contractId,
    Person requester, Instant createdAt, Instant updatedAt, Instant firstResponseAt, Instant resolvedAt,
    Rating rating, long version, TicketSla sla) {

  /** A ticket without SLA clocks. */
  public Ticket(String tenantId, String id, long seq, String number, String subject, String description,
      TicketStatus status, Priority priority, Channel channel, String clientId, String contractId,
      Person requester, Instant createdAt, Instant updatedAt, Instant firstResponseAt, Instant resolvedAt,
      Rating rating, long version) {
    this(tenantId, id, seq, number, subject, description, status, priority, channel, clientId, contractId, requester,
        createdAt, updatedAt, firstResponseAt, resolvedAt, rating, version, null);
  }

  public Ticket withChange(TicketStatus newStatus, Priority newPriority, Instant at, Instant newFirstResponseAt,
      Instant newResolvedAt, Rating newRating) {
    return new Ticket(tenantId, id, seq, number, subject, description, newStatus, newPriority, channel, clientId,
        contractId, requester, createdAt, at, newFirstResponseAt, newResolvedAt, newRating, version, sla);
  }

  public Ticket withSla(TicketSla newSla) {
    return new Ticket(tenantId, id, seq, number, subject, description, status, priority, channel, clientId,
        contractId, requester, createdAt, updatedAt, firstResponseAt, resolvedAt, rating, version, newSla);
  }

  /** The same ticket under the contract that was active when it was created, with that contract's SLA clocks. */
  public Ticket underContract(String newContractId, TicketSla newSla) {
    return new Ticket(tenantId, id, seq, number, subject, description, status, priority, channel, clientId,
        newContractId, requester, createdAt, updatedAt, firstResponseAt, resolvedAt, rating, version, newSla);
  }
}
