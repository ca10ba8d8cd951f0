package dev.portal.local;

import dev.portal.fn.billing.BillingFunction;
import dev.portal.fn.contracts.ContractsFunction;
import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.fn.inboundemail.InboundEmailFunction;
import dev.portal.fn.invoices.InvoicesFunction;
import dev.portal.fn.notifier.NotifierFunction;
import dev.portal.fn.outbox.OutboxFunction;
import dev.portal.fn.projections.ProjectionsFunction;
import dev.portal.fn.slaticker.SlaTickerFunction;
import dev.portal.fn.tenantadmin.TenantAdminFunction;
import dev.portal.fn.ticketactions.TicketActionsFunction;
import dev.portal.fn.ticketstatus.TicketStatusFunction;
import dev.portal.fn.webhookdelivery.WebhookDeliveryFunction;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.Json;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.MailStore;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code make dev}: the table, the S3 buckets and SQS queues on the emulator behind {@code
 * AWS_ENDPOINT_URL} (moto, started by scripts/dev.sh), a seeded demo tenant with printed tokens,
 * and the API on 127.0.0.1.
 */
public final class LocalMain {
  public static final String DEFAULT_JWT_SECRET = "local-dev-secret-change-me-0123456789abcdef";
  static final String DEFAULT_FILES_BUCKET = "portal-files-local";
  static final String DEFAULT_CURSOR_SECRET = "local-cursor-secret-not-for-production-0123456789";

  private LocalMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
    String table = env.getOrDefault("TABLE_NAME", "portal-local");
    String jwtSecret = env.getOrDefault("PORTAL_JWT_SECRET", DEFAULT_JWT_SECRET);
    defaultProperty("aws.region", "AWS_REGION", "us-east-1");
    defaultProperty("aws.accessKeyId", "AWS_ACCESS_KEY_ID", "test");
    defaultProperty("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY", "test");

    // moto (scripts/dev.sh starts it) holds the data in memory: a restart of make dev starts empty
    // and seeds again.
    EmulatorTable.requireEndpoint(env);
    EmulatorTable.ensure(table);
    MailResources mail = createMailResources(env);

    Map<String, Object> props = new HashMap<>();
    props.put("table.name", table);
    props.put("files.bucket", env.getOrDefault("FILES_BUCKET", DEFAULT_FILES_BUCKET));
    // Portal uploads go to the same bucket's uploads/ prefix, and once confirmed attachments/, as
    // in the
    // stack (no lifecycle rule on the emulator: unconfirmed uploads stay until the bucket is
    // emptied).
    props.put("attachments.bucket", env.getOrDefault("FILES_BUCKET", DEFAULT_FILES_BUCKET));
    props.put("cursor.secret", env.getOrDefault("CURSOR_SECRET", DEFAULT_CURSOR_SECRET));
    props.put("inbound.max.receives", MAX_RECEIVES);
    props.put("outbound.lease.seconds", OUTBOUND_LEASE_SECONDS);
    // No DNS locally: the first tenant to register a mailbox on a domain owns it
    // (docs/email-channel.md).
    props.put("mail.domain.proof", env.getOrDefault("MAIL_DOMAIN_PROOF", "first-come"));
    if (mail != null) {
      props.put("mail.bucket", mail.bucket());
      props.put("outbound.queue.url", mail.outboundQueueUrl());
      props.put("webhook.queue.url", mail.webhookQueueUrl());
    }
    // Local mode posts webhooks to http and loopback receivers too, so one on 127.0.0.1 can be
    // tried (AWS: https,
    // public addresses only); the queue's redrive allows MAX_RECEIVES tries.
    props.put("webhook.local.targets", true);
    props.put("webhook.max.attempts", MAX_RECEIVES);
    props.put("webhook.retry.base.seconds", WEBHOOK_RETRY_BASE_SECONDS);
    ApplicationContext context = ApplicationContext.builder().properties(props).start();
    DemoTenant.seed(
        context.getBean(DirectoryStore.class),
        context.getBean(dev.portal.shared.service.MembershipService.class));
    DemoTenant.seedContract(context.getBean(ContractStore.class));
    context
        .getBean(MailStore.class)
        .registerMailbox(
            new Mailbox(DemoTenant.MAILBOX, DemoTenant.TENANT, java.time.Instant.now()));

