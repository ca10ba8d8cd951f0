package dev.portal.it;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.portal.shared.http.ApiFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A request built from one of the repository's {@code events/} payloads (the ones {@code sam local
 * invoke} uses), changed only where a test needs another caller, path or body.
 */
final class Req {
  private final APIGatewayV2HTTPEvent event;

  private Req(APIGatewayV2HTTPEvent event) {
    this.event = event;
  }

  static Path eventsDir() {
    String root = System.getProperty("portal.repo.root");
    Path dir = Path.of(root == null ? ".." : root).resolve("events");
    if (!Files.isDirectory(dir)) dir = Path.of("..", "events");
    return dir.toAbsolutePath();
  }

  static Req from(String eventFile) {
    APIGatewayV2HTTPEvent e =
        EventLoader.loadApiGatewayHttpEvent(eventsDir().resolve(eventFile).toString());
    e.setHeaders(new HashMap<>(e.getHeaders() == null ? Map.of() : e.getHeaders()));
    e.getRequestContext().setRequestId(UUID.randomUUID().toString());
    return new Req(e);
  }

  Req as(Who who) {
    event.getRequestContext().getAuthorizer().getJwt().setClaims(who.claims());
    return this;
  }

  /** No authorizer context at all: what a function would see without a token. */
  Req anonymous() {
    event.getRequestContext().setAuthorizer(null);
    return this;
  }

  Req path(String rawPath) {
    event.setRawPath(rawPath);
    event.getRequestContext().getHttp().setPath(rawPath);
    return this;
  }

  Req query(String... keyValues) {
    Map<String, String> q = new LinkedHashMap<>();
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      q.put(keyValues[i], keyValues[i + 1]);
      if (!raw.isEmpty()) raw.append('&');
      raw.append(keyValues[i]).append('=').append(keyValues[i + 1]);
    }
    event.setQueryStringParameters(q.isEmpty() ? null : q);
    event.setRawQueryString(raw.toString());
    return this;
  }

  Req body(String json) {
    event.setBody(json);
    event.setIsBase64Encoded(false);
    return this;
  }

  /** A binary body, base64-encoded as API Gateway delivers non-text media types. */
  Req binaryBody(byte[] bytes) {
    event.setBody(java.util.Base64.getEncoder().encodeToString(bytes));
    event.setIsBase64Encoded(true);
    return this;
  }

  Req header(String name, String value) {
    if (value == null) event.getHeaders().remove(name);
    else event.getHeaders().put(name, value);
    return this;
  }

  /** The event as built, for a test that invokes a function's entry point itself. */
  APIGatewayV2HTTPEvent event() {
    return event;
  }

  Backend.Res send(ApiFunction function) {
    return Backend.get().invoke(function, event);
  }
}
