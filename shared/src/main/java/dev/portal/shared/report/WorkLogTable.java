package dev.portal.shared.report;

import dev.portal.shared.domain.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The work log as one flat table, the same for JSON and CSV; staff get the agent and contract
 * columns too.
 */
public final class WorkLogTable {
  private WorkLogTable() {}

  static final List<String> CLIENT_COLUMNS =
      List.of("date", "ticketNumber", "ticketId", "minutes", "billable", "note", "internal");
  static final List<String> STAFF_COLUMNS =
      List.of(
          "date",
          "ticketNumber",
          "ticketId",
          "minutes",
          "billable",
          "note",
          "internal",
          "agentEmail",
          "contractId",
          "entryId",
          "at");

  public static List<String> columns(boolean staff) {
    return staff ? STAFF_COLUMNS : CLIENT_COLUMNS;
  }

  public static Map<String, Object> row(WorkLog.Line l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", l.date().toString());
    m.put("ticketNumber", l.ticketNumber());
    m.put("ticketId", l.entry().ticketId());
    m.put("minutes", (long) l.entry().minutes());
    m.put("billable", l.entry().billable());
    m.put("note", l.entry().noteFor(l.showInternal()));
    m.put("internal", l.entry().internal());
    if (l.showInternal()) {
      m.put("agentEmail", l.entry().agentEmail());
      m.put("contractId", l.entry().contractId());
      m.put("entryId", l.entry().id());
      m.put("at", Times.iso(l.entry().at()));
    }
    return m;
  }

  private static List<Map<String, Object>> rows(WorkLog.Result r) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (WorkLog.Line l : r.lines()) rows.add(row(l));
    return rows;
  }

  public static Map<String, Object> json(WorkLog.Result r, boolean staff) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clientId", r.clientId());
    out.put("clientName", r.clientName());
    out.put("month", r.month().toString());
    out.put("columns", columns(staff));
    out.put("rows", rows(r));
    out.put("minutesBillable", r.minutesBillable());
    out.put("minutesNotBillable", r.minutesNotBillable());
    return out;
  }

  public static byte[] csv(WorkLog.Result r, boolean staff) {
    return ReportCsv.of(columns(staff), rows(r));
  }
}
