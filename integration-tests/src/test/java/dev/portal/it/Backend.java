package dev.portal.it;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.portal.fn.billing.BillingFunction;
import dev.portal.fn.contracts.ContractsFunction;
import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.fn.inboundemail.InboundEmailFunction;
import dev.portal.fn.invoices.InvoicesFunction;
import dev.portal.fn.mailfeedback.MailFeedbackFunction;
import dev.portal.fn.notifier.NotifierFunction;
import dev.portal.fn.outbox.OutboxFunction;
import dev.portal.fn.projections.ProjectionsFunction;
import dev.portal.fn.tenantadmin.TenantAdminFunction;
import dev.portal.fn.ticketactions.TicketActionsFunction;
import dev.portal.fn.ticketstatus.TicketStatusFunction;
import dev.portal.fn.webhookdelivery.WebhookDeliveryFunction;
import dev.portal.local.EmulatorTable;
import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.StreamPoller;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.Json;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The backend under test, once per test JVM: the table on moto (make test starts it on a free
 * loopback port with fresh data and exports AWS_ENDPOINT_URL, the SDK's standard endpoint setting),
 * and each function's real Lambda entry point.
 */
final class Backend {
  static final String TABLE = "portal-it";
  static final String FILES_BUCKET = "portal-files-it";
  static final String CURSOR_SECRET = "integration-test-cursor-secret-0123456789";

  private static Backend instance;

  final ApplicationContext context;
  final CreateTicketFunction createTicket;
  final TicketStatusFunction ticketStatus;
  final TicketActionsFunction ticketActions;
  final TenantAdminFunction tenantAdmin;
  final InboundEmailFunction inboundEmail;
  final NotifierFunction notifier;
  final OutboxFunction outbox;
  final ProjectionsFunction projections;
  final MailFeedbackFunction mailFeedback;
  final ContractsFunction contracts;
  final BillingFunction billing;
  final InvoicesFunction invoices;
  final WebhookDeliveryFunction webhookDelivery;
  final Json json;

  /**
   * The email channel's bucket and queues on moto; null when AWS_ENDPOINT_URL is unset (run the
   * tests via make test).
   */
  final LocalMain.MailResources mail;

  private Backend() {
    EmulatorTable.requireEndpoint(System.getenv());
    EmulatorTable.ensure(TABLE);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("MAIL_BUCKET", "portal-mail-it");
    mail = LocalMain.createMailResources(env);
    createFilesBucket();
    Map<String, Object> props =
        new HashMap<>(
            Map.of(
                "table.name", TABLE, "cursor.secret", CURSOR_SECRET, "files.bucket", FILES_BUCKET));
    props.put("attachments.bucket", FILES_BUCKET);
    if (mail != null) {
      props.put("mail.bucket", mail.bucket());
      props.put("outbound.queue.url", mail.outboundQueueUrl());
      props.put("webhook.queue.url", mail.webhookQueueUrl());
    }
    // As local mode: receivers on 127.0.0.1 allowed, as many tries as the queue's redrive, retries
    // after 1 to 2 s.
    props.put("webhook.local.targets", true);
    props.put("webhook.max.attempts", LocalMain.MAX_RECEIVES);
    props.put("webhook.retry.base.seconds", 2);
    props.put("inbound.max.receives", LocalMain.MAX_RECEIVES);
    props.put("outbound.lease.seconds", LocalMain.OUTBOUND_LEASE_SECONDS);
    props.put(
        "mail.domain.proof", "first-come"); // no DNS here; MailDomainsTest covers the TXT proof
    // A checkpoint hook a test calls primes three rounds, not a deployment's thousand.
    props.put("priming.rounds", 3);
    context = ApplicationContext.builder().properties(props).start();
    createTicket = new CreateTicketFunction(context);
    ticketStatus = new TicketStatusFunction(context);
    ticketActions = new TicketActionsFunction(context);
    tenantAdmin = new TenantAdminFunction(context);
    inboundEmail = new InboundEmailFunction(context);
    notifier = new NotifierFunction(context);
    outbox = new OutboxFunction(context);
    projections = new ProjectionsFunction(context);
    mailFeedback = new MailFeedbackFunction(context);
    contracts = new ContractsFunction(context);
    billing = new BillingFunction(context);
    invoices = new InvoicesFunction(context);
    webhookDelivery = new WebhookDeliveryFunction(context);
    json = context.getBean(Json.class);
  }

  /**
   * The email channel's resources; fails the calling test clearly when the emulator is not
   * configured.
   */
  LocalMain.MailResources mail() {
    if (mail == null) {
      throw new IllegalStateException(
          "AWS_ENDPOINT_URL is not set: the email tests need moto (make test starts it)");
    }
    return mail;
  }

  /**
   * The invoice-PDF bucket on the S3 emulator that {@code make test} starts (moto,
   * AWS_ENDPOINT_URL). Without an emulator the bucket is not created and the PDF tests fail, saying
   * so.
   */
  private static void createFilesBucket() {
    if (System.getenv("AWS_ENDPOINT_URL") == null && System.getenv("AWS_ENDPOINT_URL_S3") == null)
      return;
    try (S3Client s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .forcePathStyle(true)
            .build()) {
      if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(FILES_BUCKET))) {
        s3.createBucket(r -> r.bucket(FILES_BUCKET));
      }
    }
  }

  /**
   * Drops the table and creates it empty (see {@link FreshTable}); the context's caches hold no
   * item of it.
   */
  synchronized void recreateTable() {
    try (DynamoDbClient db = EmulatorTable.client()) {
      db.deleteTable(r -> r.tableName(TABLE));
      EmulatorTable.ensure(db, TABLE);
    }
  }

  private StreamPoller stream;

  /**
   * The table's stream into the outbox function, as Lambda's event source mapping feeds it; the
   * checkpoint lives in memory and follows the table when {@link FreshTable} recreates it (a new
   * stream).
   */
  synchronized StreamPoller stream() {
    if (stream == null) {
      stream =
          new StreamPoller(
              context.getBean(DynamoDbClient.class),
              LocalMain.streamsClient(),
              TABLE,
              null,
              (event, id) -> outbox.handle(event, new LocalLambdaContext(id)));
    }
    return stream;
  }

  private StreamPoller figures;

  /**
   * The table's stream into the projections function (the report figures), as its own event source
   * mapping would.
   */
  synchronized StreamPoller figures() {
    if (figures == null) {
      figures =
          new StreamPoller(
              context.getBean(DynamoDbClient.class),
              LocalMain.streamsClient(),
              TABLE,
              null,
              (event, id) -> projections.handle(event, new LocalLambdaContext(id)));
    }
    return figures;
  }

  private dev.portal.local.QueuePoller webhookQueue;

  /**
   * The webhook queue into the webhook-delivery function, as its SQS event source would feed it.
   */
  synchronized dev.portal.local.QueuePoller webhookQueue() {
    if (webhookQueue == null) {
      webhookQueue =
          new dev.portal.local.QueuePoller(
              context.getBean(software.amazon.awssdk.services.sqs.SqsClient.class),
              mail().webhookQueueUrl(),
              "portal-webhooks",
              (event, id) -> webhookDelivery.handle(event, new LocalLambdaContext(id)));
    }
    return webhookQueue;
  }

  static synchronized Backend get() {
    if (instance == null) instance = new Backend();
    return instance;
  }

  static String newTenant() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /**
   * Invokes the function as Lambda would; every response is held against openapi.yaml before a test
   * sees it.
   */
  Res invoke(ApiFunction function, APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPResponse r =
        function.handle(event, new LocalLambdaContext(UUID.randomUUID().toString()));
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    String contentType =
        event.getHeaders() == null
            ? null
            : event.getHeaders().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    OpenApi.get()
        .check(
            http == null || http.getMethod() == null ? "GET" : http.getMethod(),
            event.getRawPath() == null ? "/" : event.getRawPath(),
            contentType,
            event.getIsBase64Encoded() ? null : event.getBody(),
            r.getStatusCode(),
            r.getHeaders() == null ? Map.of() : r.getHeaders(),
            r.getBody());
    String type = r.getHeaders() == null ? null : r.getHeaders().get("content-type");
    boolean isJson = type == null || type.contains("json");
    JsonNode body =
        r.getBody() == null || r.getBody().isEmpty() || !isJson
            ? null
            : json.parse(r.getBody().getBytes(StandardCharsets.UTF_8));
    return new Res(
        r.getStatusCode(), r.getHeaders() == null ? Map.of() : r.getHeaders(), r.getBody(), body);
  }

  /** A response: status, headers, raw body and the parsed JSON. */
  record Res(int status, Map<String, String> headers, String raw, JsonNode json) {
    String str(String field) {
      JsonNode v = json.get(field);
      return v == null || v.isNull() ? null : v.getStringValue();
    }

    JsonNode items() {
      return json.get("items");
    }

    String describe() {
      return status + " " + raw;
    }
  }
}
