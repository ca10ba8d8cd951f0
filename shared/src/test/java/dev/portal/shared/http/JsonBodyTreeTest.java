package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A request body read by {@link Json#parse} is the tree Serde's decoder built from it: the same
 * node kinds, the same number types (an int, a long, a BigInteger or a double, by the literal), the
 * same strings after unescaping, keys in the body's order (node equality ignores the order, so the
 * trees are also written out and compared as text).
 */
class JsonBodyTreeTest {
  private static ApplicationContext context;
  private static JsonMapper serde;

  @BeforeContainer
  static void start() {
    context = ApplicationContext.run();
    serde = context.getBean(JsonMapper.class);
  }

  @AfterContainer
  static void stop() {
    context.close();
  }

  @Property(tries = 500)
  void aBodyReadsAsTheTreeSerdeBuilds(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    String body = random.nextInt(10) == 0 ? value(random, 0) : object(random, 0);
    if (body.equals("null")) return; // no body: JsonTest
    assertTree(body);
  }

  @Example
  void numbersKeepTheTypesSerdeGaveThem() throws IOException {
    assertTree(
        "{\"i\":7,\"neg\":-2147483648,\"l\":2147483648,\"big\":123456789012345678901234567890,"
            + "\"d\":1.5,\"e\":1e3,\"E\":-2.5E-7,\"z\":-0,\"zf\":-0.0,\"long\":9223372036854775807}");
  }

  @Example
  void escapesReadAsSerdeReadThem() throws IOException {
    assertTree("{\"s\":\"a\\u0000\\n\\t\\\"\\\\\\/\\ud83d\\ude00\\u00e9 \u4e2d\",\"k\\u0041\":[]}");
  }

  private static void assertTree(String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    JsonNode bySerde = serde.readValue(bytes, Argument.of(JsonNode.class));
    JsonNode ours = new Json(serde).parse(bytes);
    assertEquals(bySerde, ours, body);
    assertEquals(
        new String(serde.writeValueAsBytes(bySerde), StandardCharsets.UTF_8),
        new String(serde.writeValueAsBytes(ours), StandardCharsets.UTF_8),
        body);
  }

  private static String object(Random random, int depth) {
    StringBuilder b = new StringBuilder("{");
    int n = depth > 4 ? 0 : random.nextInt(5);
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) keys.add(i);
    Collections.shuffle(keys, random); // an order no sorted map would keep
    for (int i = 0; i < n; i++) {
      if (i > 0) b.append(',');
      b.append('"')
          .append("k")
          .append(keys.get(i))
          .append(random.nextInt(3) == 0 ? "\\u00e9" : "")
          .append('"');
      b.append(random.nextBoolean() ? " : " : ":");
      b.append(value(random, depth + 1));
    }
    return b.append('}').toString();
  }

  private static final String[] LITERALS = {
    "0",
    "-1",
    "42",
    "2147483647",
    "2147483648",
    "-9223372036854775808",
    "9223372036854775808",
    "1.0",
    "0.1",
    "-3.25e2",
    "1E-9",
    "6.02214076e23",
    "true",
    "false",
    "null",
    "\"\"",
    "\"plain\"",
    "\"\\u0001\\b\\f\\r\\n\"",
    "\"\\ud834\\udd1e\"",
    "\"\\u2028 ✓\"",
    "\"\\\"\\\\\""
  };

  private static String value(Random random, int depth) {
    int kind = random.nextInt(depth > 4 ? 1 : 4);
    if (kind == 1) return object(random, depth);
    if (kind == 2) {
      StringBuilder b = new StringBuilder("[");
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        if (i > 0) b.append(',');
        b.append(value(random, depth + 1));
      }
      return b.append(']').toString();
    }
    return LITERALS[random.nextInt(LITERALS.length)];
  }
}
