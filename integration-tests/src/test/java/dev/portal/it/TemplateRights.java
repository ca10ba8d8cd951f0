package dev.portal.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The DynamoDB rights template.yaml gives each function, checked on every request a function's code
 * makes in the integration tests, before it is sent: moto grants every action, so without this a
 * request the role does not allow passes every test and is AccessDenied in AWS (inbound-email's
 * BatchGetItem and billing's ConditionCheckItem were, 2026-12-02). The function is the nearest
 * {@code dev.portal.fn.*} frame on the calling thread; requests without one (fixtures, local mode's
 * own set-up, another thread) are not checked. IAM authorizes a transaction by its parts.
 * Registered through the SDK's global interceptor list, like {@link DynamoRequests}.
 */
public final class TemplateRights implements ExecutionInterceptor {
  private static final Path TEMPLATE =
      Path.of(System.getProperty("portal.repo.root", ".."))
          .toAbsolutePath()
          .normalize()
          .resolve("template.yaml");
  private static final Pattern RESOURCE = Pattern.compile("(?m)^  ([A-Za-z0-9]+):\\s*$");
  private static final Pattern HANDLER =
      Pattern.compile("Handler: ([\\w.]+)\\.\\w+::handleRequest");
  private static final Pattern DYNAMODB = Pattern.compile("dynamodb:(\\w+)");

  /** Handler package, e.g. {@code dev.portal.fn.billing}, to the DynamoDB actions its role has. */
  private static volatile Map<String, Set<String>> rights;

  static Map<String, Set<String>> rights() {
    Map<String, Set<String>> r = rights;
    if (r == null) {
      try {
        r = parse(Files.readString(TEMPLATE));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      rights = r;
    }
    return r;
  }

  /** Each function resource's block: its handler's package and the dynamodb: actions it names. */
  static Map<String, Set<String>> parse(String template) {
    Map<String, Set<String>> out = new HashMap<>();
    Matcher m = RESOURCE.matcher(template);
    List<Integer> starts = new ArrayList<>();
    while (m.find()) starts.add(m.start());
    starts.add(template.length());
    for (int i = 0; i + 1 < starts.size(); i++) {
      String block = template.substring(starts.get(i), starts.get(i + 1));
      if (!block.contains("Type: AWS::Serverless::Function")) continue;
      Matcher h = HANDLER.matcher(block);
      if (!h.find()) continue;
      Set<String> actions = new TreeSet<>();
      for (String line : block.split("\n")) {
        if (line.strip().startsWith("#")) continue;
        Matcher a = DYNAMODB.matcher(line);
        while (a.find()) actions.add(a.group(1));
      }
      out.put(h.group(1), actions);
    }
    return out;
  }

  /** The IAM actions a request needs: its operation's, or a transaction's parts'. */
  static Set<String> needed(SdkRequest request, String operation) {
    Set<String> out = new TreeSet<>();
    if (request instanceof TransactWriteItemsRequest t) {
      for (TransactWriteItem item : t.transactItems()) {
        if (item.put() != null) out.add("PutItem");
        if (item.update() != null) out.add("UpdateItem");
        if (item.delete() != null) out.add("DeleteItem");
        if (item.conditionCheck() != null) out.add("ConditionCheckItem");
      }
    } else if (request instanceof TransactGetItemsRequest) {
      out.add("GetItem");
    } else {
      out.add(operation);
    }
    return out;
  }

  private static String callingFunction() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .map(StackWalker.StackFrame::getClassName)
                    .filter(c -> c.startsWith("dev.portal.fn."))
                    .findFirst()
                    .map(c -> c.substring(0, c.lastIndexOf('.')))
                    .orElse(null));
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (!"DynamoDB".equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)))
      return;
    String function = callingFunction();
    if (function == null) return;
    Set<String> granted = rights().get(function);
    if (granted == null)
      throw new IllegalStateException(
          "template.yaml has no function whose handler is in " + function);
    Set<String> missing =
        new TreeSet<>(
            needed(
                context.request(), attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)));
    missing.removeAll(granted);
    if (!missing.isEmpty())
      throw new IllegalStateException(
          function
              + " makes a request that needs dynamodb:"
              + missing
              + ", which its role in template.yaml does not grant (AWS would answer"
              + " AccessDenied; moto grants everything)");
  }
}
