package dev.portal.shared.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every line written during an invocation names it: Lambda's request id, the cold start, the X-Ray
 * trace.
 */
class InvocationLogTest {
  private static final String TRACE =
      "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

  @AfterEach
  void clear() {
    Invocation.end();
    System.clearProperty(Invocation.TRACE_PROPERTY);
  }

  @Test
  void linesWithinAnInvocationCarryItsRequestIdColdStartAndTraceRoot() {
    Invocation.newContainer();
    System.setProperty(Invocation.TRACE_PROPERTY, TRACE);
    List<Map<String, Object>> lines =
        captured(
            () -> {
              Invocation.begin(new RequestId("req-1"));
              JsonLog.info("first", "tenant", "acme");
              JsonLog.warn("second");
              Invocation.end();
              Invocation.begin(new RequestId("req-2"));
              JsonLog.info("warm");
              Invocation.end();
              JsonLog.info("between invocations");
            });
    assertEquals(4, lines.size(), lines::toString);
    for (Map<String, Object> first : lines.subList(0, 2)) {
      assertEquals("req-1", first.get("awsRequestId"));
      assertEquals(true, first.get("coldStart"));
      assertEquals("1-5759e988-bd862e3fe1be46a994272793", first.get("traceId"));
    }
    assertEquals("acme", lines.getFirst().get("tenant"));
    assertEquals("req-2", lines.get(2).get("awsRequestId"));
    assertEquals(
        false, lines.get(2).get("coldStart"), "only a container's first invocation is cold");
    assertFalse(
        lines.get(3).containsKey("awsRequestId"), "no invocation after end(): " + lines.get(3));
    assertFalse(lines.get(3).containsKey("coldStart"));
  }

  @Test
  void theTraceIdComesFromTheHeadersRootOrIsAbsent() {
    assertEquals("1-5759e988-bd862e3fe1be46a994272793", Invocation.traceRoot(TRACE));
    assertEquals("1-abc", Invocation.traceRoot("Parent=53995c3f42cd8ad8; Root=1-abc"));
    assertNull(Invocation.traceRoot("Parent=53995c3f42cd8ad8"));
    assertNull(Invocation.traceRoot(null));
    Invocation.begin(new RequestId("no-trace"));
    assertNull(Invocation.current().traceId(), "no header in this JVM's environment or properties");
  }

  /** The lines a block writes to standard output, each parsed (JSON is YAML). */
  static List<Map<String, Object>> captured(Runnable block) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      block.run();
    } finally {
      System.setOut(original);
    }
    Yaml yaml = new Yaml();
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .map(l -> yaml.<Map<String, Object>>load(l))
        .toList();
  }

  /** A Lambda context that knows its request id; the rest is not read. */
  record RequestId(String id) implements Context {
    @Override
    public String getAwsRequestId() {
      return id;
    }

    @Override
    public String getLogGroupName() {
      return null;
    }

    @Override
    public String getLogStreamName() {
      return null;
    }

    @Override
    public String getFunctionName() {
      return null;
    }

    @Override
    public String getFunctionVersion() {
      return null;
    }

    @Override
    public String getInvokedFunctionArn() {
      return null;
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 0;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 0;
    }

    @Override
    public LambdaLogger getLogger() {
      return null;
    }
  }
}
