package dev.portal.bench.runtime;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A child JVM that runs one function's deployable jar the way the Lambda Java runtime does: the jar gets its own
 * class loader under the system one (which holds only aws-lambda-java-core and aws-lambda-java-serialization), the
 * handler class is instantiated through its public no-argument constructor, and the event JSON is turned into the
 * handler's declared input type by the runtime's serialization library (APIGatewayV2HTTPEvent is not one of its
 * "supported events", so, as the runtime does for any other type, its JacksonFactory POJO serializer is used,
 * unless the function ships a CustomPojoSerializer, which the runtime would prefer).
 *
 * <p>Reflection here is not a shortcut: the handler's class is only known at run time, exactly as in Lambda.
 *
 * <p>Modes (lines starting with {@code @bench} on stdout are the protocol with {@link dev.portal.bench.Bench}):
 * <ul>
 *   <li>{@code cold <jar> <handler> <event.json>}: one invocation, then prints wall-clock stamps and exits;
 *   <li>{@code warm <jar> <handler> <probe.jar> <warmup> <iterations> <warm-event> <cost-event>...}: one request per
 *       cost event with the probe recording DynamoDB requests, then warm-up, then timed invocations of the warm event
 *       alternating with bare replays of the DynamoDB requests one warm invocation made.
 * </ul>
 */
public final class LambdaSim {
  /** Shared with the probe classes inside the function's loader through JDK types only. */
  static final String RECORDS = "portal.bench.records";
  static final String RECORDING = "portal.bench.recording";

  private static final PrintStream OUT = System.out;

  private LambdaSim() {}

  public static void main(String[] args) throws Exception {
    long mainAt = System.currentTimeMillis();
    switch (args[0]) {
      case "cold" -> cold(mainAt, Path.of(args[1]), args[2], Path.of(args[3]));
      case "warm" -> warm(args);
      default -> throw new IllegalArgumentException("mode " + args[0]);
    }
    // Micronaut leaves non-daemon threads behind; Lambda freezes the sandbox instead, here the JVM just ends.
    System.exit(0);
  }

  private static void cold(long mainAt, Path jar, String handlerClass, Path event) throws Exception {
    Invoker invoker = Invoker.load(List.of(jar), handlerClass);
    long initAt = System.currentTimeMillis();
    String response = invoker.invoke(Files.readAllBytes(event));
    long responseAt = System.currentTimeMillis();
    OUT.println("@bench cold " + mainAt + " " + initAt + " " + responseAt + " " + status(response));
    OUT.flush();
  }