    Json json = context.getBean(Json.class);
    Hs256 tokens = new Hs256(jwtSecret, json);
    LocalOutbox outbox = mail == null ? null : new LocalOutbox(mail.endpoint(), json);
    // The portal is served on its own origin so the browser makes real cross-origin calls;
    // PORTAL_ORIGINS is the
    // local spelling of the stack's PortalOrigins parameter and defaults to that origin.
    int portalPort = Integer.parseInt(env.getOrDefault("PORTAL_PORT", "8081"));
    LocalCors cors = LocalCors.fromEnv(env);
    LocalServer server =
        new LocalServer(functions(context), tokens, json, port, outbox, cors, true);
    server.start();
    // PORTAL_DIR=off: no portal (make fuzz, whose own instance must not take a running make dev's
    // portal port).
    String portalSetting = env.getOrDefault("PORTAL_DIR", "portal/dist");
    java.nio.file.Path portalDir =
        java.nio.file.Path.of(portalSetting.equals("off") ? "." : portalSetting);
    PortalSite portal = null;
    if (portalSetting.equals("off")) {
      // nothing to serve
    } else if (java.nio.file.Files.isRegularFile(portalDir.resolve("index.html"))) {
      String zone =
          java.time.ZoneId.of(env.getOrDefault("TENANT_DEFAULT_TIMEZONE", "Europe/Moscow")).getId();
      // PORTAL_OIDC_ISSUER and PORTAL_OIDC_CLIENT_ID: offer the company sign-in against a real
      // issuer
      // too (its tokens reach an API that verifies local tokens only: the sign-in flow, not the
      // API).
      String issuer = env.getOrDefault("PORTAL_OIDC_ISSUER", "");
      PortalSite.Oidc oidc =
          issuer.isEmpty()
              ? null
              : new PortalSite.Oidc(issuer, env.getOrDefault("PORTAL_OIDC_CLIENT_ID", ""));
      portal =
          new PortalSite(
                  portalDir,
                  "http://127.0.0.1:" + server.port(),
                  mail == null ? null : FilesBucketCors.storageOrigin(env),
                  zone,
                  oidc,
                  portalPort)
              .start();
    } else {
      JsonLog.warn(
          "no built portal; run npm ci && npm run build in portal/", "dir", portalDir.toString());
    }
    PortalSite portalSite = portal;
    List<AutoCloseable> mailParts =
        mail == null
            ? List.of()
            : startMail(
                context,
                mail,
                Integer.parseInt(env.getOrDefault("SMTP_PORT", "2525")),
                table,
                java.nio.file.Path.of(
                    env.getOrDefault("DATA_DIR", ".data"), "stream-checkpoints.properties"));

