package dev.portal.shared.store;

import dev.portal.shared.report.SupportFigures;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The support figures the stream projection keeps, per tenant, month, day and client. */
public interface ReportStore {

  /**
   * Adds one change's figures to the tenant's month and day and, with a client, the client's month, once per
   * {@code changeId}: a change applied before (a replayed stream batch) adds nothing.
   *
   * @return false when the change had been applied already
   */
  boolean apply(String tenantId, String changeId, String month, String day, String clientId, SupportFigures figures,
      Instant now);

  /** The tenant's figures per month from {@code fromMonth} to {@code toMonth} (yyyy-MM, inclusive), oldest first. */
  Map<String, SupportFigures> tenantMonths(String tenantId, String fromMonth, String toMonth);

  /** One month's figures per client. */
  Map<String, SupportFigures> clientsOfMonth(String tenantId, String month);

  /** One client's figures for each of {@code months}. */
  Map<String, SupportFigures> clientMonths(String tenantId, String clientId, List<String> months);
}
