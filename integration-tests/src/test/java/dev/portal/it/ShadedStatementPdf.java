package dev.portal.it;

import dev.portal.shared.domain.MonthUsage;
import dev.portal.shared.report.Statement;
import dev.portal.shared.report.StatementPdf;
import dev.portal.shared.report.WorkLog;
import dev.portal.shared.service.ContractService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

/**
 * Run by {@link DeployableJarsIT} inside the contracts function's shaded jar alone (this class
 * beside it, nothing else): renders a Russian statement with the PDF library and font the jar
 * ships, so a shade filter that drops what Cyrillic text needs fails there, not in production.
 */
public final class ShadedStatementPdf {
  private ShadedStatementPdf() {}

  public static void main(String[] args) throws Exception {
    YearMonth month = YearMonth.of(2026, 11);
    var log =
        new WorkLog.Result(
            "cli_romashka",
            "ООО «Ромашка»",
            month,
            List.of(),
            0,
            0,
            "ru",
            java.time.ZoneId.of("Europe/Moscow"),
            List.of());
    var usage =
        new ContractService.ClientUsage(
            "cli_romashka", month, List.of(), MonthUsage.empty(null, month));
    byte[] pdf = StatementPdf.render(new Statement.Result(log, usage, Statement.Language.RU));
    Files.write(Path.of(args[0]), pdf);
  }
}
