package dev.portal.shared.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A report table as CSV: RFC 4180 (CRLF, quoted fields where needed) in UTF-8 with a byte-order
 * mark, so spreadsheet programs read Cyrillic correctly; text that a spreadsheet would run as a
 * formula gets a leading apostrophe.
 */
public final class ReportCsv {
  private ReportCsv() {}

  /** Header from {@code columns}, then each row's values in that order. */
  public static byte[] of(List<String> columns, List<Map<String, Object>> rows) {
    StringBuilder b = new StringBuilder("\uFEFF");
    line(b, new ArrayList<>(columns));
    for (Map<String, Object> row : rows) {
      List<Object> values = new ArrayList<>();
      for (String c : columns) values.add(row.get(c));
      line(b, values);
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder b, List<Object> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) b.append(',');
      b.append(SupportTable.field(values.get(i)));
    }
    b.append("\r\n");
  }
}
