package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.error.PortalException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies are one JSON value, each key at most once per object, nested at most {@link
 * Json#MAX_DEPTH} deep.
 */
class JsonTest {
  private static ApplicationContext context;
  private static Json json;

  @BeforeAll
  static void start() {
    context = ApplicationContext.run();
    json = new Json(context.getBean(JsonMapper.class));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  private static JsonNode parse(String body) {
    return json.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  private static PortalException.Invalid assertInvalidBody(String body) {
    PortalException.Invalid e = assertThrows(PortalException.Invalid.class, () -> parse(body));
    assertEquals(1, e.errors().size(), e.errors().toString());
    assertEquals("body", e.errors().getFirst().field());
    return e;
  }

  private static String nestedArrays(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String nestedObjects(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }

  @Test
  void anObjectParsesWithEveryKindOfValue() {
    JsonNode n =
        parse(
            "{\"s\":\"x\",\"i\":1,\"d\":1.5,\"t\":true,\"z\":null,\"a\":[1,{\"k\":\"v\"}],\"o\":{\"k\":2}}");
    assertEquals("x", n.get("s").getStringValue());
    assertEquals(1, n.get("i").getNumberValue().intValue());
    assertEquals("v", n.get("a").get(1).get("k").getStringValue());
    assertEquals(2, n.get("o").get("k").getNumberValue().intValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1} ", "{\"a\":1}\n", " \t\r\n{\"a\":1}\r\n\t "})
  void whiteSpaceAroundTheValueIsAllowed(String body) {
    assertEquals(1, parse(body).get("a").getNumberValue().intValue());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1} x",
        "{\"a\":1}x",
        "{\"a\":1} {}",
        "{\"a\":1}{\"a\":2}",
        "{\"a\":1} 1",
        "{\"a\":1} \"s\"",
        "{\"a\":1}]",
        "{\"a\":1}}",
        "{\"a\":1} null",
        "{\"a\":1},",
        "[] []",
        "\"s\" \"t\"",
        "{\"a\":1} /* comment */",
        "{\"a\":1}\u0000",
        "{\"a\":1} {\"a\":"
      })
  void anythingAfterTheValueIsInvalid(String body) {
    assertInvalidBody(body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", " null ", "\tnull\n"})
  void aNullBodyIsABodyMissing(String body) {
    assertEquals(
        "is required: a JSON object", assertInvalidBody(body).errors().getFirst().message());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"abc", "\"a\u0001b\"", "{\"a\":\"b", "[1,", "{\"a\" 1}", "tru"})
  void aValueCutOffOrBrokenIsNotValidJson(String body) {
    assertEquals(
        "is not valid JSON, or gives a key twice in one object",
        assertInvalidBody(body).errors().getFirst().message());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"subject\":\"a\",\"subject\":\"b\"}",
        "{\"a\":1,\"a\":1}",
        "{\"x\":{\"a\":1,\"a\":2}}",
        "[{\"a\":1,\"a\":2}]",
        "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"a\":6}",
        "{\"a\":1,\"\\u0061\":2}",
        "{\"x\":[{\"k\":{\"a\":1,\"b\":2,\"a\":3}}]}"
      })
  void aKeyGivenTwiceInOneObjectIsInvalid(String body) {
    assertInvalidBody(body);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":{\"k\":1},\"b\":{\"k\":2}}",
        "[{\"k\":1},{\"k\":2}]",
        "{\"k\":{\"k\":{\"k\":1}}}"
      })
  void theSameKeyInDifferentObjectsIsAllowed(String body) {
    parse(body);
  }

  @Test
  void nestingUpToTheLimitIsAllowed() {
    parse(nestedArrays(Json.MAX_DEPTH));
    parse(nestedObjects(Json.MAX_DEPTH));
  }

  @Test
  void nestingBeyondTheLimitIsInvalid() {
    assertInvalidBody(nestedArrays(Json.MAX_DEPTH + 1));
    assertInvalidBody(nestedObjects(Json.MAX_DEPTH + 1));
    assertInvalidBody("{\"a\":" + nestedArrays(Json.MAX_DEPTH) + "}");
  }

  @Test
  void aHundredThousandLevelsAreInvalidNotAStackOverflow() {
    assertInvalidBody(nestedArrays(100_000));
    assertInvalidBody("[".repeat(100_000));
  }

  @Test
  void theLimitIsThirtyTwo() {
    assertEquals(32, Json.MAX_DEPTH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t"})
  void anEmptyBodyIsRequiredNotMalformed(String body) {
    PortalException.Invalid e = assertInvalidBody(body);
    assertTrue(e.errors().getFirst().message().startsWith("is required"), e.errors().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "{\"a\":1",
        "{'a':1}",
        "{\"a\":01}",
        "{\"a\":NaN}",
        "[1,]",
        "{\"a\" 1}"
      })
  void malformedJsonIsInvalid(String body) {
    assertInvalidBody(body);
  }
}
