package dev.portal.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.portal.shared.store.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a SnapStart snapshot should already have run, so that a restored function does not load and link it on its
 * first request: the SDK's request path (marshalling, signing, HTTP connection) and the adapter's (routing, problem
 * JSON, Micronaut Serde both ways). Reads only, never a write: the snapshot is taken once per published version,
 * and anything it wrote would be written by no request.
 */
public final class SnapStartPriming {
  private static final byte[] SAMPLE_BODY =
      "{\"subject\":\"priming\",\"priority\":\"high\",\"score\":5,\"public\":true,\"emailDomains\":[\"example.com\"]}"
          .getBytes(StandardCharsets.UTF_8);

  private final DynamoDbClient db;
  private final String table;
  private final Json json;

  public SnapStartPriming(DynamoDbClient db, String table, Json json) {
    this.db = db;
    this.table = table;
    this.json = json;
  }

  public void prime(ApiDispatcher dispatcher) {
    db.getItem(r -> r.tableName(table).consistentRead(true)
        .key(Map.of(Keys.PK, AttributeValue.fromS(Keys.primingPk()), Keys.SK, AttributeValue.fromS(Keys.PRIMING_SK))));
    json.parse(SAMPLE_BODY);
    dispatcher.handle(unroutable());
  }

  /** A request no function routes: the dispatcher answers 404 problem+json before any claim or store is touched. */
  private static APIGatewayV2HTTPEvent unroutable() {
    return APIGatewayV2HTTPEvent.builder()
        .withRawPath("/snapstart-priming")
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("snapstart-priming")
            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build()).build())
        .withHeaders(Map.of("accept", "application/json"))
        .build();
  }
}
