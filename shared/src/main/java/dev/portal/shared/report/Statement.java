package dev.portal.shared.report;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Caps;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.service.ContractService;
import dev.portal.shared.store.InvoiceStore;
import dev.portal.shared.store.ReportStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /v1/clients/{id}/statements/{YYYY-MM}}: a client's month as a document for the client:
 * each contract that ran in it with its prepaid, used and remaining minutes and the overage with
 * its amount, the work log's lines, the SLA compliance and satisfaction of the month's tickets (the
 * figures the support report keeps for the client) and the invoices issued in the month. Visible to
 * staff and to the client's own administrator (the work log decides, so another company is a 404
 * before anything else is read). In the tenant's language ({@code en} or {@code ru}), English when
 * none is set; {@code lang} overrides.
 *
 * <p>Reads: the work log's requests, then the usage of the contracts the work log found running in
 * the month from one consistent BatchGetItem of those contracts and the client's months outside any
 * contract (so the balances agree with the consistent work log read just before, which the usage
 * report's GSI copies need not), plus one BatchGetItem of month aggregates only for an item that
 * cannot tell the month; then one BatchGetItem of the client's month figures and one Query of the
 * client's invoices of the month: a fixed number, whatever the volume.
 */
public final class Statement {
  public enum Language {
    EN,
    RU
  }

  private final WorkLog workLog;
  private final ContractService contracts;
  private final ReportStore reports;
  private final InvoiceStore invoices;
  private final Clock clock;

  public Statement(
      WorkLog workLog,
      ContractService contracts,
      ReportStore reports,
      InvoiceStore invoices,
      Clock clock) {
    this.workLog = workLog;
    this.contracts = contracts;
    this.reports = reports;
    this.invoices = invoices;
    this.clock = clock;
  }

  /**
   * @param figures the client's kept support figures of the month (zeros when nothing happened)
   * @param invoices the invoices issued to the client in the month, oldest first
   * @param today the tenant's calendar day now, against which an issued invoice is overdue
   */
  public record Result(
      WorkLog.Result log,
      ContractService.ClientUsage usage,
      Language language,
      SupportFigures figures,
      InvoiceStore.IssuedIn invoices,
      LocalDate today) {

    /** A statement of work only: no support figures, no invoices (the PDF layout's own tests). */
    public Result(WorkLog.Result log, ContractService.ClientUsage usage, Language language) {
      this(
          log,
          usage,
          language,
          SupportFigures.none(),
          new InvoiceStore.IssuedIn(List.of(), false),
          LocalDate.of(log.month().getYear(), log.month().getMonth(), 1));
    }
  }

  public Result read(Caller caller, String clientId, YearMonth month, String lang) {
    Language asked =
        lang == null
            ? null
            : language(lang)
                .orElseThrow(() -> new PortalException.Invalid("lang", "must be en or ru"));
    WorkLog.Result log = workLog.read(caller, clientId, month);
    ContractService.ClientUsage usage =
        contracts.statementUsage(caller, clientId, month, log.contractIds());
    SupportFigures figures =
        reports
            .clientMonths(caller.tenantId(), clientId, List.of(month.toString()))
            .getOrDefault(month.toString(), SupportFigures.none());
    InvoiceStore.IssuedIn issued =
        invoices.issuedIn(caller.tenantId(), clientId, month, Caps.STATEMENT_INVOICES);
    Language chosen =
        asked != null
            ? asked
            : log.language() == null ? Language.EN : language(log.language()).orElse(Language.EN);
    return new Result(
        log, usage, chosen, figures, issued, LocalDate.ofInstant(clock.instant(), log.zone()));
  }

  static Optional<Language> language(String code) {
    return switch (code.toLowerCase(Locale.ROOT)) {
      case "en" -> Optional.of(Language.EN);
      case "ru" -> Optional.of(Language.RU);
      default -> Optional.empty();
    };
  }
}
