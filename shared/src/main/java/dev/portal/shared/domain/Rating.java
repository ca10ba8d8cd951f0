package dev.portal.shared.domain;

public record Rating(int score, String comment) {}
