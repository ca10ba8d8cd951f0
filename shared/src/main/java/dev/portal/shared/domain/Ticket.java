package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A ticket as stored. {@code seq} is the tenant-local number behind {@code number}; {@code version}
 * guards every read-modify-write (optimistic concurrency) and orders the timeline, since each
 * change writes one event. {@code sla} holds the SLA clocks when the ticket was created under an
 * active contract, otherwise null.
 *
 * @param assigneeId the staff member who owns the ticket (their lower-cased email), or null: nobody
 *     yet
 * @param groupId the queue ({@code grp_…}) the ticket waits in, or null
 */
public record Ticket(
    String tenantId,
    String id,
    long seq,
    String number,
    String subject,
    String description,
    TicketStatus status,
    Priority priority,
    Channel channel,
    String clientId,
    String contractId,
    Person requester,
    Instant createdAt,
    Instant updatedAt,
    Instant firstResponseAt,
    Instant resolvedAt,
    Rating rating,
    long version,
    TicketSla sla,
    String assigneeId,
    String groupId) {

  /** A ticket nobody owns and no queue holds. */
  public Ticket(
      String tenantId,
      String id,
      long seq,
      String number,
      String subject,
      String description,
      TicketStatus status,
      Priority priority,
      Channel channel,
      String clientId,
      String contractId,
      Person requester,
      Instant createdAt,
      Instant updatedAt,
      Instant firstResponseAt,
      Instant resolvedAt,
      Rating rating,
      long version,
      TicketSla sla) {
    this(
        tenantId,
        id,
        seq,
        number,
        subject,
        description,
        status,
        priority,
        channel,
        clientId,
        contractId,
        requester,
        createdAt,
        updatedAt,
        firstResponseAt,
        resolvedAt,
        rating,
        version,
        sla,
        null,
        null);
  }

  /** A ticket without SLA clocks. */
  public Ticket(
      String tenantId,
      String id,
      long seq,
      String number,
      String subject,
      String description,
      TicketStatus status,
      Priority priority,
      Channel channel,
      String clientId,
      String contractId,
      Person requester,
      Instant createdAt,
      Instant updatedAt,
      Instant firstResponseAt,
      Instant resolvedAt,
      Rating rating,
      long version) {
    this(
        tenantId,
        id,
        seq,
        number,
        subject,
        description,
        status,
        priority,
        channel,
        clientId,
        contractId,
        requester,
        createdAt,
        updatedAt,
        firstResponseAt,
        resolvedAt,
        rating,
        version,
        null,
        null,
        null);
  }

  public Ticket withChange(
      TicketStatus newStatus,
      Priority newPriority,
      Instant at,
      Instant newFirstResponseAt,
      Instant newResolvedAt,
      Rating newRating) {
    return new Ticket(
        tenantId,
        id,
        seq,
        number,
        subject,
        description,
        newStatus,
        newPriority,
        channel,
        clientId,
        contractId,
        requester,
        createdAt,
        at,
        newFirstResponseAt,
        newResolvedAt,
        newRating,
        version,
        sla,
        assigneeId,
        groupId);
  }

  public Ticket withSla(TicketSla newSla) {
    return new Ticket(
        tenantId,
        id,
        seq,
        number,
        subject,
        description,
        status,
        priority,
        channel,
        clientId,
        contractId,
        requester,
        createdAt,
        updatedAt,
        firstResponseAt,
        resolvedAt,
        rating,
        version,
        newSla,
        assigneeId,
        groupId);
  }

  /**
   * The same ticket under the contract that was active when it was created, with that contract's
   * SLA clocks.
   */
  public Ticket underContract(String newContractId, TicketSla newSla) {
    return new Ticket(
        tenantId,
        id,
        seq,
        number,
        subject,
        description,
        status,
        priority,
        channel,
        clientId,
        newContractId,
        requester,
        createdAt,
        updatedAt,
        firstResponseAt,
        resolvedAt,
        rating,
        version,
        newSla,
        assigneeId,
        groupId);
  }

  /**
   * The same ticket owned by {@code newAssigneeId} in queue {@code newGroupId} (either may be
   * null).
   */
  public Ticket routedTo(String newAssigneeId, String newGroupId) {
    return new Ticket(
        tenantId,
        id,
        seq,
        number,
        subject,
        description,
        status,
        priority,
        channel,
        clientId,
        contractId,
        requester,
        createdAt,
        updatedAt,
        firstResponseAt,
        resolvedAt,
        rating,
        version,
        sla,
        newAssigneeId,
        newGroupId);
  }

  public Ticket withVersion(long newVersion) {
    return new Ticket(
        tenantId,
        id,
        seq,
        number,
        subject,
        description,
        status,
        priority,
        channel,
        clientId,
        contractId,
        requester,
        createdAt,
        updatedAt,
        firstResponseAt,
        resolvedAt,
        rating,
        newVersion,
        sla,
        assigneeId,
        groupId);
  }
}