    // The EventBridge rule's minute (SLA warnings and breaches): the same handler on a timer.
    SlaTickerLoop slaTicker =
        new SlaTickerLoop(new SlaTickerFunction(context))
            .start(
                java.time.Duration.ofSeconds(
                    Long.parseLong(env.getOrDefault("SLA_TICK_SECONDS", "60"))));

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  slaTicker.close();
                  server.close();
                  if (portalSite != null) portalSite.close();
                  for (AutoCloseable c : mailParts) {
                    try {
                      c.close();
                    } catch (Exception ignored) {
                      // shutting down anyway
                    }
                  }
                  context.close();
                  stopped.countDown();
                }));
    printWelcome(
        server.port(),
        portalSite,
        tokens,
        mail == null ? 0 : Integer.parseInt(env.getOrDefault("SMTP_PORT", "2525")));
    JsonLog.info("local mode ready", "port", server.port(), "table", table);
    stopped.await();
  }

  /** Every HTTP function, sharing one context as they would share nothing in AWS but their code. */
  public static List<ApiFunction> functions(ApplicationContext context) {
    return List.of(
        new CreateTicketFunction(context),
        new TicketStatusFunction(context),
        new TicketActionsFunction(context),
        new TenantAdminFunction(context),
        new ContractsFunction(context),
        new BillingFunction(context),
        new InvoicesFunction(context));
  }

  /** Where the email channel's resources are on the emulator. */
  public record MailResources(
      String endpoint,
      String bucket,
      String inboundQueueUrl,
      String inboundDlqUrl,
      String outboundQueueUrl,
      String webhookQueueUrl,
      String webhookDlqUrl) {}

  static final String INBOUND_QUEUE = "portal-inbound-mail";
  static final String OUTBOUND_QUEUE = "portal-outbound-mail";
  static final String WEBHOOK_QUEUE = "portal-webhooks";

  /**
   * A failed webhook delivery comes back after 1 to 2 s, then 2 to 4 s, so local retries are seen
   * quickly.
   */
  public static final int WEBHOOK_RETRY_BASE_SECONDS = 2;

  /**
   * The raw-mail bucket and the mail queues on the emulator behind AWS_ENDPOINT_URL, with the same
   * redrive policy as in AWS (3 receives locally, then the dead-letter queue) and a short
   * visibility timeout so retries come quickly.
   */
  public static MailResources createMailResources(Map<String, String> env) {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL", env.get("AWS_ENDPOINT_URL_S3"));
    if (endpoint == null) {
      JsonLog.warn("no S3/SQS emulator endpoint configured; the email channel is off");
      return null;
    }
    String bucket = env.getOrDefault("MAIL_BUCKET", "portal-mail-local");
    String files = env.getOrDefault("FILES_BUCKET", DEFAULT_FILES_BUCKET);
    try (S3Client s3 =
            S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(true)
                .build();
        SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket)))
        s3.createBucket(r -> r.bucket(bucket));
      String inboundDlq = sqs.createQueue(r -> r.queueName(INBOUND_QUEUE + "-dlq")).queueUrl();
      String outboundDlq = sqs.createQueue(r -> r.queueName(OUTBOUND_QUEUE + "-dlq")).queueUrl();
      // Invoice PDFs live in their own bucket.
      if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(files)))
        s3.createBucket(r -> r.bucket(files));
      // The portal PUTs uploads straight to this bucket from its own origin: the browser asks
      // first.
      FilesBucketCors.apply(s3, files, LocalCors.fromEnv(env).origins());
      String inbound = queueWithRedrive(sqs, INBOUND_QUEUE, inboundDlq);
      String outbound = queueWithRedrive(sqs, OUTBOUND_QUEUE, outboundDlq);
      String webhookDlq = sqs.createQueue(r -> r.queueName(WEBHOOK_QUEUE + "-dlq")).queueUrl();
      String webhooks = queueWithRedrive(sqs, WEBHOOK_QUEUE, webhookDlq);
      return new MailResources(
          endpoint, bucket, inbound, inboundDlq, outbound, webhooks, webhookDlq);
    }
  }

  /**
   * Local mode's redrive settings: 3 receives, then the dead-letter queue; failed messages come
   * back after 5 s.
   */
  public static final int MAX_RECEIVES = 3;

  /**
   * Shorter than the queue's 5 s visibility timeout, as in AWS the lease (60 s) is shorter than the
   * queue's (180 s): the next delivery of a mail whose sender died finds the lease run out.
   */
  public static final int OUTBOUND_LEASE_SECONDS = 4;

  static final int VISIBILITY_TIMEOUT_SECONDS = 5;

  private static String queueWithRedrive(SqsClient sqs, String name, String dlqUrl) {
    return queueWithRedrive(sqs, name, dlqUrl, VISIBILITY_TIMEOUT_SECONDS);
  }

  /**
   * Creates (or finds) the queue {@code name} with local mode's redrive policy to {@code dlqUrl}.
   * Public for the tests, which build the same queue with a shorter visibility timeout so the
   * retries come quickly.
   */
  public static String queueWithRedrive(
      SqsClient sqs, String name, String dlqUrl, int visibilityTimeoutSeconds) {
    String dlqArn =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(dlqUrl)
                        .attributeNames(
                            software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
    String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    sqs.setQueueAttributes(
        r ->
            r.queueUrl(url)
                .attributesWithStrings(
                    Map.of(
                        "VisibilityTimeout",
                        String.valueOf(visibilityTimeoutSeconds),
                        "RedrivePolicy",
                        "{\"deadLetterTargetArn\":\""
                            + dlqArn
                            + "\",\"maxReceiveCount\":\""
                            + MAX_RECEIVES
                            + "\"}")));
    return url;
  }

  /**
   * The SMTP ingress, the two queue pollers that stand in for Lambda's SQS event sources and the
   * stream poller that stands in for the outbox function's DynamoDB stream event source.
   */
  static List<AutoCloseable> startMail(
      ApplicationContext context,
      MailResources mail,
      int smtpPort,
      String table,
      java.nio.file.Path checkpoints) {
    S3Client s3 = context.getBean(S3Client.class);
    SqsClient sqs = context.getBean(SqsClient.class);
    InboundEmailFunction inbound = new InboundEmailFunction(context);
    NotifierFunction notifier = new NotifierFunction(context);
    QueuePoller inboundPoller =
        new QueuePoller(
                sqs,
                mail.inboundQueueUrl(),
                INBOUND_QUEUE,
                (event, id) -> inbound.handle(event, new LocalLambdaContext(id)))
            .start();
    QueuePoller outboundPoller =
        new QueuePoller(
                sqs,
                mail.outboundQueueUrl(),
                OUTBOUND_QUEUE,
                (event, id) -> notifier.handle(event, new LocalLambdaContext(id)))
            .start();
    OutboxFunction outbox = new OutboxFunction(context);
    StreamPoller stream =
        new StreamPoller(
                context.getBean(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class),
                streamsClient(),
                table,
                checkpoints,
                (event, id) -> outbox.handle(event, new LocalLambdaContext(id)))
            .start();
    // The report figures: the stream's second consumer, with checkpoints of its own.
    ProjectionsFunction projections = new ProjectionsFunction(context);
    StreamPoller figures =
        new StreamPoller(
                context.getBean(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class),
                streamsClient(),
                table,
                checkpoints.resolveSibling("stream-checkpoints-projections.properties"),
                (event, id) -> projections.handle(event, new LocalLambdaContext(id)))
            .start();
    WebhookDeliveryFunction deliveries = new WebhookDeliveryFunction(context);
    QueuePoller webhookPoller =
        new QueuePoller(
                sqs,
                mail.webhookQueueUrl(),
                WEBHOOK_QUEUE,
                (event, id) -> deliveries.handle(event, new LocalLambdaContext(id)))
            .start();
    SmtpIngress smtp =
        new SmtpIngress(
                smtpPort,
                context.getBean(MailStore.class),
                s3,
                sqs,
                mail.bucket(),
                mail.inboundQueueUrl())
            .start();
    return List.of(smtp, inboundPoller, stream, figures, outboundPoller, webhookPoller);
  }

  /**
   * The stream API's client on the emulator behind the SDK's standard endpoint settings, like every
   * other client.
   */
  public static software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient
      streamsClient() {
    return software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static void defaultProperty(String property, String envName, String value) {
    if (System.getenv(envName) == null && System.getProperty(property) == null)
      System.setProperty(property, value);
  }

  private static void printWelcome(int port, PortalSite portal, Hs256 tokens, int smtpPort) {
    String base = "http://127.0.0.1:" + port;
    StringBuilder b = new StringBuilder();
    b.append("\n=== Customer portal backend, local mode ===\n");
    if (portal != null) {
      b.append("Portal: ")
          .append(portal.origin())
          .append("/   (sign in as a demo user with one click)\n");
    }
    b.append("API:    ").append(base).append("   (GET ").append(base).append("/health)\n");
    b.append("Contract: ").append(base).append("/openapi.yaml (OpenAPI 3.1)\n");
    b.append("Tenant: ")
        .append(DemoTenant.TENANT)
        .append(" (tickets DEMO-n), client ")
        .append(DemoTenant.CLIENT_ID)
        .append(" (Globex)\n\nTokens (HS256, valid 12 h):\n");
    String first = null;
    for (DemoTenant.Person p : DemoTenant.PEOPLE) {
      String token =
          tokens.token(
              DemoTenant.TENANT, p.sub(), p.email(), p.name(), p.clientId(), p.roles(), 12);
      if (first == null) first = token;
      b.append(String.format("  %-20s %s%n", p.label(), token));
    }
    b.append("\nTry:\n  TOKEN=").append(first).append("\n");
    b.append("  curl -s -X POST ")
        .append(base)
        .append("/v1/tickets -H \"Authorization: Bearer $TOKEN\" ")
        .append(
            "-H 'Content-Type: application/json' -d '{\"subject\":\"VPN drops\",\"description\":\"Every hour since Monday\"}'\n");
    b.append("  curl -s ").append(base).append("/v1/tickets -H \"Authorization: Bearer $TOKEN\"\n");
    if (smtpPort > 0) {
      b.append("\nEmail: SMTP on 127.0.0.1:")
          .append(smtpPort)
          .append(", mailbox ")
          .append(DemoTenant.MAILBOX)
          .append("; sent mail: curl -s ")
          .append(base)
          .append("/local/outbox\n");
      b.append("  python3 -c \"import smtplib; smtplib.SMTP('127.0.0.1',")
          .append(smtpPort)
          .append(").sendmail('alice@globex.example',['")
          .append(DemoTenant.MAILBOX)
          .append(
              "'],'From: alice@globex.example\\nSubject: Printer on fire\\nMessage-ID: <p1@globex.example>\\n\\nHelp!')\"\n");
    }
    b.append("\nCtrl-C stops everything.\n");
    System.out.println(b);
  }
}
