package dev.portal.shared.report;

import java.util.List;
import java.util.Map;

/**
 * A client's month as the projection kept it: minutes, cost and invoiced money per currency (minor
 * units), and each contract's billable minutes with its terms. The report derives overage, revenue
 * and margin from these.
 */
public record ClientProfit(
    String clientId,
    long minutesBillable,
    long minutesNotBillable,
    long minutesUncosted,
    Map<String, Long> costMinor,
    Map<String, Long> invoicedMinor,
    List<ProfitChange.ContractUse> contracts) {
  public ClientProfit {
    costMinor = Map.copyOf(costMinor);
    invoicedMinor = Map.copyOf(invoicedMinor);
    contracts = List.copyOf(contracts);
  }
}
