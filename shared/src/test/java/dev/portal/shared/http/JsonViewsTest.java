package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.email.OutboundMail;
import dev.portal.shared.error.FieldError;
import dev.portal.shared.webhook.SqsWebhookQueue;
import dev.portal.shared.webhook.WebhookPayloads;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every wire shape written by hand ({@link JsonView}) gives the bytes Serde gives for it: the same
 * field names and order, nulls written, the same escaping of whatever a client or a mail put in a
 * string. Instances are built from the records' components with random values (reflection is the
 * test's, to reach every view without a list to forget).
 */
class JsonViewsTest {
  private static ApplicationContext context;
  private static JsonMapper serde;

  /**
   * Every record the API answers with (the view holders' records, the problem's field error), the
   * webhook bodies and the queued mail.
   */
  static final List<Class<?>> VIEWS =
      Stream.<Class<?>>concat(
              Stream.<Class<?>>of(
                      Views.class, EmailViews.class, WebhookViews.class, WebhookPayloads.class)
                  .flatMap(holder -> Stream.<Class<?>>of(holder.getDeclaredClasses())),
              Stream.<Class<?>>of(
                  FieldError.class, OutboundMail.class, SqsWebhookQueue.DeliveryMessage.class))
          .filter(Class::isRecord)
          .toList();

  @BeforeContainer
  static void start() {
    context = ApplicationContext.run();
    serde = context.getBean(JsonMapper.class);
  }

  @AfterContainer
  static void stop() {
    context.close();
  }

  @Example
  void everyViewRecordWritesItself() {
    assertTrue(VIEWS.size() >= 46, "views found: " + VIEWS.size());
    for (Class<?> view : VIEWS)
      assertTrue(JsonView.class.isAssignableFrom(view), view + " is not a JsonView");
  }

  @Property(tries = 200)
  void everyViewWritesTheBytesSerdeWrites(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    for (Class<?> view : VIEWS) {
      Object value = record(view, random, 0);
      assertEquals(serde(value), JsonOut.write(value), view.getSimpleName());
    }
  }

