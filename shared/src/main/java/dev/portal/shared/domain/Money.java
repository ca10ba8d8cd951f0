package dev.portal.shared.domain;

import java.util.Currency;
import java.util.Locale;
import java.util.Optional;

/**
 * An amount of money: integer minor units (cents, kopecks) of one ISO-4217 currency. There is no
 * floating point anywhere in money; arithmetic overflows loudly ({@link ArithmeticException})
 * rather than wrapping.
 */
public record Money(long amountMinor, String currency) {

  public Money {
    if (currency == null || parseCurrency(currency).isEmpty()) {
      throw new IllegalArgumentException("not an ISO-4217 currency: " + currency);
    }
  }

  public static Money zero(String currency) {
    return new Money(0, currency);
  }

  /**
   * The currency code upper-cased when java.util.Currency knows it as ISO-4217, otherwise empty.
   */
  public static Optional<String> parseCurrency(String code) {
    if (code == null || code.length() != 3) return Optional.empty();
    // [A-Za-z]{3} by hand: every Money built checks its currency, and String.matches compiles the
    // regex on each call.
    for (int i = 0; i < 3; i++) {
      char c = code.charAt(i);
      if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z')) return Optional.empty();
    }
    try {
      return Optional.of(Currency.getInstance(code.toUpperCase(Locale.ROOT)).getCurrencyCode());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public Money plus(Money other) {
    if (!currency.equals(other.currency))
      throw new IllegalArgumentException("currencies differ: " + currency + ", " + other.currency);
    return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
  }

  public Money times(long quantity) {
    return new Money(Math.multiplyExact(amountMinor, quantity), currency);
  }

  /**
   * The price of {@code minutes} at this hourly rate, rounded up to the next minor unit: {@code
   * ceil(minutes × rateMinor / 60)}. Rounding up means a started minor unit is billed, and it is
   * exact: integer arithmetic only.
   */
  public Money perHourFor(long minutes) {
    return new Money(Math.ceilDiv(Math.multiplyExact(minutes, amountMinor), 60L), currency);
  }

  /**
   * As people read it: the amount in major units with the currency's usual decimals, then the code
   * ({@code 90.00 EUR}, {@code 1500 JPY}).
   */
  public String shown() {
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    return java.math.BigDecimal.valueOf(amountMinor, digits).toPlainString() + " " + currency;
  }
}
