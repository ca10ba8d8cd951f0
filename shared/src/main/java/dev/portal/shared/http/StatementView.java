package dev.portal.shared.http;

import dev.portal.shared.domain.Invoice;
import dev.portal.shared.report.Statement;
import dev.portal.shared.report.SupportFigures;
import dev.portal.shared.report.SupportTable;
import dev.portal.shared.report.WorkLogTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monthly statement as JSON: the same sections as its PDF, in the work log's and the usage
 * report's own shapes so a portal renders them with the code it has for those.
 */
public final class StatementView {
  private StatementView() {}

  public static Map<String, Object> of(Statement.Result s, boolean staff) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clientId", s.log().clientId());
    out.put("clientName", s.log().clientName());
    out.put("month", s.log().month().toString());
    out.put("language", s.language().name().toLowerCase(java.util.Locale.ROOT));
    out.put("usage", Views.clientUsage(s.usage()));
    out.put("workLog", WorkLogTable.json(s.log(), staff));
    out.put("support", support(s.figures()));
    List<Map<String, Object>> invoices = new ArrayList<>();
    for (Invoice i : s.invoices().invoices()) invoices.add(invoice(i, s));
    out.put("invoices", invoices);
    out.put("invoicesTruncated", s.invoices().truncated());
    return out;
  }

  /** The month's tickets of the client, as the support report keeps them. */
  private static Map<String, Object> support(SupportFigures f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("opened", f.get(SupportFigures.OPENED));
    m.put("resolved", f.get(SupportFigures.RESOLVED));
    SupportTable.slaAndCsat(m, f);
    return m;
  }

  private static Map<String, Object> invoice(Invoice i, Statement.Result s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("number", i.number());
    m.put("issuedOn", i.issuedOn().toString());
    m.put("dueOn", i.dueOn().toString());
    m.put("status", i.shownStatus(s.today()));
    m.put("total", Views.money(i.total()));
    return m;
  }
}
