package dev.portal.shared.domain;

import java.time.Instant;
import java.util.List;

/** A client company of the tenant. {@code emailDomains} route unknown senders of those domains to it. */
public record Client(String id, String name, List<String> emailDomains, Instant createdAt) {}
