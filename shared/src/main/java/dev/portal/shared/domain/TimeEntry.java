package dev.portal.shared.domain;

import java.time.Instant;
import java.time.YearMonth;

/**
 * One ledger entry: minutes an agent worked on a ticket, in the month of the tenant's calendar it
 * was logged in. An {@code internal} entry's note is for staff only: a client's administrator sees
 * its minutes, not what the agent wrote.
 */
public record TimeEntry(
    String id,
    String ticketId,
    long ticketSeq,
    String clientId,
    String contractId,
    YearMonth month,
    int minutes,
    String note,
    boolean billable,
    Instant at,
    String agentEmail,
    boolean internal) {

  /** The note as {@code staff} or a client sees it. */
  public String noteFor(boolean staff) {
    return staff || !internal ? note : null;
  }
}
