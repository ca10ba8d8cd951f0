package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter seam without a store: hostile bodies and claims come out as problem documents, never
 * as a 500.
 */
class ApiDispatcherTest {
  private static ApplicationContext context;
  private static Json json;
  private static ApiDispatcher dispatcher;

  @BeforeAll
  static void start() {
    context = ApplicationContext.run();
    json = new Json(context.getBean(JsonMapper.class));
    // A PATCH takes no Idempotency-Key, so the dispatcher needs no guard (and no store) here.
    Route echo =
        Route.patch(
            "/v1/things/{id}",
            Route.EVERYONE,
            request -> {
              JsonFields body = JsonFields.of(json.parse(request.body()));
              String subject = body.requiredText("subject", 1, 200);
              body.done();
              return ApiResponse.json(200, json.write(Map.of("subject", subject)));
            });
    dispatcher = new ApiDispatcher(List.of(echo), json, null);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  private static Map<String, String> claims(String tenant) {
    Map<String, String> c = new HashMap<>();
    c.put("sub", "u-1");
    c.put("tenant_id", tenant);
    c.put("email", "alice@globex.example");
    c.put("client_id", "cli_globex");
    c.put("roles", "[client]");
    return c;
  }

  private static APIGatewayV2HTTPResponse patch(Map<String, String> claims, String body) {
    APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
            .withJwt(
                APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                    .builder()
                    .withClaims(claims)
                    .build())
            .build();
    APIGatewayV2HTTPEvent.RequestContext ctx =
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("req-1")
            .withAuthorizer(authorizer)
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                    .withMethod("PATCH")
                    .withPath("/v1/things/1")
                    .build())
            .build();
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRawPath("/v1/things/1")
            .withRequestContext(ctx)
            .withHeaders(Map.of("content-type", "application/json"))
            .withBody(body)
            .withIsBase64Encoded(false)
            .build();
    return dispatcher.handle(event);
  }

  private static JsonNode assertProblem(int status, APIGatewayV2HTTPResponse r) {
    assertEquals(status, r.getStatusCode(), r.getBody());
    assertEquals(ApiResponse.PROBLEM_JSON, r.getHeaders().get("content-type"));
    JsonNode problem = json.parse(r.getBody().getBytes(StandardCharsets.UTF_8));
    assertEquals(status, problem.get("status").getNumberValue().intValue());
    return problem;
  }

  private static void assertBodyProblem(APIGatewayV2HTTPResponse r) {
    JsonNode problem = assertProblem(400, r);
    assertEquals("body", problem.get("errors").get(0).get("field").getStringValue(), r.getBody());
  }

  @Test
  void aStrictBodyIsServed() {
    APIGatewayV2HTTPResponse r = patch(claims("acme"), "{\"subject\":\"a\"}");
    assertEquals(200, r.getStatusCode(), r.getBody());
  }

  @Test
  void trailingGarbageIsA400Problem() {
    assertBodyProblem(patch(claims("acme"), "{\"subject\":\"a\"} x"));
  }

  @Test
  void aDuplicateKeyIsA400Problem() {
    assertBodyProblem(patch(claims("acme"), "{\"subject\":\"a\",\"subject\":\"b\"}"));
  }

  @Test
  void nestingBeyondTheLimitIsA400Problem() {
    assertBodyProblem(
        patch(
            claims("acme"),
            "{\"subject\":" + "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH) + "}"));
  }

  @Test
  void aTenantIdWithAKeySeparatorIsA401Problem() {
    assertProblem(401, patch(claims("acme#CLIENT#cli_globex"), "{\"subject\":\"a\"}"));
  }
}
