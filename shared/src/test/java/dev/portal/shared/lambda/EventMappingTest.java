package dev.portal.shared.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our streaming mappers against the Lambda runtime's own (aws-lambda-java-serialization, the
 * library the Java runtime maps events with, here as the oracle): every sample event in {@code
 * events/} must read into an object equal to the runtime's, and every response must read back equal
 * through it. Then what only hostile input does.
 */
class EventMappingTest {
  static Path eventsDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("events");
      if (Files.isRegularFile(candidate.resolve("create-ticket.json"))) return candidate;
    }
    throw new IllegalStateException("events/ not found above " + Path.of("").toAbsolutePath());
  }

  static byte[] sample(String name) {
    try {
      return Files.readAllBytes(eventsDir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every sample of an API Gateway HTTP API event (payload 2.0): the identity trigger's is not. */
  static Stream<String> httpSamples() throws IOException {
    try (Stream<Path> files = Files.list(eventsDir())) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .filter(
              n -> new String(sample(n), StandardCharsets.UTF_8).contains("\"version\": \"2.0\""))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Stream<String> sqsSamples() throws IOException {
    try (Stream<Path> files = Files.list(eventsDir())) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith("-sqs.json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Stream<String> streamSamples() {
    return Stream.of("outbox-stream.json", "projections-stream.json");
  }

  private static <T> T runtime(Class<T> type, byte[] json) {
    PojoSerializer<T> s =
        LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
            ? LambdaEventSerializers.serializerFor(type, EventMappingTest.class.getClassLoader())
            : JacksonFactory.getInstance().getSerializer(type);
    return s.fromJson(new ByteArrayInputStream(json));
  }

  private static ByteArrayInputStream in(byte[] b) {
    return new ByteArrayInputStream(b);
  }

  private static ByteArrayInputStream in(String s) {
    return in(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void thereAreSamplesOfEveryKind() throws IOException {
    assertTrue(httpSamples().count() >= 30, "HTTP samples in events/");
    assertTrue(sqsSamples().count() >= 4, "SQS samples in events/");
  }

  @ParameterizedTest
  @MethodSource("httpSamples")
  void everyHttpSampleReadsAsTheRuntimeReadsIt(String name) throws Exception {
    byte[] json = sample(name);
    APIGatewayV2HTTPEvent ours = HttpApiEvents.read(in(json));
    assertEquals(runtime(APIGatewayV2HTTPEvent.class, json), ours, name);
    assertEquals("2.0", ours.getVersion());
    assertTrue(ours.getRequestContext().getHttp().getMethod() != null, name);
  }

  @ParameterizedTest
  @MethodSource("sqsSamples")
  void everySqsSampleReadsAsTheRuntimeReadsIt(String name) throws Exception {
    byte[] json = sample(name);
    SQSEvent ours = SqsEvents.read(in(json));
    assertEquals(runtime(SQSEvent.class, json), ours, name);
    assertFalse(ours.getRecords().isEmpty());
    assertTrue(ours.getRecords().getFirst().getEventSourceArn().startsWith("arn:aws:sqs:"));
  }

  @ParameterizedTest
  @MethodSource("streamSamples")
  void everyStreamSampleReadsAsTheRuntimeReadsIt(String name) throws Exception {
    byte[] json = sample(name);
    DynamodbEvent ours = DynamodbStreamEvents.read(in(json));
    assertEquals(runtime(DynamodbEvent.class, json), ours, name);
    assertFalse(ours.getRecords().getFirst().getDynamodb().getNewImage().isEmpty());
  }

  @Test
  void theScheduleSampleReadsAsTheRuntimeReadsIt() throws Exception {
    byte[] json = sample("sla-ticker.json");
    ScheduledEvent ours = ScheduledEvents.read(in(json));
    ScheduledEvent theirs = runtime(ScheduledEvent.class, json);
    assertEquals(theirs.getTime().getMillis(), ours.getTime().getMillis());
    assertEquals(theirs.getDetailType(), ours.getDetailType());
    assertEquals(theirs.getResources(), ours.getResources());
    assertEquals(theirs.getDetail(), ours.getDetail());
    assertEquals(theirs.getId(), ours.getId());
  }

  @Test
  void responsesReadBackThroughTheRuntimeAsWritten() throws Exception {
    APIGatewayV2HTTPResponse http =
        APIGatewayV2HTTPResponse.builder()
            .withStatusCode(201)
            .withHeaders(Map.of("content-type", "application/json", "x-request-id", "r-1"))
            .withCookies(List.of("a=b; Secure"))
            .withBody("{\"id\":\"DEMO-1\",\"subject\":\"Gr\u00fc\u00dfe \u2603\"}")
            .withIsBase64Encoded(false)
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpApiEvents.write(http, out);
    assertEquals(http, runtime(APIGatewayV2HTTPResponse.class, out.toByteArray()));

    SQSBatchResponse sqs =
        SQSBatchResponse.builder()
            .withBatchItemFailures(
                List.of(
                    SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("m-1").build()))
            .build();
    out.reset();
    SqsEvents.write(sqs, out);
    assertEquals(sqs, runtime(SQSBatchResponse.class, out.toByteArray()));

    StreamsEventResponse stream =
        StreamsEventResponse.builder()
            .withBatchItemFailures(
                List.of(
                    StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier("1100000000017454423009")
                        .build()))
            .build();
    out.reset();
    DynamodbStreamEvents.write(stream, out);
    assertEquals(stream, runtime(StreamsEventResponse.class, out.toByteArray()));
  }

  @Test
  void unknownFieldsAreSkippedWhateverTheyHold() throws Exception {
    APIGatewayV2HTTPEvent e =
        HttpApiEvents.read(
            in(
                """
                {"future": {"a": [1, {"b": null}, "c"]}, "rawPath": "/v1/x",
                 "requestContext": {"http": {"method": "GET", "new": [[]]}, "authentication": {"clientCert": {"x": 1}}},
                 "also": [true, false, 1.5e3]}
                """));
    assertEquals("/v1/x", e.getRawPath());
    assertEquals("GET", e.getRequestContext().getHttp().getMethod());
  }

  @Test
  void claimsAndHeadersAreReadAsStringsAndNullsAsAbsent() throws Exception {
    APIGatewayV2HTTPEvent e =
        HttpApiEvents.read(
            in(
                """
                {"headers": {"x-n": 42, "x-b": true, "x-s": "s"}, "body": null, "isBase64Encoded": true,
                 "cookies": ["a=1", "b=2"], "rawQueryString": "a=%20b&c",
                 "requestContext": {"timeEpoch": 1767225903000,
                   "authorizer": {"jwt": {"claims": {"exp": 1767229200, "roles": "[client]"}, "scopes": null}}}}
                """));
    assertEquals(Map.of("x-n", "42", "x-b", "true", "x-s", "s"), e.getHeaders());
    assertNull(e.getBody());
    assertTrue(e.getIsBase64Encoded());
    assertEquals(List.of("a=1", "b=2"), e.getCookies());
    assertEquals("a=%20b&c", e.getRawQueryString());
    assertEquals(1767225903000L, e.getRequestContext().getTimeEpoch());
    assertEquals(
        Map.of("exp", "1767229200", "roles", "[client]"),
        e.getRequestContext().getAuthorizer().getJwt().getClaims());
  }

  @Test
  void malformedEventsAreRefusedNotThrown() {
    List<String> bad =
        List.of(
            "",
            "   ",
            "null",
            "[]",
            "\"event\"",
            "{",
            "{\"rawPath\": }",
            "{\"rawPath\": \"/a\"} {}",
            "{\"rawPath\": \"/a\", \"rawPath\": \"/b\"}",
            "{\"headers\": [\"a\"]}",
            "{\"headers\": {\"a\": {\"b\": 1}}}",
            "{\"cookies\": \"a=b\"}",
            "{\"isBase64Encoded\": \"yes\"}",
            "{\"requestContext\": {\"timeEpoch\": \"soon\"}}",
            "{\"requestContext\": {\"timeEpoch\": 99999999999999999999999}}",
            "{\"requestContext\": \"x\"}",
            "{\"body\": \"\\ud800\"} trailing",
            "\u0000\u0001");
    for (String json : bad) {
      assertThrows(MalformedEvent.class, () -> HttpApiEvents.read(in(json)), json);
    }
  }

  @Test
  void nestingPastEachReadersLimitIsRefusedBeforeAnyRecursion() {
    String deep = "{\"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThrows(MalformedEvent.class, () -> HttpApiEvents.read(in(deep)));
    assertThrows(MalformedEvent.class, () -> SqsEvents.read(in(deep)));
    assertThrows(MalformedEvent.class, () -> ScheduledEvents.read(in(deep)));
    String deepImage =
        "{\"Records\": [{\"dynamodb\": {\"NewImage\": {\"a\": "
            + "{\"M\": {\"a\": ".repeat(50)
            + "{\"S\": \"x\"}"
            + "}}".repeat(50)
            + "}}}]}";
    assertThrows(MalformedEvent.class, () -> DynamodbStreamEvents.read(in(deepImage)));
    String allowedImage =
        "{\"Records\": [{\"dynamodb\": {\"NewImage\": {\"a\": "
            + "{\"M\": {\"a\": ".repeat(31)
            + "{\"S\": \"x\"}"
            + "}}".repeat(31)
            + "}}}]}";
    assertTrue(assertDoesNotThrowRead(allowedImage));
  }

  private static boolean assertDoesNotThrowRead(String json) {
    try {
      return DynamodbStreamEvents.read(in(json)).getRecords().size() == 1;
    } catch (IOException | MalformedEvent e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anEventLargerThanLambdasPayloadQuotaIsRefused() {
    String body = "a".repeat(EventJson.MAX_EVENT_BYTES);
    assertThrows(
        MalformedEvent.class, () -> HttpApiEvents.read(in("{\"body\": \"" + body + "\"}")));
  }

  @Test
  void sqsBinaryAttributesAreBase64AndBadBase64IsRefused() throws Exception {
    SQSEvent e =
        SqsEvents.read(
            in(
                """
                {"Records": [{"messageId": "m", "messageAttributes": {"bin": {"binaryValue": "AAEC", "dataType": "Binary"},
                  "n": {"stringValue": "3", "dataType": "Number"}}}]}
                """));
    var attributes = e.getRecords().getFirst().getMessageAttributes();
    assertEquals(3, attributes.get("bin").getBinaryValue().remaining());
    assertEquals("3", attributes.get("n").getStringValue());
    assertThrows(
        MalformedEvent.class,
        () ->
            SqsEvents.read(
                in("{\"Records\": [{\"messageAttributes\": {\"b\": {\"binaryValue\": \"*\"}}}]}")));
  }
}
