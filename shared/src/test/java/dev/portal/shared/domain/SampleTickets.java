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
    return new Ticket(
        "acme",
        "tk-7-abc",
        7,
        "ACME-7",
        "Printer",
        "It burns",
        status,
        Priority.HIGH,
        Channel.EMAIL,
        "cli_globex",
        "ct_1",
        new Person("alice@globex.example", "Alice"),
        createdAt,
        createdAt.plusSeconds(60),
        firstResponseAt,
        resolvedAt,
        new Rating(4, "quick"),
        3,
        sla,
        "agent@acme.example",
        "grp_1");
  }

  /** A mail from an unknown sender: no client, contract, SLA, rating, assignee or group. */
  public static Ticket stranger(Instant at) {
    return new Ticket(
        "acme",
        "tk-8-abc",
        8,
        "ACME-8",
        "Hello",
        "Text",
        TicketStatus.NEW,
        Priority.NORMAL,
        Channel.EMAIL,
        null,
        null,
        new Person("bob@unknown.example", null),
        at,
        at,
        null,
        null,
        null,
        1);
  }
}
