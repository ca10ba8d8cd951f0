package dev.portal.shared.domain;

import java.time.Instant;

/**
 * A contact of the ticket's client copied on it (a CC): they see the ticket as its requester does
 * and get its public replies and its resolution by mail.
 *
 * @param email lower-cased, the key of the watcher's item
 * @param name the contact's name when they were added, or null
 * @param addedBy who added them (an agent, the requester, a client admin or themselves)
 */
public record Watcher(String email, String name, String addedBy, Instant addedAt) {}
