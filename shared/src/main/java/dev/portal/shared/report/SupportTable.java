package dev.portal.shared.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The support report as one flat table, the same for JSON and CSV: a column per figure, a row per
 * month, client, assignee or group (with the staff member's or group's name), and a total row. CSV
 * follows RFC 4180 (CRLF, quoted fields where needed) in UTF-8 with a byte-order mark, so
 * spreadsheet programs read Cyrillic client names correctly.
 */
public final class SupportTable {
  private SupportTable() {}

  static final List<String> FIGURES =
      List.of(
          "opened",
          "resolved",
          "reopened",
          "firstResponseCount",
          "firstResponseMeanMinutes",
          "firstResponseP50Minutes",
          "firstResponseP90Minutes",
          "resolutionCount",
          "resolutionMeanMinutes",
          "resolutionP50Minutes",
          "resolutionP90Minutes",
          "firstResponseBusinessMeanMinutes",
          "firstResponseBusinessP50Minutes",
          "firstResponseBusinessP90Minutes",
          "resolutionBusinessMeanMinutes",
          "resolutionBusinessP50Minutes",
          "resolutionBusinessP90Minutes",
          "slaReactionMet",
          "slaReactionBreached",
          "slaReactionPercent",
          "slaResolutionMet",
          "slaResolutionBreached",
          "slaResolutionPercent",
          "csatCount",
          "csatAverage",
          "csat1",
          "csat2",
          "csat3",
          "csat4",
          "csat5",
          "minutesBillable",
          "minutesNotBillable");

  /** The columns naming a row: its key, and for a staff member or a group its name. */
  static List<String> keyColumns(SupportReport.By by) {
    return switch (by) {
      case MONTH -> List.of("month");
      case CLIENT -> List.of("clientId");
      case ASSIGNEE -> List.of("assigneeId", "assigneeName");
      case GROUP -> List.of("groupId", "groupName");
    };
  }

  public static List<String> columns(SupportReport.By by) {
    List<String> c = new ArrayList<>(keyColumns(by));
    c.addAll(FIGURES);
    return c;
  }

  /** One row's values by column; absent figures (no values to average, nothing due) are null. */
  public static Map<String, Object> row(SupportReport.By by, String key, SupportFigures f) {
    return row(by, new SupportReport.Row(key, f));
  }

  public static Map<String, Object> row(SupportReport.By by, SupportReport.Row row) {
    SupportFigures f = row.figures();
    Map<String, Object> r = new LinkedHashMap<>();
    List<String> keys = keyColumns(by);
    r.put(keys.getFirst(), row.key());
    if (keys.size() > 1) r.put(keys.get(1), row.name());
    r.put("opened", f.get(SupportFigures.OPENED));
    r.put("resolved", f.get(SupportFigures.RESOLVED));
    r.put("reopened", f.get(SupportFigures.REOPENED));
    duration(r, "firstResponse", SupportFigures.FIRST_RESPONSE, f);
    duration(r, "resolution", SupportFigures.RESOLUTION, f);
    business(r, "firstResponseBusiness", SupportFigures.FIRST_RESPONSE_BUSINESS, f);
    business(r, "resolutionBusiness", SupportFigures.RESOLUTION_BUSINESS, f);
    slaAndCsat(r, f);
    for (int s = 1; s <= 5; s++) r.put("csat" + s, f.get(SupportFigures.CSAT + s));
    r.put("minutesBillable", f.get(SupportFigures.MINUTES_BILLABLE));
    r.put("minutesNotBillable", f.get(SupportFigures.MINUTES_NOT_BILLABLE));
    return r;
  }

  /**
   * SLA kept and breached with its percentages, and the satisfaction's count and average: the
   * support report's columns, and the monthly statement's.
   */
  public static void slaAndCsat(Map<String, Object> r, SupportFigures f) {
    r.put("slaReactionMet", f.get(SupportFigures.REACTION_MET));
    r.put("slaReactionBreached", f.get(SupportFigures.REACTION_BREACHED));
    r.put(
        "slaReactionPercent",
        f.compliance(SupportFigures.REACTION_MET, SupportFigures.REACTION_BREACHED));
    r.put("slaResolutionMet", f.get(SupportFigures.RESOLUTION_MET));
    r.put("slaResolutionBreached", f.get(SupportFigures.RESOLUTION_BREACHED));
    r.put(
        "slaResolutionPercent",
        f.compliance(SupportFigures.RESOLUTION_MET, SupportFigures.RESOLUTION_BREACHED));
    r.put("csatCount", f.get(SupportFigures.CSAT + "Count"));
    r.put("csatAverage", f.csatAverage());
  }

  private static void duration(
      Map<String, Object> r, String prefix, String name, SupportFigures f) {
    r.put(prefix + "Count", f.count(name));
    business(r, prefix, name, f);
  }

  /**
   * Mean and percentiles without a count of its own (the same tickets as the calendar duration's,
   * except those counted before business minutes were kept).
   */
  private static void business(
      Map<String, Object> r, String prefix, String name, SupportFigures f) {
    Double mean = f.mean(name);
    r.put(prefix + "MeanMinutes", mean == null ? null : Math.round(mean * 10) / 10.0);
    r.put(prefix + "P50Minutes", f.quantile(name, 0.5));
    r.put(prefix + "P90Minutes", f.quantile(name, 0.9));
  }

  /**
   * The report as JSON-ready maps: {@code by}, {@code from}, {@code to}, {@code columns}, {@code
   * rows}, {@code total}.
   */
  public static Map<String, Object> json(SupportReport.Result result) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("by", result.by().name().toLowerCase(java.util.Locale.ROOT));
    out.put("from", result.from());
    out.put("to", result.to());
    out.put("columns", columns(result.by()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SupportReport.Row row : result.rows()) rows.add(row(result.by(), row));
    out.put("rows", rows);
    out.put("total", row(result.by(), "total", result.total()));
    return out;
  }

  public static byte[] csv(SupportReport.Result result) {
    StringBuilder b = new StringBuilder("\uFEFF");
    List<String> columns = columns(result.by());
    line(b, new ArrayList<>(columns));
    for (SupportReport.Row row : result.rows())
      line(b, new ArrayList<>(row(result.by(), row).values()));
    line(b, new ArrayList<>(row(result.by(), "total", result.total()).values()));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder b, List<Object> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) b.append(',');
      b.append(field(values.get(i)));
    }
    b.append("\r\n");
  }

  /**
   * RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes doubled. A text field
   * that a spreadsheet would run as a formula (starting with =, +, - or @) is prefixed with an
   * apostrophe (OWASP, "CSV injection").
   */
  static String field(Object v) {
    if (v == null) return "";
    if (v instanceof Number) return v.toString();
    String s = v.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\r') >= 0
        || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
