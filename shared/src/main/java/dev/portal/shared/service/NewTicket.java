package dev.portal.shared.service;

import dev.portal.shared.domain.Priority;

/**
 * A ticket as a caller asks for it. {@code clientId} and {@code requesterEmail} are for agents, who
 * open tickets on a client's behalf; client roles always open tickets for themselves.
 */
public record NewTicket(
    String subject,
    String description,
    Priority priority,
    String clientId,
    String requesterEmail) {}
