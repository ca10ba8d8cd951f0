package dev.portal.shared.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The profitability report as one flat table, the same for JSON and CSV. */
public final class ProfitabilityTable {
  private ProfitabilityTable() {}

  public static final List<String> COLUMNS =
      List.of(
          "clientId",
          "currency",
          "minutesBillable",
          "minutesNotBillable",
          "prepaidMinutes",
          "prepaidMinutesUsed",
          "overageMinutes",
          "overageMinor",
          "invoicedMinor",
          "revenueMinor",
          "costMinor",
          "marginMinor",
          "minutesUncosted",
          "otherCurrencies");

  public static Map<String, Object> row(ProfitabilityReport.Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clientId", r.clientId());
    m.put("currency", r.currency());
    m.put("minutesBillable", r.minutesBillable());
    m.put("minutesNotBillable", r.minutesNotBillable());
    m.put("prepaidMinutes", r.prepaidMinutes());
    m.put("prepaidMinutesUsed", r.prepaidMinutesUsed());
    m.put("overageMinutes", r.overageMinutes());
    m.put("overageMinor", r.overageMinor());
    m.put("invoicedMinor", r.invoicedMinor());
    m.put("revenueMinor", r.revenueMinor());
    m.put("costMinor", r.costMinor());
    m.put("marginMinor", r.marginMinor());
    m.put("minutesUncosted", r.minutesUncosted());
    m.put("otherCurrencies", r.otherCurrencies());
    return m;
  }

  private static List<Map<String, Object>> rows(ProfitabilityReport.Result result) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ProfitabilityReport.Row r : result.rows()) rows.add(row(r));
    return rows;
  }

  public static Map<String, Object> json(ProfitabilityReport.Result result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("month", result.month());
    out.put("columns", COLUMNS);
    out.put("rows", rows(result));
    return out;
  }

  public static byte[] csv(ProfitabilityReport.Result result) {
    return ReportCsv.of(COLUMNS, rows(result));
  }
}
