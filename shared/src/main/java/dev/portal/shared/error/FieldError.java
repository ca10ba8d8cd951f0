package dev.portal.shared.error;

import io.micronaut.serde.annotation.Serdeable;

/** One invalid field of a request: {@code field} is a JSON path such as {@code subject} or {@code lines[2].quantity}. */
@Serdeable
public record FieldError(String field, String message) {}
