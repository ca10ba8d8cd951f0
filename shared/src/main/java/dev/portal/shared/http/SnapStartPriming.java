package dev.portal.shared.http;

import dev.portal.shared.lambda.HttpApiEvents;
import dev.portal.shared.lambda.MalformedEvent;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.Keys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

  private final DynamoDbClient db;
  private final String table;
  private final Json json;

  public SnapStartPriming(DynamoDbClient db, String table, Json json) {
    this.db = db;
    this.table = table;
    this.json = json;
  }

  /**
   * @return how many of the steps failed (each logged); 0 when all ran
   */
  public int prime(Supplier<ApiDispatcher> dispatcher) {
    int failed = 0;
    failed +=
        step(
            "table read",
            () ->
                db.getItem(
                    r ->
                        r.tableName(table)
                            .consistentRead(true)
                            .key(
                                Map.of(
                                    Keys.PK,
                                    AttributeValue.fromS(Keys.primingPk()),
                                    Keys.SK,
                                    AttributeValue.fromS(Keys.PRIMING_SK)))));
    failed += step("JSON", () -> json.parse(SAMPLE_BODY));
    failed += step("request path", () -> unroutable(dispatcher.get()));
    return failed;
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
    try {
      HttpApiEvents.write(
          dispatcher.handle(HttpApiEvents.read(new ByteArrayInputStream(UNROUTABLE))),
          OutputStream.nullOutputStream());
    } catch (IOException | MalformedEvent e) {
      throw new IllegalStateException(e);
    }
  }
}