  private static void warm(String[] args) throws Exception {
    Path jar = Path.of(args[1]);
    String handlerClass = args[2];
    Path probe = Path.of(args[3]);
    int warmup = Integer.parseInt(args[4]);
    int iterations = Integer.parseInt(args[5]);
    Path warmEvent = Path.of(args[6]);
    List<Path> costEvents = Arrays.stream(args, 7, args.length).map(Path::of).toList();

    Queue<Object[]> records = new ConcurrentLinkedQueue<>();
    AtomicBoolean recording = new AtomicBoolean(false);
    System.getProperties().put(RECORDS, records);
    System.getProperties().put(RECORDING, recording);
    Invoker invoker = Invoker.load(List.of(jar, probe), handlerClass);

    for (Path costEvent : costEvents) {
      byte[] event = uniqueIdempotencyKey(Files.readAllBytes(costEvent));
      records.clear();
      recording.set(true);
      String response = invoker.invoke(event);
      recording.set(false);
      StringBuilder calls = new StringBuilder();
      for (Object[] r : records) {
        if (!calls.isEmpty()) calls.append(';');
        calls.append(r[0]).append(':').append(r[1]).append(':').append(r[2]).append(':').append(r[3])
            .append(':').append(r[4]);
      }
      OUT.println("@bench cost " + costEvent.getFileName() + " " + status(response) + " "
          + (calls.isEmpty() ? "-" : calls) + " " + Base64.getEncoder().encodeToString(body(response)));
    }

    byte[] template = Files.readAllBytes(warmEvent);
    for (int i = 0; i < warmup; i++) invoker.invoke(uniqueIdempotencyKey(template));
    records.clear();
    recording.set(true);
    invoker.invoke(uniqueIdempotencyKey(template));
    recording.set(false);
    List<Object> sdkRequests = new ArrayList<>();
    for (Object[] r : records) sdkRequests.add(r[5]);

    @SuppressWarnings("unchecked")
    Function<List<Object>, Integer> replay = (Function<List<Object>, Integer>) invoker.loader
        .loadClass("dev.portal.bench.probe.Replay").getConstructor().newInstance();
    for (int i = 0; i < warmup; i++) replay.apply(sdkRequests);
    // Handler and floor alternate, so that a slow spell of this shared machine hits both alike.
    long[] handler = new long[iterations];
    long[] floor = new long[iterations];
    int failed = 0;
    for (int i = 0; i < iterations; i++) {
      // The runtime deserializes every event; only the handler call is timed, the input differs only in its key.
      Object input = invoker.deserialize(uniqueIdempotencyKey(template));
      long t0 = System.nanoTime();
      invoker.handle(input);
      long t1 = System.nanoTime();
      failed += replay.apply(sdkRequests);
      long t2 = System.nanoTime();
      handler[i] = t1 - t0;
      floor[i] = t2 - t1;
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) peakHeap += pool.getPeakUsage().getUsed();
    }
    OUT.println("@bench warm " + sdkRequests.size() + " " + failed + " " + joined(handler) + " " + joined(floor) + " "
        + peakHeap);
    OUT.flush();
  }

  private static String joined(long[] nanos) {
    StringBuilder b = new StringBuilder(nanos.length * 8);
    for (long n : nanos) {
      if (!b.isEmpty()) b.append(',');
      b.append(n / 1000);
    }
    return b.toString();
  }

  /** Every invocation must do the full work of a first request, not replay the previous answer. */
  public static byte[] uniqueIdempotencyKey(byte[] event) {
    String text = new String(event, StandardCharsets.UTF_8);
    String marker = "\"idempotency-key\"";
    int at = text.indexOf(marker);
    if (at < 0) return event;
    int open = text.indexOf('"', text.indexOf(':', at + marker.length()) + 1);
    int close = text.indexOf('"', open + 1);
    return (text.substring(0, open + 1) + "bench-" + UUID.randomUUID() + text.substring(close))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String status(String response) {
    int at = response.indexOf("\"statusCode\"");
    if (at < 0) return "?";
    int colon = response.indexOf(':', at);
    int end = colon + 1;
    while (end < response.length() && (Character.isDigit(response.charAt(end)) || response.charAt(end) == ' ')) end++;
    return response.substring(colon + 1, end).trim();
  }

  /** The "body" member of the serialized response, unescaped only as far as JSON string escapes go. */
  private static byte[] body(String response) {
    int at = response.indexOf("\"body\"");
    if (at < 0) return new byte[0];
    int open = response.indexOf('"', response.indexOf(':', at) + 1);
    StringBuilder b = new StringBuilder();
    for (int i = open + 1; i < response.length(); i++) {
      char c = response.charAt(i);
      if (c == '"') break;
      if (c == '\\') {
        char n = response.charAt(++i);
        switch (n) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'u' -> {
            b.append((char) Integer.parseInt(response.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> b.append(n);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The handler, its input and output serializers, and a context: what the runtime builds once per sandbox. */
  static final class Invoker {
    final URLClassLoader loader;
    private final RequestHandler<Object, Object> handler;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;

    private Invoker(URLClassLoader loader, RequestHandler<Object, Object> handler, PojoSerializer<Object> input,
        PojoSerializer<Object> output) {
      this.loader = loader;
      this.handler = handler;
      this.input = input;
      this.output = output;
    }

    @SuppressWarnings("unchecked")
    static Invoker load(List<Path> jars, String handlerClass) throws Exception {
      URL[] urls = new URL[jars.size()];
      for (int i = 0; i < urls.length; i++) urls[i] = jars.get(i).toUri().toURL();
      URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getSystemClassLoader());
      Thread.currentThread().setContextClassLoader(loader);
      Class<?> type = Class.forName(handlerClass, true, loader);
      Type[] io = requestHandlerTypes(type);
      Object instance = type.getConstructor().newInstance();
      return new Invoker(loader, (RequestHandler<Object, Object>) instance,
          serializer((Class<Object>) io[0], loader), serializer((Class<Object>) io[1], loader));
    }

    Object deserialize(byte[] event) {
      return input.fromJson(new ByteArrayInputStream(event));
    }

    Object handle(Object event) {
      return handler.handleRequest(event, new SimContext(UUID.randomUUID().toString()));
    }

    String invoke(byte[] event) {
      Object result = handle(deserialize(event));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      output.toJson(result, out);
      return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The runtime's order: a {@link CustomPojoSerializer} the function ships (ServiceLoader over its class loader)
     * wins; else the runtime's serializer for its "supported events"; else its Jackson POJO serializer.
     */
    private static <T> PojoSerializer<T> serializer(Class<T> type, ClassLoader loader) {
      for (CustomPojoSerializer custom : ServiceLoader.load(CustomPojoSerializer.class, loader)) {
        return new PojoSerializer<>() {
          @Override public T fromJson(InputStream in) { return custom.fromJson(in, type); }
          @Override public T fromJson(String in) { return custom.fromJson(in, type); }
          @Override public void toJson(T value, OutputStream out) { custom.toJson(value, out, type); }
        };
      }
      return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
          ? LambdaEventSerializers.serializerFor(type, loader)
          : JacksonFactory.getInstance().getSerializer(type);
    }

    /** RequestHandler's two type arguments, resolved through the generic superclasses (as the runtime does). */
    private static Type[] requestHandlerTypes(Class<?> handler) {
      Map<TypeVariable<?>, Type> bound = new HashMap<>();
      for (Class<?> c = handler; c != null; c = c.getSuperclass()) {
        for (Type i : c.getGenericInterfaces()) {
          if (i instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int k = 0; k < args.length; k++) {
              while (args[k] instanceof TypeVariable<?> v && bound.containsKey(v)) args[k] = bound.get(v);
            }
            return args;
          }
        }
        if (c.getGenericSuperclass() instanceof ParameterizedType p) {
          TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
          Type[] actual = p.getActualTypeArguments();
          for (int k = 0; k < vars.length; k++) {
            Type a = actual[k];
            while (a instanceof TypeVariable<?> v && bound.containsKey(v)) a = bound.get(v);
            bound.put(vars[k], a);
          }
        }
      }
      throw new IllegalArgumentException(handler + " does not implement RequestHandler with concrete types");
    }
  }
}
