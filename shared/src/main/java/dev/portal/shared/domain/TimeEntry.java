package dev.portal.shared.domain;

import java.time.Instant;
import java.time.YearMonth;

/**
 * One ledger entry: minutes an agent worked on a ticket, in the month of the tenant's calendar it
 * was logged in.
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
    String agentEmail) {}
