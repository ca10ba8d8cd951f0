package dev.portal.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What template.yaml promises an operator (issue 10, "Operations in the template"), read from the
 * parsed template: alarms, log groups, architecture and tracing, scoped IAM, bucket policies, the
 * API's access log, throttling and CORS, the cursor secret's source, deletion protection, and
 * versions republished when a parameter changes. {@code sam validate --lint} (make test) checks the
 * same file against CloudFormation's schemas.
 */
class TemplateOperationsTest {
  private static final Set<String> DYNAMODB_ACTIONS =
      Set.of(
          "dynamodb:GetItem",
          "dynamodb:BatchGetItem",
          "dynamodb:Query",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:ConditionCheckItem",
          "dynamodb:BatchWriteItem");
  private static final Object ALARM_ACTIONS =
      Map.of(
          "Fn::If",
          List.of(
              "HasAlarmTopic",
              List.of(Map.of("Ref", "AlarmTopicArn")),
              Map.of("Ref", "AWS::NoValue")));

  private static Map<String, Object> template;
  private static Map<String, Object> resources;

  @BeforeAll
  static void read() throws IOException {
    template = CloudFormationYaml.read(CloudFormationYaml.templatePath());
    resources = map(template.get("Resources"));
  }

  // ---- alarms ----

  @Test
  void everyDeadLetterQueueHasADepthAlarm() {
    Set<String> deadLetterQueues = deadLetterQueues();
    assertTrue(
        deadLetterQueues.containsAll(
            List.of(
                "InboundMailDeadLetterQueue", "OutboundMailDeadLetterQueue", "OutboxFailureQueue")),
        deadLetterQueues::toString);
    for (String queue : deadLetterQueues) {
      List<String> alarms =
          alarmsOn(
              "AWS/SQS",
              "ApproximateNumberOfMessagesVisible",
              Map.of(
                  "Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(queue, "QueueName"))));
      assertEquals(1, alarms.size(), "depth alarms on " + queue + ": " + alarms);
      Map<String, Object> alarm = props(alarms.getFirst());
      assertEquals(0, ((Number) alarm.get("Threshold")).intValue(), queue);
      assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"), queue);
    }
  }

  @Test
  void everyFunctionHasAnErrorsAndAThrottlesAlarm() {
    assertFalse(functions().isEmpty());
    for (String fn : functions()) {
      for (String metric : List.of("Errors", "Throttles")) {
        List<String> alarms =
            alarmsOn(
                "AWS/Lambda", metric, Map.of("Name", "FunctionName", "Value", Map.of("Ref", fn)));
        assertEquals(1, alarms.size(), metric + " alarms of " + fn + ": " + alarms);
      }
    }
  }

  /**
   * A stream consumer that falls behind (a poison record retried, a throttled table) neither fails
   * nor throttles: only the age of the records it has not read yet shows it, and past 24 hours the
   * stream drops them (the reports' counts and the mails still owed with them).
   */
  @Test
  void everyStreamConsumerHasAnIteratorAgeAlarm() {
    List<String> consumers =
        functions().stream()
            .filter(
                fn ->
                    map(props(fn).getOrDefault("Events", Map.of())).values().stream()
                        .anyMatch(e -> "DynamoDB".equals(map(e).get("Type"))))
            .toList();
    assertEquals(List.of("OutboxFunction", "ProjectionsFunction"), consumers);
    for (String fn : consumers) {
      List<String> alarms =
          alarmsOn(
              "AWS/Lambda",
              "IteratorAge",
              Map.of("Name", "FunctionName", "Value", Map.of("Ref", fn)));
      assertEquals(1, alarms.size(), "IteratorAge alarms of " + fn + ": " + alarms);
      Map<String, Object> alarm = props(alarms.getFirst());
      assertEquals("Maximum", alarm.get("Statistic"), fn);
      double hours = ((Number) alarm.get("Threshold")).doubleValue() / 3_600_000;
      assertTrue(hours > 0 && hours <= 1, fn + ": alarms long before the stream's 24 hours");
    }
  }

  @Test
  void theApiHasAFiveHundredsRateAlarm() {
    Object api = Map.of("Name", "ApiId", "Value", Map.of("Ref", "PortalHttpApi"));
    List<Map<String, Object>> found = new ArrayList<>();
    for (String alarm : ofType("AWS::CloudWatch::Alarm")) {
      Object metrics = props(alarm).get("Metrics");
      if (metrics == null) continue;
      Map<String, String> idByMetric = new LinkedHashMap<>();
      String expression = null;
      for (Object m : list(metrics)) {
        Map<String, Object> q = map(m);
        if (q.containsKey("Expression")) expression = (String) q.get("Expression");
        if (q.containsKey("MetricStat")) {
          Map<String, Object> metric = map(map(q.get("MetricStat")).get("Metric"));
          if ("AWS/ApiGateway".equals(metric.get("Namespace"))
              && list(metric.get("Dimensions")).contains(api)) {
            idByMetric.put((String) metric.get("MetricName"), (String) q.get("Id"));
          }
        }
      }
      if (idByMetric.containsKey("5xx")
          && idByMetric.containsKey("Count")
          && expression != null
          && expression.contains(idByMetric.get("5xx") + " / " + idByMetric.get("Count"))) {
        found.add(props(alarm));
      }
    }
    assertEquals(1, found.size(), "alarms on the share of 5xx among the API's requests");
    double threshold = ((Number) found.getFirst().get("Threshold")).doubleValue();
    assertTrue(threshold > 0 && threshold < 1, "a rate, not a count: " + threshold);
  }

  @Test
  void everyAlarmNotifiesTheTopicGivenAsAParameterIfAny() {
    Map<String, Object> parameter = map(map(template.get("Parameters")).get("AlarmTopicArn"));
    assertEquals("", parameter.get("Default"), "the topic is optional");
    assertEquals(
        Map.of(
            "Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "AlarmTopicArn"), "")))),
        map(template.get("Conditions")).get("HasAlarmTopic"));
    List<String> alarms = ofType("AWS::CloudWatch::Alarm");
    assertFalse(alarms.isEmpty());
    for (String alarm : alarms) {
      assertEquals(ALARM_ACTIONS, props(alarm).get("AlarmActions"), alarm);
      assertEquals(ALARM_ACTIONS, props(alarm).get("OKActions"), alarm);
    }
  }

  // ---- logs, architecture, tracing ----

  @Test
  void everyFunctionLogsToAGroupOfItsOwnWithTheRetentionParameter() {
    Set<String> groups = new LinkedHashSet<>();
    for (String fn : functions()) {
      Object group = map(props(fn).get("LoggingConfig")).get("LogGroup");
      assertTrue(
          group instanceof Map<?, ?> g && g.containsKey("Ref"),
          fn + " names no log group resource: " + group);
      String id = (String) map(group).get("Ref");
      assertEquals("AWS::Logs::LogGroup", type(id), fn);
      assertEquals(Map.of("Ref", "LogRetentionDays"), props(id).get("RetentionInDays"), id);
      assertTrue(groups.add(id), id + " is shared by two functions");
    }
    assertEquals(
        Map.of("Ref", "LogRetentionDays"), props("ApiAccessLogGroup").get("RetentionInDays"));
  }

  @Test
  void functionsRunOnArm64WithActiveTracing() {
    Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
    assertEquals(List.of("arm64"), globals.get("Architectures"));
    assertEquals("Active", globals.get("Tracing"));
    for (String fn : functions()) {
      assertFalse(props(fn).containsKey("Architectures"), fn + " overrides the architecture");
      assertFalse(props(fn).containsKey("Tracing"), fn + " overrides tracing");
    }
  }

  // ---- IAM and buckets ----

  /**
   * Each function's DynamoDB rights are the requests its code makes, read from the code path by
   * path (moto grants every action, so no other test sees a missing one: an AccessDenied in AWS). A
   * transaction needs the rights of its parts (Put, Update, Delete, ConditionCheck), none of its
   * own. Billing's ledger write checks that next month's usage item does not exist when it starts
   * keeping months ({@code DynamoContractStore.log}): a ConditionCheck.
   */
  @Test
  void everyFunctionMayMakeTheDynamoDbRequestsItsCodeMakes() {
    String get = "dynamodb:GetItem";
    String batchGet = "dynamodb:BatchGetItem";
    String query = "dynamodb:Query";
    String put = "dynamodb:PutItem";
    String update = "dynamodb:UpdateItem";
    String delete = "dynamodb:DeleteItem";
    String check = "dynamodb:ConditionCheckItem";
    Map<String, Set<String>> expected =
        Map.ofEntries(
            Map.entry("PreTokenFunction", Set.of(query)),
            Map.entry("CreateTicketFunction", Set.of(get, batchGet, put, update)),
            Map.entry("TicketStatusFunction", Set.of(get, batchGet, query)),
            Map.entry("TicketActionsFunction", Set.of(get, query, put, update, delete)),
            Map.entry("TenantAdminFunction", Set.of(get, query, put, update, delete)),
            Map.entry("InboundEmailFunction", Set.of(get, batchGet, put, update, delete)),
            Map.entry("NotifierFunction", Set.of(get, batchGet, query, put, update, delete)),
            Map.entry("MailFeedbackFunction", Set.of(put, update)),
            Map.entry("OutboxFunction", Set.of()),
            Map.entry("ProjectionsFunction", Set.of(get, put, update, "dynamodb:BatchWriteItem")),
            Map.entry("WebhookDeliveryFunction", Set.of(get, update)),
            Map.entry("SlaTickerFunction", Set.of(query, get, batchGet, put, check, update)),
            Map.entry("ContractsFunction", Set.of(get, batchGet, query, put, update, delete)),
            Map.entry("BillingFunction", Set.of(get, batchGet, query, put, update, delete, check)),
            Map.entry("InvoicesFunction", Set.of(get, query)));
    assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(functions()));
    for (String fn : functions()) {
      Set<String> granted = new TreeSet<>();
      for (Map<String, Object> statement : statements(fn))
        for (String action : actions(statement))
          if (action.startsWith("dynamodb:")) granted.add(action);
      assertEquals(new TreeSet<>(expected.get(fn)), granted, fn);
    }
  }

  /**
   * Only a Query (or Scan) naming an index needs rights on {@code ${PortalTable.Arn}/index/*}; the
   * functions whose code queries an index, read from the code path by path ({@code indexName(} in
   * shared/: the lists with cursors through {@code Tables.queryIndex}, {@code
   * DynamoContractStore.clientMonths}, {@code DynamoInvoiceStore.list}, the notifier's {@code
   * DynamoMailStore.firstMailbox}; the figures rebuild's are the operator's). A grant nothing uses
   * fails here; a use with no grant fails in the integration tests ({@code TemplateRights} checks
   * every request's table or index against the role).
   */
  @Test
  void onlyTheFunctionsThatQueryAnIndexMayReadTheIndexes() {
    Set<String> expected =
        Set.of(
            "TicketStatusFunction",
            "TenantAdminFunction",
            "NotifierFunction",
            "ContractsFunction",
            "BillingFunction",
            "InvoicesFunction");
    Set<String> granted = new TreeSet<>();
    for (String fn : functions())
      for (Map<String, Object> statement : statements(fn))
        if (subs(statement.get("Resource")).contains("${PortalTable.Arn}/index/*")) {
          granted.add(fn);
          assertTrue(
              actions(statement).contains("dynamodb:Query"), fn + ": the indexes without Query");
        }
    assertEquals(new TreeSet<>(expected), granted);
  }

  @Test
  void noPolicyGrantsScanOrAWildcardAction() {
    for (String fn : functions()) {
      for (Object policy : list(props(fn).get("Policies"))) {
        Map<String, Object> p = map(policy);
        assertTrue(
            p.containsKey("Statement") || p.containsKey("SQSSendMessagePolicy"),
            fn + " uses a policy template that grants more than it names: " + p.keySet());
      }
      for (Map<String, Object> statement : statements(fn)) {
        for (String action : actions(statement)) {
          assertFalse(action.equals("*") || action.endsWith(":*"), fn + " grants " + action);
          assertFalse(action.equalsIgnoreCase("dynamodb:Scan"), fn + " grants Scan");
          if (action.startsWith("dynamodb:")) {
            assertTrue(DYNAMODB_ACTIONS.contains(action), fn + " grants " + action);
            // The table and its indexes, or less (the pre-token trigger: the table only, member
            // partitions only).
            assertTrue(
                Set.of(
                        Map.of("Fn::GetAtt", List.of("PortalTable", "Arn")).toString(),
                        "${PortalTable.Arn}/index/*")
                    .containsAll(subs(statement.get("Resource"))),
                fn + ": DynamoDB actions on the table and its indexes only");
          }
        }
      }
    }
  }

  @Test
  void s3StatementsNameAPrefixOfTheBucketNeverTheWholeBucket() {
    Pattern scoped = Pattern.compile("\\$\\{(MailBucket|FilesBucket)\\.Arn}/[a-z]+/.*");
    int seen = 0;
    for (String fn : functions()) {
      for (Map<String, Object> statement : statements(fn)) {
        if (actions(statement).stream().noneMatch(a -> a.startsWith("s3:"))) continue;
        seen++;
        for (String resource : subs(statement.get("Resource"))) {
          assertTrue(scoped.matcher(resource).matches(), fn + " has S3 rights on " + resource);
        }
      }
    }
    assertTrue(seen >= 4, "S3 statements found: " + seen);
    assertEquals(
        Set.of("s3:GetObject"), s3Actions("InboundEmailFunction", "${MailBucket.Arn}/raw/*"));
    assertEquals(
        Set.of("s3:PutObject"),
        s3Actions("InboundEmailFunction", "${MailBucket.Arn}/attachments/*"));
  }

  @Test
  void unconfirmedUploadsExpireAfterADayAndNothingElseInTheFilesBucketDoes() {
    List<Object> rules = list(map(props("FilesBucket").get("LifecycleConfiguration")).get("Rules"));
    assertEquals(1, rules.size(), rules::toString);
    Map<String, Object> rule = map(rules.getFirst());
    assertEquals("Enabled", rule.get("Status"));
    assertEquals(dev.portal.shared.store.Keys.PENDING_UPLOADS_PREFIX, rule.get("Prefix"));
    assertEquals(1, rule.get("ExpirationInDays"));
    assertTrue(
        dev.portal.shared.store.Keys.pendingUploadObjectKey("t", 1, "up_x")
            .startsWith((String) rule.get("Prefix")));
    for (String kept :
        List.of(
            dev.portal.shared.store.Keys.uploadObjectKey("t", 1, "up_x"),
            "tenants/t/invoices/inv_1.pdf")) {
      assertFalse(kept.startsWith((String) rule.get("Prefix")), kept + " would expire");
    }
    assertEquals(
        Set.of("s3:DeleteObject", "s3:GetObject", "s3:PutObject"),
        s3Actions("TicketActionsFunction", "${FilesBucket.Arn}/uploads/*"));
    assertFalse(
        s3Actions("TicketActionsFunction", "${FilesBucket.Arn}/attachments/*")
            .contains("s3:DeleteObject"),
        "a confirmed file is never deleted by ticket-actions");
  }

  @Test
  void everyBucketPolicyDeniesRequestsWithoutTls() {
    List<String> buckets = ofType("AWS::S3::Bucket");
    assertTrue(buckets.containsAll(List.of("MailBucket", "FilesBucket")), buckets::toString);
    for (String bucket : buckets) {
      List<String> policies =
          ofType("AWS::S3::BucketPolicy").stream()
              .filter(p -> Map.of("Ref", bucket).equals(props(p).get("Bucket")))
              .toList();
      assertEquals(1, policies.size(), "policies of " + bucket);
      boolean denies = false;
      for (Object s :
          list(map(props(policies.getFirst()).get("PolicyDocument")).get("Statement"))) {
        Map<String, Object> statement = map(s);
        if ("Deny".equals(statement.get("Effect"))
            && "*".equals(statement.get("Principal"))
            && actions(statement).equals(List.of("s3:*"))
            && Map.of("Bool", Map.of("aws:SecureTransport", "false"))
                .equals(statement.get("Condition"))) {
          denies =
              Set.copyOf(list(statement.get("Resource")))
                  .equals(
                      Set.of(
                          Map.of("Fn::GetAtt", List.of(bucket, "Arn")),
                          Map.of("Fn::Sub", "${" + bucket + ".Arn}/*")));
        }
      }
      assertTrue(
          denies,
          bucket
              + "'s policy does not deny aws:SecureTransport false on the bucket and its objects");
    }
  }

  // ---- the API ----

  @Test
  void theApiLogsEveryRequestThrottlesByParameterAndAllowsThePortalOrigins() {
    Map<String, Object> api = props("PortalHttpApi");
    Map<String, Object> access = map(api.get("AccessLogSettings"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("ApiAccessLogGroup", "Arn")), access.get("DestinationArn"));
    assertTrue(
        ((String) access.get("Format")).contains("$context.requestId"),
        "the access log names the request");

    Map<String, Object> throttling = map(api.get("DefaultRouteSettings"));
    assertEquals(Map.of("Ref", "ApiThrottlingRateLimit"), throttling.get("ThrottlingRateLimit"));
    assertEquals(Map.of("Ref", "ApiThrottlingBurstLimit"), throttling.get("ThrottlingBurstLimit"));

    Map<String, Object> cors = map(api.get("CorsConfiguration"));
    // The stack's own portal and the PortalOrigins parameter (PortalSiteTemplateTest reads the
    // expression).
    assertTrue(
        cors.get("AllowOrigins").toString().contains("{Ref=PortalOrigins}"),
        cors.get("AllowOrigins")::toString);
    assertEquals(
        "CommaDelimitedList",
        map(map(template.get("Parameters")).get("PortalOrigins")).get("Type"));
    List<Object> headers =
        list(cors.get("AllowHeaders")).stream()
            .map(h -> (Object) h.toString().toLowerCase())
            .toList();
    assertTrue(
        headers.containsAll(List.of("authorization", "content-type", "idempotency-key")),
        headers::toString);
    assertTrue(
        list(cors.get("ExposeHeaders")).contains("location"),
        "a portal reads a created ticket's Location");
    assertTrue(list(cors.get("AllowMethods")).containsAll(List.of("GET", "POST", "PATCH", "PUT")));
  }

  // ---- the secret, the table, versions ----

  @Test
  void theCursorSecretComesFromParameterStoreAndOnlyTheFunctionsThatListReadIt()
      throws IOException {
    Map<String, Object> parameters = map(template.get("Parameters"));
    assertFalse(parameters.containsKey("CursorSecret"), "no secret as a stack parameter");
    assertTrue(parameters.containsKey("CursorSecretParameter"));
    assertFalse(
        environment(map(map(template.get("Globals")).get("Function")))
            .containsKey("CURSOR_SECRET"));
    Set<String> readers = new TreeSet<>();
    for (String fn : functions()) {
      Map<String, Object> env = environment(props(fn));
      assertFalse(env.containsKey("CURSOR_SECRET"), fn + " gets the secret in plain text");
      boolean reads = env.containsKey("CURSOR_SECRET_PARAMETER");
      boolean declaresSsm =
          Files.readString(module(fn).resolve("pom.xml")).contains("<artifactId>ssm</artifactId>");
      // One signed GetParameter call (SignedSsmParameters) reads it: no function carries the 6 MiB
      // SSM module.
      assertFalse(declaresSsm, fn + " declares the SSM module");
      List<Map<String, Object>> ssm =
          statements(fn).stream()
              .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("ssm:")))
              .toList();
      if (!reads) {
        assertTrue(ssm.isEmpty(), fn + " may read parameters it has no use for");
        continue;
      }
      readers.add(fn);
      assertEquals(Map.of("Ref", "CursorSecretParameter"), env.get("CURSOR_SECRET_PARAMETER"));
      assertEquals(1, ssm.size(), fn);
      assertEquals(List.of("ssm:GetParameter"), actions(ssm.getFirst()));
      assertEquals(
          Set.of(
              "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${CursorSecretParameter}"),
          subs(ssm.getFirst().get("Resource")));
    }
    assertEquals(
        Set.of(
            "BillingFunction",
            "ContractsFunction",
            "InvoicesFunction",
            "TenantAdminFunction",
            "TicketStatusFunction"),
        readers);
  }

