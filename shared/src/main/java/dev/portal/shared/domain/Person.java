package dev.portal.shared.domain;

/** A requester: the email is lower-cased so that matching a contact is exact. */
public record Person(String email, String name) {}
