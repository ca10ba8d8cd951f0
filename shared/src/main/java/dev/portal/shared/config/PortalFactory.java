package dev.portal.shared.config;

import dev.portal.shared.http.ApiPlatform;
import dev.portal.shared.http.IdempotencyGuard;
import dev.portal.shared.http.Json;
import dev.portal.shared.http.SnapStartPriming;
import dev.portal.shared.report.ProfitabilityReport;
import dev.portal.shared.report.Statement;
import dev.portal.shared.report.SupportProjection;
import dev.portal.shared.report.SupportReport;
import dev.portal.shared.report.WorkLog;
import dev.portal.shared.service.ContractService;
import dev.portal.shared.service.DirectoryService;
import dev.portal.shared.service.InvoiceService;
import dev.portal.shared.service.LedgerService;
import dev.portal.shared.service.TenantService;
import dev.portal.shared.service.TenantSettingsCache;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.service.WatcherService;
import dev.portal.shared.sla.SlaScheduler;
import dev.portal.shared.sla.SlaTicker;
import dev.portal.shared.store.BlobLinks;
import dev.portal.shared.store.BlobStore;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.CursorCodec;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.DynamoContractStore;
import dev.portal.shared.store.DynamoDirectoryStore;
import dev.portal.shared.store.DynamoIdempotencyStore;
import dev.portal.shared.store.DynamoInvoiceStore;
import dev.portal.shared.store.DynamoReportStore;
import dev.portal.shared.store.DynamoSlaStore;
import dev.portal.shared.store.DynamoTicketStore;
import dev.portal.shared.store.DynamoWatcherStore;
import dev.portal.shared.store.IdempotencyStore;
import dev.portal.shared.store.InvoiceStore;
import dev.portal.shared.store.PendingEvents;
import dev.portal.shared.store.ReportStore;
import dev.portal.shared.store.SlaStore;
import dev.portal.shared.store.TicketStore;
import dev.portal.shared.store.WatcherStore;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The wiring every function shares. Beans are singletons, so the SDK client, the stores and the
 * services are built once per container. In Lambda they are built eagerly, all of them, when the
 * context starts (micronaut-function-aws's context initialises every singleton in the init phase,
 * before a SnapStart snapshot): a bean that cannot be built in some function must be kept out of it
 * with {@code @Requires} (see {@link #invoiceService}), and anything that must not run at init
 * reads on first use itself ({@link CursorSecret}). Local mode and the tests start a plain context,
 * which builds a bean when it is first needed.
 */
@Factory
public class PortalFactory {

  /**
   * {@code CURSOR_SECRET} (the value: local mode, tests) wins over {@code CURSOR_SECRET_PARAMETER}
   * (an SSM SecureString: the functions in AWS that use the secret). Neither is read here: see
   * {@link CursorSecret}.
   */
  @Singleton
  PortalConfig config(Environment env, @Nullable SecureParameters parameters) {
    String table =
        env.getProperty("table.name", String.class)
            .orElseThrow(() -> new IllegalStateException("TABLE_NAME is not set"));
    CursorSecret secret =
        env.getProperty("cursor.secret", String.class)
            .map(CursorSecret::of)
            .or(
                () ->
                    env.getProperty("cursor.secret.parameter", String.class)
                        .map(name -> CursorSecret.fromParameter(name, parameters)))
            .orElseGet(CursorSecret::missing);
    ZoneId zone =
        ZoneId.of(env.getProperty("tenant.default.timezone", String.class).orElse("Europe/Moscow"));
    return new PortalConfig(table, secret, zone);
  }

  /**
   * Region, credentials and endpoint come from the SDK's standard configuration (AWS_REGION,
   * AWS_ENDPOINT_URL...).
   */
  @Singleton
  DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
  }

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  CursorCodec cursors(PortalConfig config) {
    return new CursorCodec(config.cursorSecret());
  }

  @Singleton
  TicketStore ticketStore(DynamoDbClient db, PortalConfig config, CursorCodec cursors) {
    return new DynamoTicketStore(db, config.tableName(), cursors, config.defaultZone());
  }

  @Singleton
  PendingEvents pendingEvents(DynamoDbClient db, PortalConfig config) {
    return new PendingEvents(db, config.tableName());
  }

  @Singleton
  DirectoryStore directoryStore(DynamoDbClient db, PortalConfig config, CursorCodec cursors) {
    return new DynamoDirectoryStore(db, config.tableName(), cursors, config.defaultZone());
  }

  @Singleton
  ReportStore reportStore(DynamoDbClient db, PortalConfig config) {
    return new DynamoReportStore(db, config.tableName());
  }

  @Singleton
  SupportReport supportReport(ReportStore reports) {
    return new SupportReport(reports);
  }

  @Singleton
  SupportProjection supportProjection(
      ReportStore reports,
      DirectoryStore directory,
      ContractStore contracts,
      PortalConfig config,
      Clock clock) {
    return new SupportProjection(reports, directory, contracts, config.defaultZone(), clock);
  }

  @Singleton
  ProfitabilityReport profitabilityReport(ReportStore reports, Clock clock) {
    return new ProfitabilityReport(reports, clock);
  }

  @Singleton
  WorkLog workLog(ContractStore contracts) {
    return new WorkLog(contracts);
  }

  @Singleton
  Statement statement(
      WorkLog workLog,
      ContractService contracts,
      ReportStore reports,
      InvoiceStore invoices,
      Clock clock) {
    return new Statement(workLog, contracts, reports, invoices, clock);
  }

  @Singleton
  SlaStore slaStore(DynamoDbClient db, PortalConfig config) {
    return new DynamoSlaStore(db, config.tableName());
  }

  @Singleton
  SlaScheduler slaScheduler(SlaStore store) {
    return new SlaScheduler(store);
  }

  /**
   * {@code SLA_TICKER_MAX_CATCH_UP_MINUTES} (default 60): how many missed minutes a tick after an
   * outage reads.
   */
  @Singleton
  SlaTicker slaTicker(SlaStore store, Clock clock, Environment env) {
    return new SlaTicker(
        store, clock, env.getProperty("sla.ticker.max.catch.up.minutes", Integer.class).orElse(60));
  }

  @Singleton
  IdempotencyStore idempotencyStore(DynamoDbClient db, PortalConfig config) {
    return new DynamoIdempotencyStore(db, config.tableName());
  }

  @Singleton
  ContractStore contractStore(DynamoDbClient db, PortalConfig config, CursorCodec cursors) {
    return new DynamoContractStore(db, config.tableName(), cursors, config.defaultZone());
  }

  @Singleton
  TenantSettingsCache tenantSettingsCache(
      DirectoryStore directory, PortalConfig config, Clock clock) {
    return new TenantSettingsCache(directory, config.defaultZone(), clock);
  }

  @Singleton
  TenantService tenantService(DirectoryStore directory, TenantSettingsCache cache) {
    return new TenantService(directory, cache);
  }

  @Singleton
  dev.portal.shared.store.DeskStore deskStore(
      DynamoDbClient db, PortalConfig config, CursorCodec cursors) {
    return new dev.portal.shared.store.DynamoDeskStore(db, config.tableName(), cursors);
  }

  @Singleton
  dev.portal.shared.service.DeskService deskService(
      dev.portal.shared.store.DeskStore desk, DirectoryStore directory, Clock clock) {
    return new dev.portal.shared.service.DeskService(desk, directory, clock);
  }

  @Singleton
  TicketService ticketService(
      TicketStore tickets,
      DirectoryStore directory,
      Clock clock,
      ContractStore contracts,
      TenantSettingsCache settings,
      dev.portal.shared.store.DeskStore desk,
      WatcherStore watchers) {
    return new TicketService(tickets, directory, clock, contracts, settings, desk, watchers);
  }

  @Singleton
  WatcherStore watcherStore(DynamoDbClient db, PortalConfig config) {
    return new DynamoWatcherStore(db, config.tableName());
  }

  @Singleton
  WatcherService watcherService(
      TicketService tickets, WatcherStore watchers, DirectoryStore directory, Clock clock) {
    return new WatcherService(tickets, watchers, directory, clock);
  }

  @Singleton
  ContractService contractService(
      ContractStore contracts,
      DirectoryStore directory,
      TenantSettingsCache settings,
      Clock clock) {
    return new ContractService(contracts, directory, settings, clock);
  }

  @Singleton
  LedgerService ledgerService(TicketService tickets, ContractStore contracts, Clock clock) {
    return new LedgerService(tickets, contracts, clock);
  }

  @Singleton
  DirectoryService directoryService(
      DirectoryStore directory, Clock clock, dev.portal.shared.identity.Invitations invitations) {
    return new DirectoryService(directory, clock, invitations);
  }

  @Singleton
  InvoiceStore invoiceStore(DynamoDbClient db, PortalConfig config, CursorCodec cursors) {
    return new DynamoInvoiceStore(db, config.tableName(), cursors);
  }

  /**
   * Only where {@code FILES_BUCKET} is set (billing, invoices, local mode): without the
   * {@code @Requires} the Lambda context's eager singleton initialisation would fail in every other
   * function. Only billing stores PDFs (its role may put them), through the {@link BlobStore} every
   * function has; links need none.
   */
  @Singleton
  @Requires(property = "files.bucket")
  InvoiceService invoiceService(
      InvoiceStore invoices,
      BlobLinks links,
      @Nullable BlobStore files,
      DirectoryStore directory,
      Clock clock,
      PortalConfig config,
      Environment env) {
    String bucket = env.getProperty("files.bucket", String.class).orElseThrow();
    return new InvoiceService(
        invoices, links, files, bucket, directory, clock, config.defaultZone());
  }

  /** Where invoices are (billing, local mode): it issues through {@link InvoiceService}. */
  @Singleton
  @Requires(property = "files.bucket")
  dev.portal.shared.service.UsageInvoicing usageInvoicing(
      ContractStore contracts, InvoiceStore invoices, InvoiceService service, Clock clock) {
    return new dev.portal.shared.service.UsageInvoicing(contracts, invoices, service, clock);
  }

  /**
   * Serde's mapper through a provider: built only when a type {@link
   * dev.portal.shared.http.JsonOut} does not know is written.
   */
  @Singleton
  Json json(BeanProvider<JsonMapper> mapper) {
    return new Json(mapper::get);
  }

  /**
   * 1,000 rounds: on a warm read against moto (bench/README.md, "SnapStart priming") that many left
   * a restored function at 40-45% less CPU per request than an unprimed one, where 200 rounds took
   * off a sixth; 60 s ends the rounds on a slow first deploy, inside the 130 s Lambda gives a
   * SnapStart function's init and hooks together.
   */
  @Singleton
  SnapStartPriming snapStartPriming(
      DynamoDbClient db, PortalConfig config, Json json, Environment env) {
    return new SnapStartPriming(
        db,
        config.tableName(),
        json,
        env.getProperty("priming.rounds", Integer.class).orElse(1_000),
        Duration.ofSeconds(env.getProperty("priming.seconds", Integer.class).orElse(60)));
  }

  @Singleton
  ApiPlatform apiPlatform(Json json, IdempotencyStore store, Clock clock) {
    return new ApiPlatform(json, new IdempotencyGuard(store, clock));
  }
}
