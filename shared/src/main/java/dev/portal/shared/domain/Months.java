package dev.portal.shared.domain;

import dev.portal.shared.error.PortalException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A calendar month as the API takes it: exactly {@code YYYY-MM}. {@link YearMonth#parse} alone also
 * takes a sign and a five-digit year ({@code +10000-01}), which no report or ledger holds.
 */
public final class Months {
  private Months() {}

  /** The month, or empty when {@code text} is not exactly {@code YYYY-MM} of a real month. */
  public static Optional<YearMonth> of(String text) {
    if (text == null || text.length() != 7 || text.charAt(4) != '-') return Optional.empty();
    for (int i = 0; i < 7; i++) {
      if (i != 4 && (text.charAt(i) < '0' || text.charAt(i) > '9')) return Optional.empty();
    }
    try {
      return Optional.of(YearMonth.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * A required month of a request.
   *
   * @throws PortalException.Invalid naming {@code field} when it is missing or not {@code YYYY-MM}
   */
  public static YearMonth required(String field, String text) {
    if (text == null) throw new PortalException.Invalid(field, "is required (YYYY-MM)");
    return of(text).orElseThrow(() -> new PortalException.Invalid(field, "must be YYYY-MM"));
  }
}
