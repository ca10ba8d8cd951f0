package dev.portal.shared.report;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.ReportStore;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/reports/support}: the kept figures of months {@code from}..{@code to}, one row per
 * month or per client, and their total. Staff see their tenant; a client_admin sees their own
 * company's rows only; a plain client none. Reads one Query (by month), one Query per month (by
 * client) or one BatchGetItem (a client_admin), whatever the number of tickets.
 */
public final class SupportReport {
  /** Two years: the bound on the reads one report makes. */
  public static final int MAX_MONTHS = 24;

  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

  private final ReportStore reports;

  public SupportReport(ReportStore reports) {
    this.reports = reports;
  }

  public enum By {
    MONTH,
    CLIENT
  }

  /** One line of the report: the month or the client it sums, and its figures. */
  public record Row(String key, SupportFigures figures) {}

  public record Result(By by, String from, String to, List<Row> rows, SupportFigures total) {}

  public Result support(Caller caller, String from, String to, String by) {
    if (!caller.isStaff() && !caller.isClientAdmin()) {
      throw new PortalException.Forbidden("reports are for agents and a client's administrators");
    }
    YearMonth first = month("from", from);
    YearMonth last = month("to", to);
    if (last.isBefore(first)) throw new PortalException.Invalid("to", "is before from");
    List<String> months = new ArrayList<>();
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      months.add(m.toString());
      if (months.size() > MAX_MONTHS)
        throw new PortalException.Invalid("to", "at most " + MAX_MONTHS + " months");
    }
    By grouping =
        switch (by == null ? "month" : by) {
          case "month" -> By.MONTH;
          case "client" -> By.CLIENT;
          case "assignee", "group" ->
              throw new PortalException.Invalid(
                  "by", "tickets have no assignees or groups yet; use month or client");
          default -> throw new PortalException.Invalid("by", "must be month or client");
        };
    Map<String, SupportFigures> rows;
    if (caller.isStaff()) {
      rows =
          grouping == By.MONTH
              ? reports.tenantMonths(caller.tenantId(), months.getFirst(), months.getLast())
              : byClient(caller.tenantId(), months);
    } else {
      Map<String, SupportFigures> own =
          reports.clientMonths(caller.tenantId(), caller.clientId(), months);
      rows =
          grouping == By.MONTH
              ? own
              : Map.of(
                  caller.clientId(),
                  own.values().stream().reduce(SupportFigures.none(), SupportFigures::plus));
    }
    List<Row> out = new ArrayList<>();
    SupportFigures total = SupportFigures.none();
    if (grouping == By.MONTH) {
      // Every month of the range has a row, zeros included, so a chart has no gaps.
      for (String m : months) {
        SupportFigures f = rows.getOrDefault(m, SupportFigures.none());
        out.add(new Row(m, f));
        total = total.plus(f);
      }
    } else {
      for (Map.Entry<String, SupportFigures> e : new TreeMap<>(rows).entrySet()) {
        if (e.getValue().isEmpty()) continue;
        out.add(new Row(e.getKey(), e.getValue()));
        total = total.plus(e.getValue());
      }
    }
    return new Result(grouping, months.getFirst(), months.getLast(), out, total);
  }

  private Map<String, SupportFigures> byClient(String tenantId, List<String> months) {
    Map<String, SupportFigures> sum = new LinkedHashMap<>();
    for (String m : months) {
      reports
          .clientsOfMonth(tenantId, m)
          .forEach((client, f) -> sum.merge(client, f, SupportFigures::plus));
    }
    return sum;
  }

  private static YearMonth month(String field, String value) {
    if (value == null) throw new PortalException.Invalid(field, "is required (YYYY-MM)");
    if (!MONTH.matcher(value).matches())
      throw new PortalException.Invalid(field, "must be YYYY-MM");
    try {
      return YearMonth.parse(value);
    } catch (DateTimeParseException e) {
      throw new PortalException.Invalid(field, "must be YYYY-MM");
    }
  }
}
