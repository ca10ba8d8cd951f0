package dev.portal.local;

import dev.portal.fn.billing.BillingFunction;
import dev.portal.fn.contracts.ContractsFunction;
import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.fn.invoices.InvoicesFunction;
import dev.portal.fn.tenantadmin.TenantAdminFunction;
import dev.portal.fn.ticketactions.TicketActionsFunction;
import dev.portal.fn.ticketstatus.TicketStatusFunction;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.Json;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code make dev}: DynamoDB Local in this JVM (unless an endpoint is configured), the table, the S3 bucket and SQS
 * queues on the S3/SQS emulator, a seeded demo tenant with printed tokens, and the API on 127.0.0.1.
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
    Path data = Path.of(env.getOrDefault("DATA_DIR", ".data"));
    defaultProperty("aws.region", "AWS_REGION", "us-east-1");
    defaultProperty("aws.accessKeyId", "AWS_ACCESS_KEY_ID", "test");
    defaultProperty("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY", "test");

    EmbeddedDynamo dynamo = null;
    if (env.get("AWS_ENDPOINT_URL_DYNAMODB") == null) {
      dynamo = EmbeddedDynamo.start(data.resolve("dynamodb"), Integer.parseInt(env.getOrDefault("DYNAMODB_PORT", "8000")));
      System.setProperty("aws.endpointUrlDynamoDb", dynamo.endpoint());
    }
    try (DynamoDbClient db = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      EmbeddedDynamo.ensureTable(db, table);
    }
    createMailResources(env);

    Map<String, Object> props = new HashMap<>();
    props.put("table.name", table);
    props.put("files.bucket", env.getOrDefault("FILES_BUCKET", DEFAULT_FILES_BUCKET));
    props.put("cursor.secret", env.getOrDefault("CURSOR_SECRET", DEFAULT_CURSOR_SECRET));
    ApplicationContext context = ApplicationContext.builder().properties(props).start();
    DemoTenant.seed(context.getBean(DirectoryStore.class));
    DemoTenant.seedContract(context.getBean(ContractStore.class));

    Json json = context.getBean(Json.class);
    Hs256 tokens = new Hs256(jwtSecret, json);
    LocalServer server = new LocalServer(functions(context), tokens, json, port);
    server.start();

    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedDynamo dynamoToStop = dynamo;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      context.close();
      if (dynamoToStop != null) dynamoToStop.close();
      stopped.countDown();
    }));
    printWelcome(server.port(), tokens);
    JsonLog.info("local mode ready", "port", server.port(), "table", table);
    stopped.await();
  }

  /** Every HTTP function, sharing one context as they would share nothing in AWS but their code. */
  public static List<ApiFunction> functions(ApplicationContext context) {
    return List.of(new CreateTicketFunction(context), new TicketStatusFunction(context),
        new TicketActionsFunction(context), new TenantAdminFunction(context), new ContractsFunction(context),
        new BillingFunction(context), new InvoicesFunction(context));
  }

  /**
   * The raw-mail bucket and mail queues the email channel uses, and the invoice-PDF bucket, on the emulator behind
   * AWS_ENDPOINT_URL.
   */
  static void createMailResources(Map<String, String> env) {
    if (env.get("AWS_ENDPOINT_URL") == null && env.get("AWS_ENDPOINT_URL_S3") == null) {
      JsonLog.warn("no S3/SQS emulator endpoint configured; skipping bucket and queues");
      return;
    }
    String bucket = env.getOrDefault("MAIL_BUCKET", "portal-mail-local");
    String files = env.getOrDefault("FILES_BUCKET", DEFAULT_FILES_BUCKET);
    try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true).build();
         SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) s3.createBucket(r -> r.bucket(bucket));
      // Invoice PDFs.
      if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(files))) s3.createBucket(r -> r.bucket(files));
      for (String q : List.of("portal-inbound-mail-dlq", "portal-inbound-mail", "portal-outbound-mail")) {
        sqs.createQueue(r -> r.queueName(q));
      }
    }
  }

  private static void defaultProperty(String property, String envName, String value) {
    if (System.getenv(envName) == null && System.getProperty(property) == null) System.setProperty(property, value);
  }

  private static void printWelcome(int port, Hs256 tokens) {
    String base = "http://127.0.0.1:" + port;
    StringBuilder b = new StringBuilder();
    b.append("\n=== Customer portal backend, local mode ===\n");
    b.append("API:    ").append(base).append("   (GET ").append(base).append("/health)\n");
    b.append("Tenant: ").append(DemoTenant.TENANT).append(" (tickets DEMO-n), client ").append(DemoTenant.CLIENT_ID)
        .append(" (Globex)\n\nTokens (HS256, valid 12 h):\n");
    String first = null;
    for (DemoTenant.Person p : DemoTenant.PEOPLE) {
      String token = tokens.token(DemoTenant.TENANT, p.sub(), p.email(), p.name(), p.clientId(), p.roles(), 12);
      if (first == null) first = token;
      b.append(String.format("  %-20s %s%n", p.label(), token));
    }
    b.append("\nTry:\n  TOKEN=").append(first).append("\n");
    b.append("  curl -s -X POST ").append(base).append("/v1/tickets -H \"Authorization: Bearer $TOKEN\" ")
        .append("-H 'Content-Type: application/json' -d '{\"subject\":\"VPN drops\",\"description\":\"Every hour since Monday\"}'\n");
    b.append("  curl -s ").append(base).append("/v1/tickets -H \"Authorization: Bearer $TOKEN\"\n");
    b.append("\nCtrl-C stops everything.\n");
    System.out.println(b);
  }
}
