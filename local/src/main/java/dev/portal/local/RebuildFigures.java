package dev.portal.local;

import dev.portal.shared.config.PortalConfig;
import dev.portal.shared.report.FiguresRebuild;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.DynamoFiguresTimeline;
import dev.portal.shared.store.ReportStore;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code make rebuild-figures}: one tenant's report figures rebuilt from the timeline ({@link
 * FiguresRebuild}). {@code scripts/rebuild-figures.sh} runs it after checking that the projections
 * consumer is paused; run alone it checks nothing.
 */
public final class RebuildFigures {
  private RebuildFigures() {}

  public static void main(String[] args) {
    if (args.length != 1 || args[0].isBlank()) {
      System.err.println("usage: RebuildFigures <tenant id>   (TABLE_NAME names the table)");
      System.exit(2);
    }
    String table = System.getenv().getOrDefault("TABLE_NAME", "portal-local");
    try (ApplicationContext context =
        ApplicationContext.builder()
            .properties(
                Map.of(
                    "table.name",
                    table,
                    // Nothing here lists with a cursor; the factory wants a secret all the same.
                    "cursor.secret",
                    System.getenv().getOrDefault("CURSOR_SECRET", LocalMain.DEFAULT_CURSOR_SECRET)))
            .start()) {
      FiguresRebuild.Result result =
          new FiguresRebuild(
                  new DynamoFiguresTimeline(context.getBean(DynamoDbClient.class), table),
                  context.getBean(ReportStore.class),
                  context.getBean(DirectoryStore.class),
                  context.getBean(ContractStore.class),
                  context.getBean(PortalConfig.class).defaultZone(),
                  Clock.systemUTC())
              .rebuild(args[0]);
      System.out.println(
          "rebuilt the figures of tenant " + args[0] + " in " + table + ": " + result);
    }
  }
}
