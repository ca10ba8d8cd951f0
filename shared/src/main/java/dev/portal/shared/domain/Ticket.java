package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A ticket as stored. {@code seq} is the tenant-local number behind {@code number}; {@code version} guards every
 * read-modify-write (optimistic concurrency) and orders the timeline, since each change writes one event.
 */
public record Ticket(
    String tenantId, String id, long seq, String number, String subject, String description,
    TicketStatus status, Priority priority, Channel channel, String clientId, String contractId,
    Person requester, Instant createdAt, Instant updatedAt, Instant firstResponseAt, Instant resolvedAt,
    Rating rating, long version) {

  public Ticket withChange(TicketStatus newStatus, Priority newPriority, Instant at, Instant newFirstResponseAt,
      Instant newResolvedAt, Rating newRating) {
    return new Ticket(tenantId, id, seq, number, subject, description, newStatus, newPriority, channel, clientId,
        contractId, requester, createdAt, at, newFirstResponseAt, newResolvedAt, newRating, version);
  }
}
