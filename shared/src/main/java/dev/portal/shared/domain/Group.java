package dev.portal.shared.domain;

import java.time.Instant;
import java.util.List;

/**
 * A queue of the tenant ("1st line", "developers"): tickets wait in it, and its members are told of
 * new ones.
 *
 * @param members staff emails, lower-cased
 * @param isDefault the tenant's default group: new tickets of a client without an account manager
 *     land here
 */
public record Group(
    String id, String name, List<String> members, boolean isDefault, Instant createdAt) {}
