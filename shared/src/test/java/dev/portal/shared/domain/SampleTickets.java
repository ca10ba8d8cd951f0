package dev.portal.shared.domain;

import java.time.Instant;

/** Tickets the view and mapper tests share, so each reads as what it varies. */
public final class SampleTickets {
  private SampleTickets() {}

  /**
   * Globex's printer ticket: every optional field set but the ones given (client, contract, rating,
   * assignee and group always are).
   */
  public static Ticket printer(
      Instant createdAt,
      TicketStatus status,
      Instant firstResponseAt,
      Instant resolvedAt,
      TicketSla sla) {
    return Ticket.builder()
        .tenantId("acme")
        .id("tk-7-abc")
        .seq(7)
        .number("ACME-7")
        .subject("Printer")
        .description("It burns")
        .status(status)
        .priority(Priority.HIGH)
        .channel(Channel.EMAIL)
        .clientId("cli_globex")
        .contractId("ct_1")
        .requester(new Person("alice@globex.example", "Alice"))
        .createdAt(createdAt)
        .updatedAt(createdAt.plusSeconds(60))
        .firstResponseAt(firstResponseAt)
        .resolvedAt(resolvedAt)
        .rating(new Rating(4, "quick"))
        .version(3)
        .sla(sla)
        .assigneeId("agent@acme.example")
        .groupId("grp_1")
        .build();
  }

  /** A mail from an unknown sender: no client, contract, SLA, rating, assignee or group. */
  public static Ticket stranger(Instant at) {
    return Ticket.builder()
        .tenantId("acme")
        .id("tk-8-abc")
        .seq(8)
        .number("ACME-8")
        .subject("Hello")
        .description("Text")
        .status(TicketStatus.NEW)
        .priority(Priority.NORMAL)
        .channel(Channel.EMAIL)
        .requester(new Person("bob@unknown.example", null))
        .createdAt(at)
        .updatedAt(at)
        .version(1)
        .build();
  }
}
