package dev.portal.shared.report;

import dev.portal.shared.domain.Money;
import java.util.Map;
import java.util.Optional;

/**
 * What an hour of staff time costs the tenant internally, in one currency: a rate per agent (by
 * email, lower-cased) and a tenant-wide default for everyone else. Admin only; the projection
 * prices each time entry with the rate in force when it is applied, so a changed rate does not
 * rewrite past months.
 */
public record CostRates(String currency, Long defaultPerHourMinor, Map<String, Long> agents) {
  /** Bounds what one item holds (about 80 bytes per agent, far below DynamoDB's 400 KB). */
  public static final int MAX_AGENTS = 500;

  public static final long MAX_PER_HOUR_MINOR = 100_000_000L;

  public CostRates {
    agents = Map.copyOf(agents);
  }

  /** The hourly rate of {@code agentEmail}, or the default; empty when neither is set. */
  public Optional<Money> rateFor(String agentEmail) {
    Long rate =
        agentEmail == null
            ? null
            : agents.get(agentEmail.trim().toLowerCase(java.util.Locale.ROOT));
    if (rate == null) rate = defaultPerHourMinor;
    return rate == null ? Optional.empty() : Optional.of(new Money(rate, currency));
  }
}
