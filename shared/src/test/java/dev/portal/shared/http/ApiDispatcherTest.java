package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.portal.shared.error.PortalException;
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
    Route thing =
        Route.get(
            "/v1/things/{id}",
            Route.STAFF,
            request ->
                ApiResponse.json(
                    200,
                    json.write(
                        Map.of(
                            "id", request.pathParam("id"),
                            "tenant", request.caller().tenantId(),
                            "q", String.valueOf(request.query("q"))))));
    Route missing =
        Route.get(
            "/v1/missing",
            Route.EVERYONE,
            request -> {
              throw new PortalException.NotFound("no such thing");
            });
    Route boom =
        Route.get(
            "/v1/boom",
            Route.EVERYONE,
            request -> {
              throw new IllegalStateException("table secret-table-name unreachable");
            });
    dispatcher = new ApiDispatcher(List.of(echo, thing, missing, boom), json, null);
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

  private static Map<String, String> staff(String tenant) {
    Map<String, String> c = claims(tenant);
    c.remove("client_id");
    c.put("email", "agent@acme.example");
    c.put("roles", "[agent]");
    return c;
  }

  private static APIGatewayV2HTTPResponse send(
      String method,
      String path,
      Map<String, String> claims,
      Map<String, String> headers,
      Map<String, String> query,
      String body,
      boolean base64) {
    var ctx =
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withRequestId("req-1")
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                    .withMethod(method)
                    .withPath(path)
                    .build());
    if (claims != null)
      ctx.withAuthorizer(
          APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
              .withJwt(
                  APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT
                      .builder()
                      .withClaims(claims)
                      .build())
              .build());
    return dispatcher.handle(
        APIGatewayV2HTTPEvent.builder()
            .withRawPath(path)
            .withRequestContext(ctx.build())
            .withHeaders(headers)
            .withQueryStringParameters(query)
            .withBody(body)
            .withIsBase64Encoded(base64)
            .build());
  }

  private static APIGatewayV2HTTPResponse patch(Map<String, String> claims, String body) {
    return patch(claims, "application/json", body, false);
  }

  private static APIGatewayV2HTTPResponse patch(
      Map<String, String> claims, String contentType, String body, boolean base64) {
    return send(
        "PATCH", "/v1/things/1", claims, Map.of("Content-Type", contentType), null, body, base64);
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

  @Test
  void aMatchedRouteGetsItsPathParameterQueryAndCallerAndTheRequestIdComesBack() {
    APIGatewayV2HTTPResponse r =
        send("GET", "/v1/things/42", staff("acme"), Map.of(), Map.of("q", "x"), null, false);
    assertEquals(200, r.getStatusCode(), r.getBody());
    JsonNode body = json.parse(r.getBody().getBytes(StandardCharsets.UTF_8));
    assertEquals("42", body.get("id").getStringValue());
    assertEquals("acme", body.get("tenant").getStringValue());
    assertEquals("x", body.get("q").getStringValue());
    assertEquals("req-1", r.getHeaders().get("x-request-id"));
  }

  @Test
  void anUnknownPathOrMethodIsA404ProblemNamingIt() {
    JsonNode p =
        assertProblem(404, send("GET", "/v1/nothing", staff("acme"), null, null, null, false));
    assertEquals("no route GET /v1/nothing", p.get("detail").getStringValue());
    assertProblem(404, send("DELETE", "/v1/things/42", staff("acme"), null, null, null, false));
  }

  @Test
  void aRoleTheRouteDoesNotListIsA403() {
    JsonNode p =
        assertProblem(403, send("GET", "/v1/things/42", claims("acme"), null, null, null, false));
    assertEquals("this role may not call GET /v1/things/{id}", p.get("detail").getStringValue());
  }

  @Test
  void noTokenAtAllIsA401() {
    assertProblem(401, send("GET", "/v1/things/42", null, null, null, null, false));
  }

  @Test
  void aMissingRequiredFieldIsA400NamingTheField() {
    JsonNode p = assertProblem(400, patch(claims("acme"), "{}"));
    assertEquals("subject", p.get("errors").get(0).get("field").getStringValue());
    assertEquals("is required", p.get("errors").get(0).get("message").getStringValue());
  }

  @Test
  void aBodyThatIsNotJsonByItsTypeIsA415() {
    assertProblem(415, patch(claims("acme"), "text/plain", "{\"subject\":\"a\"}", false));
  }

  @Test
  void aBodyOverTheRoutesCapIsA413BeforeItIsParsed() {
    String big = "{\"subject\":\"" + "a".repeat(MAX) + "\"}";
    assertProblem(413, patch(claims("acme"), big));
  }

  @Test
  void aBase64BodyThatDoesNotDecodeIsA400() {
    assertBodyProblem(patch(claims("acme"), "application/json", "not base64!", true));
  }

  @Test
  void aDomainFailureKeepsItsStatusAndDetail() {
    JsonNode p =
        assertProblem(404, send("GET", "/v1/missing", claims("acme"), null, null, null, false));
    assertEquals("no such thing", p.get("detail").getStringValue());
    assertEquals("req-1", p.get("requestId").getStringValue());
  }

  @Test
  void anUnexpectedFailureIsA500ThatTellsNothingOfItsCause() {
    APIGatewayV2HTTPResponse r = send("GET", "/v1/boom", claims("acme"), null, null, null, false);
    assertProblem(500, r);
    assertFalse(r.getBody().contains("secret-table-name"), r.getBody());
    assertFalse(r.getBody().contains("IllegalStateException"), r.getBody());
  }

  private static final int MAX = ApiDispatcher.MAX_BODY_BYTES;
}