  @Test
  void theTableIsProtectedFromDeletion() {
    assertEquals(Boolean.TRUE, props("PortalTable").get("DeletionProtectionEnabled"));
    assertEquals("Retain", map(resources.get("PortalTable")).get("DeletionPolicy"));
  }

  /**
   * SAM names a function's version after a hash of its code, environment and memory taken before
   * parameter values are known (samtranslator's {@code _construct_version}), so a new parameter
   * value updates {@code $LATEST} and the alias keeps the old version. A version's Description can
   * only be set by replacing it, and replacing it publishes a new version: each function's {@code
   * VersionDescription} therefore spells every parameter its environment reads.
   */
  @Test
  void everyVersionIsRepublishedWhenAParameterItReadsChanges() {
    Set<String> parameters = map(template.get("Parameters")).keySet();
    Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
    assertEquals("live", globals.get("AutoPublishAlias"));
    for (String fn : functions()) {
      Set<String> read = new TreeSet<>();
      referencedParameters(globals.get("Environment"), parameters, read);
      referencedParameters(props(fn).get("Environment"), parameters, read);
      assertTrue(read.contains("LogLevel"), fn + " reads LOG_LEVEL");
      Object description = props(fn).get("VersionDescription");
      assertNotNull(description, fn + " has no VersionDescription");
      Set<String> described = new TreeSet<>();
      referencedParameters(description, parameters, described);
      assertEquals(
          read,
          described,
          fn + ": the parameters of its environment vs those in its VersionDescription");
    }
  }

