package dev.portal.shared.report;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Months;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.ReportStore;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code GET /v1/reports/support}: the kept figures of months {@code from}..{@code to}, one row per
 * month, client, assignee or group, and their total. Staff see their tenant; a client_admin sees
 * their own company's rows only (by month or client; by assignee or group: 403); a plain client
 * none. Reads one Query (by month), one Query per month (by client, assignee, group; the last two
 * add one BatchGetItem of the rows' names per 100 rows) or one BatchGetItem (a client_admin),
 * whatever the number of tickets.
 */
public final class SupportReport {
  /** Two years: the bound on the reads one report makes. */
  public static final int MAX_MONTHS = 24;

  private final ReportStore reports;

  public SupportReport(ReportStore reports) {
    this.reports = reports;
  }

  public enum By {
    MONTH,
    CLIENT,
    ASSIGNEE,
    GROUP
  }

  /**
   * One line of the report: the month, client, staff member or group it sums ({@code
   * Keys.METRICS_NONE} for the unassigned or ungrouped), its name where one is kept (staff member,
   * group; else null), and its figures.
   */
  public record Row(String key, String name, SupportFigures figures) {
    public Row(String key, SupportFigures figures) {
      this(key, null, figures);
    }
  }

  public record Result(By by, String from, String to, List<Row> rows, SupportFigures total) {}

  public Result support(Caller caller, String from, String to, String by) {
    if (!caller.isStaff() && !caller.isClientAdmin()) {
      throw new PortalException.Forbidden("reports are for agents and a client's administrators");
    }
    YearMonth first = Months.required("from", from);
    YearMonth last = Months.required("to", to);
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
          case "assignee" -> By.ASSIGNEE;
          case "group" -> By.GROUP;
          default ->
              throw new PortalException.Invalid("by", "must be month, client, assignee or group");
        };
    if (!caller.isStaff() && (grouping == By.ASSIGNEE || grouping == By.GROUP)) {
      // The figures per staff member and queue are the service company's own (its workload, its
      // people), kept tenant-wide and not per client: none of them is a client company's figure.
      throw new PortalException.Forbidden("reports by assignee or group are for agents");
    }
    Map<String, SupportFigures> rows;
    if (caller.isStaff()) {
      rows =
          switch (grouping) {
            case MONTH ->
                reports.tenantMonths(caller.tenantId(), months.getFirst(), months.getLast());
            case CLIENT -> perMonth(months, m -> reports.clientsOfMonth(caller.tenantId(), m));
            case ASSIGNEE -> perMonth(months, m -> reports.assigneesOfMonth(caller.tenantId(), m));
            case GROUP -> perMonth(months, m -> reports.groupsOfMonth(caller.tenantId(), m));
          };
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
      SortedMap<String, SupportFigures> sorted = new TreeMap<>(rows);
      // The unassigned row closes the table rather than sitting among the names.
      SupportFigures none = grouping == By.CLIENT ? null : sorted.remove(Keys.METRICS_NONE);
      Map<String, String> names =
          switch (grouping) {
            case ASSIGNEE -> reports.staffNames(caller.tenantId(), sorted.keySet());
            case GROUP -> reports.groupNames(caller.tenantId(), sorted.keySet());
            default -> Map.of();
          };
      for (Map.Entry<String, SupportFigures> e : sorted.entrySet()) {
        if (e.getValue().isEmpty()) continue;
        out.add(new Row(e.getKey(), names.get(e.getKey()), e.getValue()));
        total = total.plus(e.getValue());
      }
      if (none != null && !none.isEmpty()) {
        out.add(new Row(Keys.METRICS_NONE, none));
        total = total.plus(none);
      }
    }
    return new Result(grouping, months.getFirst(), months.getLast(), out, total);
  }

  /** One read per month of the range, summed per row key. */
  private static Map<String, SupportFigures> perMonth(
      List<String> months, Function<String, Map<String, SupportFigures>> read) {
    Map<String, SupportFigures> sum = new LinkedHashMap<>();
    for (String m : months) read.apply(m).forEach((k, f) -> sum.merge(k, f, SupportFigures::plus));
    return sum;
  }
}
