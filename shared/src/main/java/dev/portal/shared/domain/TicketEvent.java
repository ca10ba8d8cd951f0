package dev.portal.shared.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a ticket's timeline. {@code seq} equals the ticket version the event was written with, so the
 * timeline order is the order of changes, not of clocks. {@code data} holds strings, numbers and booleans only.
 */
public record TicketEvent(String id, long seq, EventType type, Instant at, Actor actor, boolean isPublic,
    Map<String, Object> data) {}