  // ---- helpers ----

  private static Set<String> deadLetterQueues() {
    Set<String> out = new TreeSet<>();
    for (String queue : ofType("AWS::SQS::Queue")) {
      Object redrive = props(queue).get("RedrivePolicy");
      if (redrive != null) out.add(getAttTarget(map(redrive).get("deadLetterTargetArn")));
    }
    for (String fn : functions()) {
      Object events = props(fn).get("Events");
      if (events == null) continue;
      for (Object event : map(events).values()) {
        Object destination = map(map(event).get("Properties")).get("DestinationConfig");
        if (destination != null)
          out.add(getAttTarget(map(map(destination).get("OnFailure")).get("Destination")));
      }
    }
    return out;
  }

  private static String getAttTarget(Object getAtt) {
    return (String) list(map(getAtt).get("Fn::GetAtt")).getFirst();
  }

  private static List<String> alarmsOn(String namespace, String metric, Object dimension) {
    return ofType("AWS::CloudWatch::Alarm").stream()
        .filter(
            a -> {
              Map<String, Object> p = props(a);
              return namespace.equals(p.get("Namespace"))
                  && metric.equals(p.get("MetricName"))
                  && list(p.get("Dimensions")).equals(List.of(dimension));
            })
        .toList();
  }

  private static Set<String> s3Actions(String fn, String resource) {
    Set<String> out = new TreeSet<>();
    for (Map<String, Object> s : statements(fn)) {
      if (subs(s.get("Resource")).contains(resource)) {
        actions(s).stream().filter(a -> a.startsWith("s3:")).forEach(out::add);
      }
    }
    return out;
  }

