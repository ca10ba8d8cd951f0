package dev.portal.shared.service;

import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.TicketStatus;

/** An agent's {@code PATCH}: either part may be null. */
public record TicketChange(TicketStatus status, Priority priority) {}
