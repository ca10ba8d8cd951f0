package dev.portal.shared.domain;

/**
 * One line: a whole quantity at a unit price; {@code amount} = quantity × unitPrice, computed by
 * the server.
 */
public record InvoiceLine(
    String description, long quantity, Money unitPrice, Money amount, String ticketId) {}