  private static Path module(String fn) {
    return CloudFormationYaml.templatePath().resolveSibling((String) props(fn).get("CodeUri"));
  }

  private static void referencedParameters(Object node, Set<String> parameters, Set<String> out) {
    switch (node) {
      case null -> {}
      case Map<?, ?> m -> {
        if (m.get("Ref") instanceof String ref && parameters.contains(ref)) out.add(ref);
        if (m.get("Fn::Sub") instanceof String sub) {
          Matcher v = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(sub);
          while (v.find()) if (parameters.contains(v.group(1))) out.add(v.group(1));
        }
        for (Object value : m.values()) referencedParameters(value, parameters, out);
      }
      case List<?> l -> l.forEach(item -> referencedParameters(item, parameters, out));
      default -> {}
    }
  }

  private static Map<String, Object> environment(Map<String, Object> properties) {
    Object env = properties.get("Environment");
    return env == null ? Map.of() : map(map(env).get("Variables"));
  }

  private static List<Map<String, Object>> statements(String fn) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object policy : list(props(fn).get("Policies"))) {
      Object statements = map(policy).get("Statement");
      if (statements != null) list(statements).forEach(s -> out.add(map(s)));
    }
    return out;
  }

  private static List<String> actions(Map<String, Object> statement) {
    Object a = statement.get("Action");
    return a instanceof String s ? List.of(s) : list(a).stream().map(String::valueOf).toList();
  }

  /** Resources written as {@code !Sub} strings, as their text; anything else as its map's text. */
  private static Set<String> subs(Object resource) {
    Set<String> out = new TreeSet<>();
    for (Object r : resource instanceof List<?> l ? l : List.of(resource)) {
      out.add(
          r instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String s ? s : String.valueOf(r));
    }
    return out;
  }

  private static List<String> functions() {
    return ofType("AWS::Serverless::Function");
  }

  private static List<String> ofType(String type) {
    return resources.keySet().stream().filter(id -> type.equals(type(id))).toList();
  }

  private static String type(String id) {
    return (String) map(resources.get(id)).get("Type");
  }

  private static Map<String, Object> props(String id) {
    return map(map(resources.get(id)).get("Properties"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, () -> "expected a mapping: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertTrue(o instanceof List, () -> "expected a list: " + o);
    return (List<Object>) o;
  }
}
