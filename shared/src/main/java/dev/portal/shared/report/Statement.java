package dev.portal.shared.report;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.service.ContractService;
import java.time.YearMonth;
import java.util.Locale;

/**
 * {@code GET /v1/clients/{id}/statement?month=&lang=}: a client's month as a document for the
 * client: each contract that ran in it with its prepaid, used and remaining minutes and the overage
 * with its amount, and the work log's lines. Visible to staff and to the client's own administrator
 * (the work log decides, so another company is a 404 before anything else is read). In the tenant's
 * language ({@code en} or {@code ru}), English when none is set; {@code lang} overrides.
 */
public final class Statement {
  public enum Language {
    EN,
    RU
  }

  private final WorkLog workLog;
  private final ContractService contracts;

  public Statement(WorkLog workLog, ContractService contracts) {
    this.workLog = workLog;
    this.contracts = contracts;
  }

  public record Result(WorkLog.Result log, ContractService.ClientUsage usage, Language language) {}

  public Result read(Caller caller, String clientId, YearMonth month, String lang) {
    Language asked =
        lang == null
            ? null
            : language(lang)
                .orElseThrow(() -> new PortalException.Invalid("lang", "must be en or ru"));
    WorkLog.Result log = workLog.read(caller, clientId, month);
    ContractService.ClientUsage usage = contracts.clientUsage(caller, clientId, month);
    Language chosen =
        asked != null
            ? asked
            : log.language() == null ? Language.EN : language(log.language()).orElse(Language.EN);
    return new Result(log, usage, chosen);
  }

  static java.util.Optional<Language> language(String code) {
    return switch (code.toLowerCase(Locale.ROOT)) {
      case "en" -> java.util.Optional.of(Language.EN);
      case "ru" -> java.util.Optional.of(Language.RU);
      default -> java.util.Optional.empty();
    };
  }
}
