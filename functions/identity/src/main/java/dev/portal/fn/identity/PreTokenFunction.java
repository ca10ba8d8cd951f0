package dev.portal.fn.identity;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.portal.shared.identity.TokenClaims;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.DynamoMembershipStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cognito's pre-token-generation trigger, event version 1 (V1_0: claims of the ID token; V2's
 * access-token claims need a paid Cognito tier). Cognito sends the event and expects it back with
 * {@code response.claimsOverrideDetails} filled in; the event is read as plain maps with
 * jackson-core's streaming parser (no reflection, no Micronaut: the trigger runs on every sign-in
 * and refresh, so it starts small), and written back whole.
 *
 * <p>Only {@code request.userAttributes.email} and {@code email_verified} are read ({@link
 * TokenClaims}); every other attribute, {@code custom:} ones included, is ignored whatever it says.
 */
public class PreTokenFunction implements RequestStreamHandler {
  /** Cognito's events are a few KB; anything far larger is not Cognito's. */
  static final int MAX_EVENT_BYTES = 64 * 1024;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
          .build();

  private final TokenClaims claims;

  /** Lambda's entry: one SDK client per container, the table from {@code TABLE_NAME}. */
  public PreTokenFunction() {
    this(
        new TokenClaims(
            new DynamoMembershipStore(
                DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build(),
                requireTable(),
                null)));
  }

  public PreTokenFunction(TokenClaims claims) {
    this.claims = claims;
  }

  private static String requireTable() {
    String table = System.getenv("TABLE_NAME");
    if (table == null || table.isBlank()) throw new IllegalStateException("TABLE_NAME is not set");
    return table;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] bytes = input.readNBytes(MAX_EVENT_BYTES + 1);
    if (bytes.length > MAX_EVENT_BYTES)
      throw new IllegalArgumentException("the event exceeds " + MAX_EVENT_BYTES + " bytes");
    output.write(respond(bytes));
  }

  /**
   * The event back, with the claims to add; a token without them is refused by every route (401).
   */
  byte[] respond(byte[] event) throws IOException {
    Map<String, Object> root = asMap(read(event));
    if (root == null) throw new IllegalArgumentException("the event is not a JSON object");
    Map<String, Object> request = asMap(root.get("request"));
    Map<String, Object> attributes = request == null ? null : asMap(request.get("userAttributes"));
    Map<String, String> userAttributes = new LinkedHashMap<>();
    if (attributes != null) {
      for (String name : List.of("email", "email_verified")) {
        if (attributes.get(name) instanceof String s) userAttributes.put(name, s);
      }
    }
    Map<String, String> add = claims.claims(userAttributes);
    Map<String, Object> override = new LinkedHashMap<>();
    override.put("claimsToAddOrOverride", new LinkedHashMap<String, Object>(add));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("claimsOverrideDetails", override);
    root.put("response", response);
    JsonLog.info(
        "token_claims",
        "trigger",
        String.valueOf(root.get("triggerSource")),
        "granted",
        !add.isEmpty());
    return write(root);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  static Object read(byte[] bytes) throws IOException {
    try (JsonParser p = JSON.createParser(bytes)) {
      JsonToken t = p.nextToken();
      Object value = value(p, t);
      if (p.nextToken() != null)
        throw new IllegalArgumentException("trailing content after the event");
      return value;
    }
  }

  /** Nesting is bounded by the parser's constraint, so the recursion is too. */
  private static Object value(JsonParser p, JsonToken t) throws IOException {
    if (t == null) throw new IllegalArgumentException("empty event");
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          map.put(name, value(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken())
          list.add(value(p, e));
        return list;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getDecimalValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalArgumentException("unexpected JSON token " + t);
    }
  }

  static byte[] write(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, value);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    switch (value) {
      case null -> g.writeNull();
      case Map<?, ?> map -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case List<?> list -> {
        g.writeStartArray();
        for (Object o : list) write(g, o);
        g.writeEndArray();
      }
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case java.math.BigDecimal d -> g.writeNumber(d);
      default -> g.writeString(value.toString());
    }
  }
}
