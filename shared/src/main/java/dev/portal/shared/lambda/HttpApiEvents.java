package dev.portal.shared.lambda;

import static dev.portal.shared.lambda.EventJson.bool;
import static dev.portal.shared.lambda.EventJson.map;
import static dev.portal.shared.lambda.EventJson.number;
import static dev.portal.shared.lambda.EventJson.object;
import static dev.portal.shared.lambda.EventJson.skip;
import static dev.portal.shared.lambda.EventJson.string;
import static dev.portal.shared.lambda.EventJson.stringList;
import static dev.portal.shared.lambda.EventJson.stringListField;
import static dev.portal.shared.lambda.EventJson.stringMap;
import static dev.portal.shared.lambda.EventJson.stringMapField;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * API Gateway HTTP API events, payload format 2.0, read and their responses written (see {@link
 * EventJson} for the rules). Every field of the format is kept as API Gateway sends it: headers
 * already lower-cased and comma-joined by API Gateway, cookies apart from them, {@code rawPath} and
 * {@code rawQueryString} undecoded, {@code isBase64Encoded}, the JWT authorizer's claims as strings
 * and its scopes, an IAM or Lambda authorizer's context. The body is taken as it comes; its size is
 * the dispatcher's to check, route by route.
 */
public final class HttpApiEvents {
  /**
   * The deepest a 2.0 event goes is {@code requestContext.authorizer.jwt.claims} (5 levels); a
   * Lambda authorizer's context may nest a few more.
   */
  static final int MAX_DEPTH = 16;

  private static final JsonFactory JSON = EventJson.factory(MAX_DEPTH);

  private HttpApiEvents() {}

  public static APIGatewayV2HTTPEvent read(InputStream in) throws IOException, MalformedEvent {
    return EventJson.read(
        JSON, in, p -> object(p, new APIGatewayV2HTTPEvent(), HttpApiEvents::event));
  }

  public static void write(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
    EventJson.write(response, out, HttpApiEvents::response);
  }

  private static void event(JsonParser p, String name, APIGatewayV2HTTPEvent e)
      throws IOException, MalformedEvent {
    switch (name) {
      case "version" -> e.setVersion(string(p));
      case "routeKey" -> e.setRouteKey(string(p));
      case "rawPath" -> e.setRawPath(string(p));
      case "rawQueryString" -> e.setRawQueryString(string(p));
      case "cookies" -> e.setCookies(stringList(p));
      case "headers" -> e.setHeaders(stringMap(p));
      case "queryStringParameters" -> e.setQueryStringParameters(stringMap(p));
      case "pathParameters" -> e.setPathParameters(stringMap(p));
      case "stageVariables" -> e.setStageVariables(stringMap(p));
      case "body" -> e.setBody(string(p));
      case "isBase64Encoded" -> e.setIsBase64Encoded(bool(p));
      case "requestContext" ->
          e.setRequestContext(object(p, new RequestContext(), HttpApiEvents::context));
      default -> skip(p);
    }
  }

  private static void context(JsonParser p, String name, RequestContext c)
      throws IOException, MalformedEvent {
    switch (name) {
      case "routeKey" -> c.setRouteKey(string(p));
      case "accountId" -> c.setAccountId(string(p));
      case "stage" -> c.setStage(string(p));
      case "apiId" -> c.setApiId(string(p));
      case "domainName" -> c.setDomainName(string(p));
      case "domainPrefix" -> c.setDomainPrefix(string(p));
      case "time" -> c.setTime(string(p));
      case "timeEpoch" -> c.setTimeEpoch(number(p));
      case "requestId" -> c.setRequestId(string(p));
      case "http" -> c.setHttp(object(p, new RequestContext.Http(), HttpApiEvents::http));
      case "authorizer" ->
          c.setAuthorizer(object(p, new RequestContext.Authorizer(), HttpApiEvents::authorizer));
      default -> skip(p);
    }
  }

  private static void http(JsonParser p, String name, RequestContext.Http h)
      throws IOException, MalformedEvent {
    switch (name) {
      case "method" -> h.setMethod(string(p));
      case "path" -> h.setPath(string(p));
      case "protocol" -> h.setProtocol(string(p));
      case "sourceIp" -> h.setSourceIp(string(p));
      case "userAgent" -> h.setUserAgent(string(p));
      default -> skip(p);
    }
  }

  private static void authorizer(JsonParser p, String name, RequestContext.Authorizer a)
      throws IOException, MalformedEvent {
    switch (name) {
      case "jwt" -> a.setJwt(object(p, new RequestContext.Authorizer.JWT(), HttpApiEvents::jwt));
      case "lambda" -> a.setLambda(map(p, EventJson::any));
      case "iam" -> a.setIam(object(p, new RequestContext.IAM(), HttpApiEvents::iam));
      default -> skip(p);
    }
  }

  private static void jwt(JsonParser p, String name, RequestContext.Authorizer.JWT j)
      throws IOException, MalformedEvent {
    switch (name) {
      case "claims" -> j.setClaims(stringMap(p));
      case "scopes" -> j.setScopes(stringList(p));
      default -> skip(p);
    }
  }

  private static void iam(JsonParser p, String name, RequestContext.IAM i)
      throws IOException, MalformedEvent {
    switch (name) {
      case "accessKey" -> i.setAccessKey(string(p));
      case "accountId" -> i.setAccountId(string(p));
      case "callerId" -> i.setCallerId(string(p));
      case "principalOrgId" -> i.setPrincipalOrgId(string(p));
      case "userArn" -> i.setUserArn(string(p));
      case "userId" -> i.setUserId(string(p));
      case "cognitoIdentity" ->
          i.setCognitoIdentity(
              object(p, new RequestContext.CognitoIdentity(), HttpApiEvents::cognitoIdentity));
      default -> skip(p);
    }
  }

  private static void cognitoIdentity(JsonParser p, String name, RequestContext.CognitoIdentity c)
      throws IOException, MalformedEvent {
    switch (name) {
      case "amr" -> c.setAmr(stringList(p));
      case "identityId" -> c.setIdentityId(string(p));
      case "identityPoolId" -> c.setIdentityPoolId(string(p));
      default -> skip(p);
    }
  }

  private static void response(APIGatewayV2HTTPResponse r, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("statusCode", r.getStatusCode());
    stringMapField(g, "headers", r.getHeaders());
    Map<String, List<String>> multi = r.getMultiValueHeaders();
    if (multi != null) {
      g.writeObjectFieldStart("multiValueHeaders");
      for (Map.Entry<String, List<String>> e : multi.entrySet()) {
        if (e.getValue() == null) g.writeNullField(e.getKey());
        else stringListField(g, e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    stringListField(g, "cookies", r.getCookies());
    EventJson.stringField(g, "body", r.getBody());
    g.writeBooleanField("isBase64Encoded", r.getIsBase64Encoded());
    g.writeEndObject();
  }
}
