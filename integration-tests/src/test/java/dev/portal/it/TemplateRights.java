package dev.portal.it;

import dev.portal.shared.store.SignedS3Objects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The rights template.yaml gives each function, checked on every request a function's code makes in
 * the integration tests, before it is sent: moto grants every action, so without this a request the
 * role does not allow passes every test and is AccessDenied in AWS (inbound-email's BatchGetItem
 * and billing's ConditionCheckItem were, 2026-12-02). The function is the nearest {@code
 * dev.portal.fn.*} frame on the calling thread; requests without one (fixtures, local mode's own
 * set-up, another thread), or whose nearest frame of ours is local mode's (a stand-in's own step),
 * are not checked. Registered through the SDK's global interceptor list, like {@link
 * DynamoRequests}; a refusal fails the test it happens in even when the function catches it ({@link
 * Refusals}).
 *
 * <p>What is checked: a request's IAM actions (a transaction by its parts; an SQS batch by its
 * single action, as the service authorization reference maps them) against the actions of the
 * function's {@code Allow} statements and SAM's {@code SQSSendMessagePolicy} ({@code
 * sqs:SendMessage*}), for every SDK client a function uses (DynamoDB, SQS, SES v2, Cognito; an SDK
 * service it does not know fails the request, so a new one is noticed), and the S3 objects billing
 * and inbound-email read and write with their own signed requests ({@code SignedS3Objects}, whose
 * observer this class also is, found through this module's {@code META-INF/services}, as bench's
 * probe is: nothing in a function's jar). Resources: for DynamoDB at the granularity table or index
 * (a Query or Scan with an {@code IndexName} needs a statement granting it on {@code
 * ${PortalTable.Arn}/index/*} or that index, any other request one on {@code ${PortalTable.Arn}};
 * the tests' table has another name), for S3 the key against the statements' prefixes ({@code
 * tenants/*}, {@code raw/*}), whichever bucket (the tests' buckets have other names).
 *
 * <p>What is not: statements' {@code Condition}s (the pre-token trigger's {@code
 * dynamodb:LeadingKeys}, the notifier's {@code ses:FromAddress}); which queue, identity, user pool
 * or bucket (the tests' names are not the stack's); {@code SignedS3Links}' requests
 * (ticket-actions' HeadObject, CopyObject and DeleteObject, and every presigned link, which borrows
 * the signer's rights) and {@code SignedSsmParameters}' GetParameter, which have no seam (the
 * template tests pin those rights: S3 by prefix, the cursor secret's readers).
 */
public final class TemplateRights implements ExecutionInterceptor {
  private static final Path TEMPLATE =
      Path.of(System.getProperty("portal.repo.root", ".."))
          .toAbsolutePath()
          .normalize()
          .resolve("template.yaml");

  static final String TABLE = "${PortalTable.Arn}";

  /**
   * IAM's prefix for each SDK service a function's code calls, by the SDK's service name lowercased
   * without spaces ({@code Sqs}, {@code DynamoDB}).
   */
  private static final Map<String, String> PREFIX =
      Map.of(
          "dynamodb", "dynamodb",
          "sqs", "sqs",
          "sesv2", "ses",
          "cognitoidentityprovider", "cognito-idp",
          "s3", "s3",
          "ssm", "ssm",
          "sns", "sns");

  /**
   * Operations authorized by another action (Service Authorization Reference): an SQS batch by its
   * single action, S3's HeadObject by GetObject.
   */
  private static final Map<String, String> AUTHORIZED_AS =
      Map.of(
          "sqs:SendMessageBatch", "sqs:SendMessage",
          "sqs:ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessageBatch", "sqs:DeleteMessage",
          "s3:HeadObject", "s3:GetObject",
          "sns:PublishBatch", "sns:Publish");

  /** Any resource: for services whose resources the tests cannot name as the stack does. */
  static final String ANY = "*";

  /** One action allowed on the resources a statement names (CloudFormation's ARN patterns). */
  record Grant(String action, List<String> resources) {}

  /** A function's role: every action its statements allow, with their resources. */
  record Role(String logicalId, List<Grant> grants) {
    /** Whether some statement allows {@code action} on {@code resource} ({@code *} globs). */
    boolean allows(String action, String resource) {
      for (Grant g : grants) {
        if (!glob(g.action().toLowerCase()).matcher(action.toLowerCase()).matches()) continue;
        if (resource.equals(ANY)) return true;
        for (String r : g.resources()) {
          // Any of the stack's buckets: the tests' buckets have other names.
          String arn =
              r.replaceAll("^\\$\\{\\w+Bucket\\.Arn}/", Matcher.quoteReplacement(object("")));
          if (glob(arn).matcher(resource).matches()) return true;
        }
      }
      return false;
    }
  }

  /** What a request needs: an action on a resource. */
  record Need(String action, String resource) implements Comparable<Need> {
    @Override
    public int compareTo(Need o) {
      return (action + " " + resource).compareTo(o.action + " " + o.resource);
    }

    @Override
    public String toString() {
      return action + " on " + resource;
    }
  }

  /** Handler package, e.g. {@code dev.portal.fn.billing}, to its function's role. */
  private static volatile Map<String, Role> roles;

  static Map<String, Role> roles() {
    Map<String, Role> r = roles;
    if (r == null) {
      try {
        r = parse(Files.readString(TEMPLATE));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      roles = r;
    }
    return r;
  }

  /** Each function resource's role, by its handler's package. */
  static Map<String, Role> parse(String template) {
    Map<String, Role> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : map(read(template).get("Resources")).entrySet()) {
      Map<String, Object> resource = map(e.getValue());
      if (!"AWS::Serverless::Function".equals(resource.get("Type"))) continue;
      Map<String, Object> props = map(resource.get("Properties"));
      String handler = (String) props.get("Handler");
      String cls = handler.substring(0, handler.indexOf("::"));
      List<Grant> grants = new ArrayList<>();
      for (Object policy : list(props.get("Policies"))) {
        Map<String, Object> p = map(policy);
        // SAM's template: sqs:SendMessage* on the queue it names.
        if (p.containsKey("SQSSendMessagePolicy")) {
          Object queue = map(p.get("SQSSendMessagePolicy")).get("QueueName");
          grants.add(new Grant("sqs:SendMessage*", strings(queue)));
        }
        for (Object statement : list(p.get("Statement"))) {
          Map<String, Object> s = map(statement);
          if (!"Allow".equals(s.get("Effect"))) continue;
          List<String> resources = strings(s.get("Resource"));
          for (String action : strings(s.get("Action"))) grants.add(new Grant(action, resources));
        }
      }
      out.put(cls.substring(0, cls.lastIndexOf('.')), new Role(e.getKey(), List.copyOf(grants)));
    }
    return out;
  }

  /** The IAM actions and resources a DynamoDB request needs: its operation's, or its parts'. */
  static Set<Need> needed(SdkRequest request, String operation) {
    Set<Need> out = new TreeSet<>();
    if (request instanceof TransactWriteItemsRequest t) {
      for (TransactWriteItem item : t.transactItems()) {
        if (item.put() != null) out.add(new Need("dynamodb:PutItem", TABLE));
        if (item.update() != null) out.add(new Need("dynamodb:UpdateItem", TABLE));
        if (item.delete() != null) out.add(new Need("dynamodb:DeleteItem", TABLE));
        if (item.conditionCheck() != null) out.add(new Need("dynamodb:ConditionCheckItem", TABLE));
      }
    } else if (request instanceof TransactGetItemsRequest) {
      out.add(new Need("dynamodb:GetItem", TABLE));
    } else if (request instanceof QueryRequest q && q.indexName() != null) {
      out.add(new Need("dynamodb:Query", TABLE + "/index/" + q.indexName()));
    } else if (request instanceof ScanRequest s && s.indexName() != null) {
      out.add(new Need("dynamodb:Scan", TABLE + "/index/" + s.indexName()));
    } else {
      out.add(new Need("dynamodb:" + operation, TABLE));
    }
    return out;
  }

  /**
   * What a request of another service needs: its operation as an IAM action, on any resource (see
   * the class comment).
   */
  static Set<Need> needed(String service, String operation) {
    String prefix = PREFIX.get(service.replace(" ", "").toLowerCase(Locale.ROOT));
    if (prefix == null)
      throw new IllegalStateException(
          "a function calls " + service + ", whose IAM prefix TemplateRights does not know");
    String action = prefix + ":" + operation;
    return Set.of(new Need(AUTHORIZED_AS.getOrDefault(action, action), ANY));
  }

  /** An S3 object's ARN in any bucket, as a statement's {@code ${XBucket.Arn}/prefix/*} matches. */
  static String object(String key) {
    return "${AnyBucket.Arn}/" + key;
  }

  /**
   * The nearest function frame's package, or null when no function's code is calling, or when the
   * nearest of our frames is local mode's (a stand-in's own step, such as creating the sending
   * domain's SES identity, which AWS needs done once at set-up, not by the function).
   */
  static String callingFunction() {
    List<String> ours =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames
                        .map(StackWalker.StackFrame::getClassName)
                        .filter(c -> c.startsWith("dev.portal.") && !c.startsWith("dev.portal.it."))
                        .toList());
    if (ours.isEmpty() || ours.getFirst().startsWith("dev.portal.local.")) return null;
    return ours.stream()
        .filter(c -> c.startsWith("dev.portal.fn."))
        .findFirst()
        .map(c -> c.substring(0, c.lastIndexOf('.')))
        .orElse(null);
  }

  /** Refuses what the calling function's role does not allow; nothing when no function calls. */
  static void check(Supplier<Set<Need>> needs) {
    String function = callingFunction();
    if (function == null) return;
    Role role = roles().get(function);
    if (role == null)
      throw new IllegalStateException(
          "template.yaml has no function whose handler is in " + function);
    Set<Need> missing = new TreeSet<>();
    for (Need n : needs.get()) if (!role.allows(n.action(), n.resource())) missing.add(n);
    if (!missing.isEmpty()) {
      IllegalStateException refused =
          new IllegalStateException(
              function
                  + " ("
                  + role.logicalId()
                  + ") makes a request that needs "
                  + missing
                  + ", which its role in template.yaml does not grant (AWS would answer"
                  + " AccessDenied; moto grants everything)");
      REFUSED.add(refused.getMessage());
      throw refused;
    }
  }

  /** Every refusal since the current test began, whether or not the function let it through. */
  private static final Queue<String> REFUSED = new ConcurrentLinkedQueue<>();

  /**
   * Fails a test in which a function's request was refused, even when the function caught the
   * failure (webhook-delivery's back-off, a mail retried later): the refusal is an AccessDenied in
   * AWS either way. Registered for every test class through JUnit's extension auto-detection, like
   * {@link FreshTable}.
   */
  public static final class Refusals implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
      REFUSED.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
      if (!REFUSED.isEmpty()) {
        List<String> refused = List.copyOf(new TreeSet<>(REFUSED));
        REFUSED.clear();
        throw new AssertionError("requests template.yaml does not allow: " + refused);
      }
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if ("DynamoDB".equalsIgnoreCase(service)) check(() -> needed(context.request(), operation));
    else check(() -> needed(service, operation));
  }

  /** {@code SignedS3Objects}' requests: after S3 answered, before the function sees the answer. */
  public static final class SignedObjects implements SignedS3Objects.Observer {
    @Override
    public void succeeded(String operation, String bucket, String key, long bodyBytes) {
      check(() -> Set.of(new Need("s3:" + operation, object(key))));
    }
  }

  // ---- the template as plain values: intrinsics as the ARN patterns they stand for ----

  /**
   * template.yaml with {@code !GetAtt A.B} as {@code ${A.B}}, {@code !Ref X} as {@code ${X}}, a
   * {@code !Sub}'s string as itself, and {@code !If [c, a, b]} as the list of both branches (a role
   * then allows what either allows); other intrinsics stay maps.
   */
  static Map<String, Object> read(String template) {
    return map(new Yaml(new Intrinsics(new LoaderOptions())).load(template));
  }

  private static final class Intrinsics extends SafeConstructor {
    Intrinsics(LoaderOptions options) {
      super(options);
      yamlMultiConstructors.put(
          "!",
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              String name = node.getTag().getValue().substring(1);
              Object value =
                  switch (node) {
                    case ScalarNode s -> s.getValue();
                    case SequenceNode s -> new ArrayList<>(constructSequence(s));
                    case MappingNode m -> new LinkedHashMap<>(constructMapping(m));
                    default -> throw new IllegalArgumentException("unexpected node " + node);
                  };
              return switch (name) {
                case "Ref", "GetAtt" -> "${" + value + "}";
                case "Sub" -> value instanceof List<?> l ? l.getFirst() : value;
                case "If" -> new ArrayList<>(((List<?>) value).subList(1, 3));
                default -> Map.of("Fn::" + name, value);
              };
            }
          });
    }
  }

  private static Pattern glob(String arn) {
    List<String> parts = new ArrayList<>();
    for (String part : arn.split("\\*", -1)) parts.add(Pattern.quote(part));
    return Pattern.compile(String.join(".*", parts));
  }

  /** A string, or the strings of a list (nested lists from {@code !If} flattened). */
  static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof String s) out.add(s);
    else if (o instanceof List<?> l) for (Object x : l) out.addAll(strings(x));
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  static List<?> list(Object o) {
    return o == null ? List.of() : (List<?>) o;
  }
}