  @Property(tries = 100)
  void mapsOfReportFiguresWriteTheBytesSerdeWrites(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    Map<String, Object> report = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) report.put(string(random), scalar(random));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("n", scalar(random));
    report.put("rows", List.of(row, record(Views.MoneyView.class, random, 0)));
    assertEquals(serde(report), JsonOut.write(report));
  }

  @Property(tries = 200)
  void aWebhookQueueMessageReadsBackAsWritten(@ForAll long seed) {
    Random random = new Random(seed);
    String[] f = new String[4];
    for (int i = 0; i < f.length; i++) f[i] = random.nextInt(5) == 0 ? null : "x" + string(random);
    var message = new SqsWebhookQueue.DeliveryMessage(f[0], f[1], f[2], f[3]);
    assertEquals(message, SqsWebhookQueue.DeliveryMessage.read(JsonOut.write(message)));
  }

  @Example
  void aTypeSerdeKnowsAndTheWriterDoesNotIsLeftToSerde() throws IOException {
    Json json = new Json(serde);
    Map<String, Object> withDate = new LinkedHashMap<>();
    withDate.put("n", 1);
    withDate.put("on", LocalDate.of(2026, 12, 1));
    assertThrows(JsonOut.NotWritable.class, () -> JsonOut.write(withDate));
    assertEquals(serde(withDate), json.write(withDate));
  }

  @Example
  void writingAViewOrReadingABodyNeverBuildsSerde() {
    Json json =
        new Json(
            () -> {
              throw new AssertionError("Serde's mapper was asked for");
            });
    Views.ProblemView problem =
        new Views.ProblemView(
            "about:blank", "Bad", 400, "d\n\"x\"", List.of(new FieldError("f", "m")), "r1");
    assertEquals(
        "{\"type\":\"about:blank\",\"title\":\"Bad\",\"status\":400,\"detail\":\"d\\n\\\"x\\\"\","
            + "\"errors\":[{\"field\":\"f\",\"message\":\"m\"}],\"requestId\":\"r1\"}",
        json.write(problem));
    assertEquals(
        JsonNode.createObjectNode(Map.of("a", JsonNode.createNumberNode(1))),
        json.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    Object notAView = Map.of("on", LocalDate.of(2026, 12, 1));
    assertThrows(AssertionError.class, () -> json.write(notAView));
  }

  @Example
  void theJsonBeanLeavesSerdesMapperUnbuiltForAViewAndABody() {
    try (ApplicationContext c = ApplicationContext.run()) {
      Json json = c.getBean(Json.class);
      json.write(new Views.HealthView("ok"));
      json.parse("{\"a\":[1]}".getBytes(StandardCharsets.UTF_8));
      assertTrue(
          c.getActiveBeanRegistrations(JsonMapper.class).isEmpty(), "JsonMapper was created");
    }
  }

  @Example
  void aLoneSurrogateIsWrittenAsSerdeWritesIt() throws IOException {
    for (String broken : List.of("a\uD800b", "\uDC00", "x\uD83D")) {
      Views.HealthView view = new Views.HealthView(broken);
      assertEquals(serde(view), JsonOut.write(view), broken);
    }
  }

  private static String serde(Object value) throws IOException {
    return new String(serde.writeValueAsBytes(value), StandardCharsets.UTF_8);
  }

  private static Object record(Class<?> type, Random random, int depth) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = value(components[i].getGenericType(), random, depth + 1);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(type + ": " + e, e);
    }
  }

  private static Object value(Type type, Random random, int depth) {
    if (type == int.class) return edge(random) ? Integer.MIN_VALUE : random.nextInt();
    if (type == long.class) return edge(random) ? Long.MAX_VALUE : random.nextLong();
    if (type == boolean.class) return random.nextBoolean();
    boolean absent = random.nextInt(5) == 0;
    if (type == String.class) return absent ? null : string(random);
    if (type == Integer.class) return absent ? null : random.nextInt(600);
    if (type == Boolean.class) return absent ? null : random.nextBoolean();
    if (type == Object.class || type instanceof TypeVariable<?>) {
      if (depth > 2 || random.nextBoolean()) return scalar(random);
      return record(VIEWS.get(random.nextInt(VIEWS.size())), random, depth);
    }
    if (type instanceof ParameterizedType p) {
      Type raw = p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (absent && depth > 1) return null;
      int n = depth > 3 ? 0 : random.nextInt(4);
      if (raw == List.class) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Object item = value(args[0], random, depth + 1);
          if (item != null) list.add(item); // List.copyOf in a record refuses null items
        }
        return list;
      }
      if (raw == Map.class) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) map.put(string(random), value(args[1], random, depth + 1));
        return map;
      }
    }
    if (type instanceof Class<?> c && c.isRecord())
      return absent || depth > 4 ? null : record(c, random, depth);
    if (type instanceof Class<?> c && c.isEnum())
      return c.getEnumConstants()[random.nextInt(c.getEnumConstants().length)];
    throw new AssertionError("no generator for " + type);
  }

  private static Object scalar(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> null;
      case 1 -> string(random);
      case 2 -> random.nextLong();
      case 3 -> random.nextInt();
      case 4 -> random.nextBoolean();
      case 5 -> Math.round(random.nextGaussian() * 1000) / 10.0;
      default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
    };
  }

  private static boolean edge(Random random) {
    return random.nextInt(10) == 0;
  }

  /** Text a client or a mail could carry: controls, quotes, backslashes, any plane, no halves. */
  private static final String[] PIECES = {
    "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f",
    "\u007f", "\u0080", "é", "ß", "中", "\u2028", "\u2029", "\uFEFF", "\uFFFF", "😀", "𝄞", "<", ">",
    "&", "'", "\u00a0"
  };

  private static String string(Random random) {
    int n = random.nextInt(12);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append(PIECES[random.nextInt(PIECES.length)]);
    return b.toString();
  }
}
