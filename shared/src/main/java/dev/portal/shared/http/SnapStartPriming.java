package dev.portal.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.portal.shared.lambda.HttpApiEvents;
import dev.portal.shared.lambda.MalformedEvent;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.Keys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a SnapStart snapshot should already have run, so that a restored function does not load and
 * link it on its first request: the SDK's request path (marshalling, signing, HTTP connection) and
 * the adapter's (routing, a JSON body read into its tree, a problem written by its view). Reads
 * only, never a write: the snapshot is taken once per published version, and anything it wrote
 * would be written by no request.
 *
 * <p>Best-effort: a step that fails is logged and skipped, never thrown. An exception out of the
 * checkpoint hook fails the version being published, and with it the deployment, for what is only a
 * warm-up: on a first deploy the role's permissions may not have reached DynamoDB yet, and any read
 * can be throttled. The restored function then pays that step's class loading on its first request
 * instead.
 *
 * <p>Then, for up to {@code priming.rounds} rounds or {@code priming.seconds}, whichever ends
 * first, the table read, the unroutable request and the function's own {@link Read reads} again: a
 * snapshot holds the JIT's compiled code, so a restored function's first requests run compiled code
 * instead of the interpreter's and the JIT's profiling tier (where a warm read spent about as much
 * CPU in our code and the SDK again as in its steady state, bench/README.md). The reads are of a
 * tenant no token names ({@link #TENANT}) and find nothing; their request lines are formatted and
 * dropped ({@link JsonLog#dropping}). A read answered other than 200 or 404 is counted as failed
 * and not repeated.
 */
public final class SnapStartPriming {
  private static final byte[] SAMPLE_BODY =
      "{\"subject\":\"priming\",\"priority\":\"high\",\"score\":5,\"public\":true,\"emailDomains\":[\"example.com\"]}"
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] UNROUTABLE =
      """
      {"version": "2.0", "rawPath": "/snapstart-priming", "headers": {"accept": "application/json"},
       "requestContext": {"requestId": "snapstart-priming", "http": {"method": "GET"}}}
      """
          .getBytes(StandardCharsets.UTF_8);

  /**
   * The tenant the reads are made for, which onboarding refuses (tenant-admin's {@code POST
   * /v1/tenants}): its partitions stay empty, so no list the reads make has a next page, whose
   * cursor would read the cursor secret into the snapshot.
   */
  public static final String TENANT = "snapstart-priming";

  /** Who makes a {@link Read}: the claims its token carries. */
  public enum As {
    /** An admin who is also an agent. */
    STAFF("\"roles\": \"[admin agent]\""),
    /** A client's contact. */
    CLIENT("\"roles\": \"[client]\", \"client_id\": \"priming\""),
    /** A client's admin, who may read its invoices. */
    CLIENT_ADMIN("\"roles\": \"[client_admin]\", \"client_id\": \"priming\"");

    private final String claims;

    As(String claims) {
      this.claims = claims;
    }
  }

  /**
   * One read a function's snapshot makes, as a caller of {@link #TENANT} would: {@code path} with
   * its query string (ours: nothing in it needs escaping in JSON or decoding), answered 200 or 404.
   */
  public record Read(String path, As as) {
    public static Read staff(String path) {
      return new Read(path, As.STAFF);
    }

    public static Read client(String path) {
      return new Read(path, As.CLIENT);
    }

    public static Read clientAdmin(String path) {
      return new Read(path, As.CLIENT_ADMIN);
    }
  }

  /**
   * The most {@code priming.seconds} may give: the rounds end at the first read after it, and a
   * read the SDK retries can take a while more, inside the 130 s Lambda allows a SnapStart
   * function's init and hooks together.
   */
  static final Duration MOST_BUDGET = Duration.ofSeconds(90);

  private final DynamoDbClient db;
  private final String table;
  private final Json json;
  private final int rounds;
  private final Duration budget;

  public SnapStartPriming(DynamoDbClient db, String table, Json json) {
    this(db, table, json, 0, Duration.ZERO);
  }

  public SnapStartPriming(DynamoDbClient db, String table, Json json, int rounds, Duration budget) {
    this.db = db;
    this.table = table;
    this.json = json;
    this.rounds = rounds;
    this.budget = budget.compareTo(MOST_BUDGET) > 0 ? MOST_BUDGET : budget;
  }

  /**
   * @param reads the function's own reads, repeated in every round
   * @return how many of the steps failed (each logged); 0 when all ran
   */
  public int prime(Supplier<ApiDispatcher> dispatcher, List<Read> reads) {
    int failed = 0;
    failed += step("table read", this::tableRead);
    failed += step("JSON", () -> json.parse(SAMPLE_BODY));
    failed +=
        step(
            "request path",
            () ->
                JsonLog.dropping(
                    () -> {
                      unroutable(dispatcher.get());
                      return null;
                    }));
    if (failed > 0 || rounds <= 0) return failed;
    List<byte[]> events = new ArrayList<>();
    for (Read read : reads) events.add(event(read));
    long deadline = System.nanoTime() + budget.toNanos();
    long start = System.nanoTime();
    Rounds done = JsonLog.dropping(() -> rounds(dispatcher, reads, events, deadline));
    for (String r : done.failed())
      JsonLog.warn("SnapStart priming read failed; not repeated", "read", r);
    JsonLog.info(
        "SnapStart priming",
        "rounds",
        done.ran(),
        "reads",
        reads.size(),
        "ms",
        (System.nanoTime() - start) / 1_000_000);
    return failed + done.failed().size();
  }

  /** How many rounds ran, and each read that failed (with why), in the order they failed. */
  private record Rounds(int ran, List<String> failed) {}

  /**
   * Rounds until {@link #rounds} or the deadline, checked before every request. A read answered
   * other than 200 or 404 (a claim the route refuses, a failure) is left out of the rounds after;
   * the table read or the unroutable request failing (throttled) ends them.
   */
  private Rounds rounds(
      Supplier<ApiDispatcher> dispatcher, List<Read> reads, List<byte[]> events, long deadline) {
    List<String> failed = new ArrayList<>();
    boolean[] off = new boolean[events.size()];
    int ran = 0;
    ApiDispatcher d = dispatcher.get();
    while (ran < rounds && System.nanoTime() < deadline) {
      try {
        tableRead();
        unroutable(d);
      } catch (RuntimeException e) {
        failed.add("round " + (ran + 1) + ": " + e);
        break;
      }
      for (int i = 0; i < events.size() && System.nanoTime() < deadline; i++) {
        if (off[i]) continue;
        String outcome;
        try {
          int status = status(d, events.get(i));
          outcome = status == 200 || status == 404 ? null : "answered " + status;
        } catch (RuntimeException e) {
          outcome = e.toString();
        }
        if (outcome != null) {
          off[i] = true;
          failed.add(reads.get(i).as() + " " + reads.get(i).path() + ": " + outcome);
        }
      }
      ran++;
    }
    return new Rounds(ran, failed);
  }

  private void tableRead() {
    db.getItem(
        r ->
            r.tableName(table)
                .consistentRead(true)
                .key(
                    Map.of(
                        Keys.PK,
                        AttributeValue.fromS(Keys.primingPk()),
                        Keys.SK,
                        AttributeValue.fromS(Keys.PRIMING_SK))));
  }

  /**
   * Throwable, not Exception: a LinkageError from a step is just as much no reason to fail the
   * version.
   */
  private static int step(String name, Runnable step) {
    try {
      step.run();
      return 0;
    } catch (Throwable e) {
      JsonLog.warn(
          "SnapStart priming step failed; the snapshot is taken without it",
          "step",
          name,
          "error",
          e.toString());
      return 1;
    }
  }

  /**
   * A request no function routes, as Lambda hands it over: read from its bytes and the answer
   * written to bytes ({@link HttpApiEvents}), so the event mapping is in the snapshot too; the
   * dispatcher answers 404 problem+json before any claim or store is touched.
   */
  private static void unroutable(ApiDispatcher dispatcher) {
    status(dispatcher, UNROUTABLE);
  }

  /** The event read from its bytes, answered, and the answer written, as Lambda's runtime would. */
  private static int status(ApiDispatcher dispatcher, byte[] event) {
    try {
      APIGatewayV2HTTPResponse response =
          dispatcher.handle(HttpApiEvents.read(new ByteArrayInputStream(event)));
      HttpApiEvents.write(response, OutputStream.nullOutputStream());
      return response.getStatusCode();
    } catch (IOException | MalformedEvent e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An API Gateway event of {@code read}, with the claims its JWT authorizer would pass and the
   * query string both raw and as parameters (the paths are ours: nothing to decode).
   */
  static byte[] event(Read read) {
    int q = read.path().indexOf('?');
    String path = q < 0 ? read.path() : read.path().substring(0, q);
    String query = q < 0 ? "" : read.path().substring(q + 1);
    StringBuilder parameters = new StringBuilder();
    for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      if (!parameters.isEmpty()) parameters.append(", ");
      parameters
          .append('"')
          .append(eq < 0 ? pair : pair.substring(0, eq))
          .append("\": \"")
          .append(eq < 0 ? "" : pair.substring(eq + 1))
          .append('"');
    }
    return ("""
        {"version": "2.0", "rawPath": "%s", "rawQueryString": "%s",
         "queryStringParameters": {%s},
         "headers": {"accept": "application/json"},
         "requestContext": {"requestId": "snapstart-priming", "http": {"method": "GET"},
          "authorizer": {"jwt": {"claims": {"sub": "snapstart-priming", "tenant_id": "%s",
           "token_use": "id", "email": "priming@example.invalid", %s}}}}}
        """)
        .formatted(path, query, parameters, TENANT, read.as().claims)
        .getBytes(StandardCharsets.UTF_8);
  }
}
