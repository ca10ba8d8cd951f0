package dev.portal.shared.domain;

/** Who caused a timeline event; {@code email} is null for the system. */
public record Actor(ActorKind kind, String email) {}
