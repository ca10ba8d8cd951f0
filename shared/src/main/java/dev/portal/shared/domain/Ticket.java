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

  /**
   * A new ticket, field by field; what is not set is null (0 for {@code seq} and {@code version}).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** This ticket's fields in a builder, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tenantId = tenantId;
    b.id = id;
    b.seq = seq;
    b.number = number;
    b.subject = subject;
    b.description = description;
    b.status = status;
    b.priority = priority;
    b.channel = channel;
    b.clientId = clientId;
    b.contractId = contractId;
    b.requester = requester;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.firstResponseAt = firstResponseAt;
    b.resolvedAt = resolvedAt;
    b.rating = rating;
    b.version = version;
    b.sla = sla;
    b.assigneeId = assigneeId;
    b.groupId = groupId;
    return b;
  }

  public Ticket withChange(
      TicketStatus newStatus,
      Priority newPriority,
      Instant at,
      Instant newFirstResponseAt,
      Instant newResolvedAt,
      Rating newRating) {
    return toBuilder()
        .status(newStatus)
        .priority(newPriority)
        .updatedAt(at)
        .firstResponseAt(newFirstResponseAt)
        .resolvedAt(newResolvedAt)
        .rating(newRating)
        .build();
  }

  public Ticket withSla(TicketSla newSla) {
    return toBuilder().sla(newSla).build();
  }

  /**
   * The same ticket under the contract that was active when it was created, with that contract's
   * SLA clocks.
   */
  public Ticket underContract(String newContractId, TicketSla newSla) {
    return toBuilder().contractId(newContractId).sla(newSla).build();
  }

  /**
   * The same ticket owned by {@code newAssigneeId} in queue {@code newGroupId} (either may be
   * null).
   */
  public Ticket routedTo(String newAssigneeId, String newGroupId) {
    return toBuilder().assigneeId(newAssigneeId).groupId(newGroupId).build();
  }

  public Ticket withVersion(long newVersion) {
    return toBuilder().version(newVersion).build();
  }

  /** Names every field it sets, instead of 21 positional arguments. */
  public static final class Builder {
    private String tenantId;
    private String id;
    private long seq;
    private String number;
    private String subject;
    private String description;
    private TicketStatus status;
    private Priority priority;
    private Channel channel;
    private String clientId;
    private String contractId;
    private Person requester;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant firstResponseAt;
    private Instant resolvedAt;
    private Rating rating;
    private long version;
    private TicketSla sla;
    private String assigneeId;
    private String groupId;

    private Builder() {}

    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder seq(long seq) {
      this.seq = seq;
      return this;
    }

    public Builder number(String number) {
      this.number = number;
      return this;
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder status(TicketStatus status) {
      this.status = status;
      return this;
    }

    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    public Builder channel(Channel channel) {
      this.channel = channel;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder contractId(String contractId) {
      this.contractId = contractId;
      return this;
    }

    public Builder requester(Person requester) {
      this.requester = requester;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder firstResponseAt(Instant firstResponseAt) {
      this.firstResponseAt = firstResponseAt;
      return this;
    }

    public Builder resolvedAt(Instant resolvedAt) {
      this.resolvedAt = resolvedAt;
      return this;
    }

    public Builder rating(Rating rating) {
      this.rating = rating;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder sla(TicketSla sla) {
      this.sla = sla;
      return this;
    }

    public Builder assigneeId(String assigneeId) {
      this.assigneeId = assigneeId;
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Ticket build() {
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
          assigneeId,
          groupId);
    }
  }
}
