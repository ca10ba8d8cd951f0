package dev.portal.bench.runtime;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * A child JVM that runs one function's deployable the way the Lambda Java runtime does: its task
 * directory (the jar's entries unpacked, as {@code /var/task} holds them; a jar works too) gets its
 * own class loader under the system one (which holds only aws-lambda-java-core and
 * aws-lambda-java-serialization), the handler class is instantiated through its public no-argument
 * constructor, and the event JSON is turned into the handler's declared input type by the runtime's
 * serialization library (APIGatewayV2HTTPEvent is not one of its "supported events", so, as the
 * runtime does for any other type, its JacksonFactory POJO serializer is used, unless the function
 * ships a CustomPojoSerializer, which the runtime would prefer).
 *
 * <p>Reflection here is not a shortcut: the handler's class is only known at run time, exactly as
 * in Lambda.
 *
 * <p>Modes (lines starting with {@code @bench} on stdout are the protocol with {@link
 * dev.portal.bench.Bench}):
 *
 * <ul>
 *   <li>{@code cold <task> <handler> <event.json>}: one invocation, then prints wall-clock stamps
 *       and exits;
 *   <li>{@code warm <task> <handler> <probe.jar> <warmup> <iterations> <warm-event>
 *       <cost-event>...}: one request per cost event with the probe recording DynamoDB requests,
 *       then warm-up, then timed invocations of the warm event alternating with bare replays of the
 *       AWS requests one warm invocation made; with {@code --large <n> <event.json>} at the end,
 *       then n invocations of that event with their heap measured ({@link #large}).
 * </ul>
 *
 * Every invocation's event goes through {@link #fresh}: a new idempotency key and a new
 * {@code @SEQ@} number.
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
    // Micronaut leaves non-daemon threads behind; Lambda freezes the sandbox instead, here the JVM
    // just ends.
    System.exit(0);
  }

  private static void cold(long mainAt, Path jar, String handlerClass, Path event)
      throws Exception {
    Invoker invoker = Invoker.load(List.of(jar), handlerClass);
    long initAt = System.currentTimeMillis();
    String response = invoker.invoke(Files.readAllBytes(event));
    long responseAt = System.currentTimeMillis();
    OUT.println("@bench cold " + mainAt + " " + initAt + " " + responseAt + " " + status(response));
    OUT.flush();
    OUT.println("@bench classes " + classesLoaded());
    OUT.flush();
  }

  /**
   * Classes this JVM loaded up to the first response, read after the timed line so that the count
   * costs the cold time nothing. It includes the few classes the MXBean itself needs, as the
   * floor's count does.
   */
  static long classesLoaded() {
    return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
  }

  private static void warm(String[] args) throws Exception {
    Path jar = Path.of(args[1]);
    String handlerClass = args[2];
    Path probe = Path.of(args[3]);
    int warmup = Integer.parseInt(args[4]);
    int iterations = Integer.parseInt(args[5]);
    Path warmEvent = Path.of(args[6]);
    int largeAt = Arrays.asList(args).indexOf("--large");
    List<Path> costEvents =
        Arrays.stream(args, 7, largeAt < 0 ? args.length : largeAt).map(Path::of).toList();

    Queue<Object[]> records = new ConcurrentLinkedQueue<>();
    AtomicBoolean recording = new AtomicBoolean(false);
    System.getProperties().put(RECORDS, records);
    System.getProperties().put(RECORDING, recording);
    Invoker invoker = Invoker.load(List.of(jar, probe), handlerClass);
    // A restored SnapStart container has run its checkpoint hook (priming) before its first
    // request.
    if (!"0".equals(System.getenv("BENCH_SNAPSHOT_HOOK")))
      OUT.println("@bench snapshot " + invoker.snapshot());

    for (Path costEvent : costEvents) {
      byte[] event = fresh(Files.readAllBytes(costEvent));
      records.clear();
      recording.set(true);
      String response = invoker.invoke(event);
      recording.set(false);
      StringBuilder calls = new StringBuilder();
      for (Object[] r : records) {
        if (!calls.isEmpty()) calls.append(';');
        // Every field the probe recorded but the last (the request itself), ':'-separated
        // (RecordingInterceptor.record).
        for (int k = 0; k < r.length - 1; k++) calls.append(k == 0 ? "" : ":").append(r[k]);
      }
      OUT.println(
          "@bench cost "
              + costEvent.getFileName()
              + " "
              + status(response)
              + " "
              + (calls.isEmpty() ? "-" : calls)
              + " "
              + Base64.getEncoder().encodeToString(body(response)));
    }

    byte[] template = Files.readAllBytes(warmEvent);
    for (int i = 0; i < warmup; i++) invoker.invoke(fresh(template));
    records.clear();
    recording.set(true);
    invoker.invoke(fresh(template));
    recording.set(false);
    List<Object> sdkRequests = new ArrayList<>();
    for (Object[] r : records) sdkRequests.add(r[r.length - 1]);

    @SuppressWarnings("unchecked")
    Function<List<Object>, Integer> replay =
        (Function<List<Object>, Integer>)
            invoker
                .loader
                .loadClass("dev.portal.bench.probe.Replay")
                .getConstructor()
                .newInstance();
    for (int i = 0; i < warmup; i++) replay.apply(sdkRequests);
    // Handler and floor alternate, so that a slow spell of this shared machine hits both alike.
    long[] handler = new long[iterations];
    long[] floor = new long[iterations];
    // The thread's CPU time beside the wall clock: on a shared machine a runnable thread waits for
    // a core, which the wall clock counts and the CPU time does not, so the handler's CPU beyond
    // its replay's is our own code's cost, steady where the wall-clock ratio is not.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] handlerCpu = new long[iterations];
    long[] floorCpu = new long[iterations];
    int failed = 0;
    for (int i = 0; i < iterations; i++) {
      // The runtime deserializes every event; only the handler call is timed, the input differs
      // only in its key.
      Object input = invoker.deserialize(fresh(template));
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      invoker.handle(input);
      long t1 = System.nanoTime();
      long c1 = threads.getCurrentThreadCpuTime();
      failed += replay.apply(sdkRequests);
      long t2 = System.nanoTime();
      long c2 = threads.getCurrentThreadCpuTime();
      handler[i] = t1 - t0;
      floor[i] = t2 - t1;
      handlerCpu[i] = c1 - c0;
      floorCpu[i] = c2 - c1;
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null)
        peakHeap += pool.getPeakUsage().getUsed();
    }
    OUT.println(
        "@bench warm "
            + sdkRequests.size()
            + " "
            + failed
            + " "
            + joined(handler)
            + " "
            + joined(floor)
            + " "
            + peakHeap
            + " "
            + joined(handlerCpu)
            + " "
            + joined(floorCpu));
    OUT.flush();
    if (largeAt >= 0)
      large(
          invoker,
          Integer.parseInt(args[largeAt + 1]),
          Files.readAllBytes(Path.of(args[largeAt + 2])));
  }

  /**
   * The heap a large event costs: before each invocation a full GC, the heap in use then (the
   * baseline) and the heap pools' peaks reset; during it a sampler (every millisecond) of the heap
   * in use and every GC's heap after collection. Prints per invocation: handler ms, baseline, sum
   * of the pools' peaks, sampled peak, largest heap after a GC during the call (0 if none ran), and
   * the batch item failures the handler reported. {@code @LARGE@} in the event becomes the
   * invocation's index (a new mail each time).
   */
  private static void large(Invoker invoker, int count, byte[] template) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    AtomicLong afterGc = new AtomicLong();
    NotificationListener gcListener =
        (notification, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) return;
          GcInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                  .getGcInfo();
          long used = 0;
          for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage u = info.getMemoryUsageAfterGc().get(pool.getName());
            if (u != null) used += u.getUsed();
          }
          afterGc.accumulateAndGet(used, Math::max);
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(gcListener, null, null);
    }
    for (int i = 0; i < count; i++) {
      Object input =
          invoker.deserialize(
              new String(template, StandardCharsets.UTF_8)
                  .replace("@LARGE@", Integer.toString(i))
                  .getBytes(StandardCharsets.UTF_8));
      System.gc();
      System.gc();
      Thread.sleep(200); // GC notifications of the collections above arrive asynchronously
      long baseline = memory.getHeapMemoryUsage().getUsed();
      heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
      afterGc.set(0);
      AtomicLong sampled = new AtomicLong(baseline);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread sampler =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (running.get()) {
                      sampled.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                      LockSupport.parkNanos(1_000_000);
                    }
                  });
      long t0 = System.nanoTime();
      Object result = invoker.handle(input);
      long t1 = System.nanoTime();
      running.set(false);
      sampler.join();
      long poolPeaks = 0;
      for (MemoryPoolMXBean pool : heapPools) poolPeaks += pool.getPeakUsage().getUsed();
      String response = invoker.serialize(result);
      int failures = response.split("itemIdentifier", -1).length - 1;
      OUT.println(
          "@bench large "
              + (t1 - t0) / 1000
              + " "
              + baseline
              + " "
              + poolPeaks
              + " "
              + sampled.get()
              + " "
              + afterGc.get()
              + " "
              + failures
              + " "
              + Runtime.getRuntime().maxMemory());
      OUT.flush();
    }
  }

  private static final AtomicLong SEQ = new AtomicLong();

  /**
   * Every invocation a new request: a fresh idempotency key, and {@code @SEQ@} (a mail's S3 key and
   * Message-ID, an outbound mail's dedupe key) replaced by the next number of this JVM, so no
   * invocation is a replay or a duplicate.
   */
  public static byte[] fresh(byte[] event) {
    byte[] keyed = uniqueIdempotencyKey(event);
    String text = new String(keyed, StandardCharsets.UTF_8);
    if (!text.contains("@SEQ@")) return keyed;
    return text.replace("@SEQ@", Long.toString(SEQ.getAndIncrement()))
        .getBytes(StandardCharsets.UTF_8);
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

  /**
   * The HTTP status; for an SQS or stream batch response 200 when it reports no batch item failure,
   * else 207 (some failed); for any other response 200: a schedule's or a trigger's result, counted
   * as handled (a handler that throws fails the child before this), and what API Gateway's HTTP API
   * answers for a payload 2.0 response without a statusCode.
   */
  private static String status(String response) {
    if (response.contains("atchItemFailures"))
      return response.contains("itemIdentifier") ? "207" : "200";
    int at = response.indexOf("\"statusCode\"");
    if (at < 0) return "200";
    int colon = response.indexOf(':', at);
    int end = colon + 1;
    while (end < response.length()
        && (Character.isDigit(response.charAt(end)) || response.charAt(end) == ' ')) end++;
    return response.substring(colon + 1, end).trim();
  }

  /**
   * The "body" member of the serialized response, unescaped only as far as JSON string escapes go.
   */
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

  /**
   * The handler, its input and output serializers, and a context: what the runtime builds once per
   * sandbox.
   */
  static final class Invoker {
    final URLClassLoader loader;
    private final Object instance;
    private final RequestHandler<Object, Object> handler;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;

    private Invoker(
        URLClassLoader loader,
        Object instance,
        RequestHandler<Object, Object> handler,
        PojoSerializer<Object> input,
        PojoSerializer<Object> output) {
      this.loader = loader;
      this.instance = instance;
      this.handler = handler;
      this.input = input;
      this.output = output;
    }

    /**
     * What Lambda's CRaC context does before a SnapStart snapshot (every function in template.yaml
     * has SnapStart): the handler's {@code beforeCheckpoint}, if it is a CRaC resource. Found by
     * name because {@code org.crac} is the function's class, in the function's class loader.
     *
     * @return milliseconds it took, or -1 when the handler has no hook
     */
    long snapshot() throws Exception {
      for (java.lang.reflect.Method m : instance.getClass().getMethods()) {
        if (m.getName().equals("beforeCheckpoint") && m.getParameterCount() == 1) {
          long start = System.nanoTime();
          m.invoke(instance, (Object) null);
          return (System.nanoTime() - start) / 1_000_000;
        }
      }
      return -1;
    }

    @SuppressWarnings("unchecked")
    static Invoker load(List<Path> jars, String handlerClass) throws Exception {
      URL[] urls = new URL[jars.size()];
      for (int i = 0; i < urls.length; i++) urls[i] = jars.get(i).toUri().toURL();
      URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getSystemClassLoader());
      Thread.currentThread().setContextClassLoader(loader);
      Class<?> type = Class.forName(handlerClass, true, loader);
      if (com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(type)) {
        // A stream handler (the Cognito trigger) takes and returns the event's bytes; the runtime
        // does no mapping.
        Object instance = type.getConstructor().newInstance();
        var stream = (com.amazonaws.services.lambda.runtime.RequestStreamHandler) instance;
        RequestHandler<Object, Object> bytes =
            (in, context) -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              try {
                stream.handleRequest(new ByteArrayInputStream((byte[]) in), out, context);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return out.toByteArray();
            };
        PojoSerializer<Object> raw =
            new PojoSerializer<>() {
              @Override
              public Object fromJson(InputStream in) {
                try {
                  return in.readAllBytes();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }

              @Override
              public Object fromJson(String in) {
                return in.getBytes(StandardCharsets.UTF_8);
              }

              @Override
              public void toJson(Object value, java.io.OutputStream out) {
                try {
                  out.write((byte[]) value);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            };
        return new Invoker(loader, instance, bytes, raw, raw);
      }
      Type[] io = requestHandlerTypes(type);
      Object instance = type.getConstructor().newInstance();
      return new Invoker(
          loader,
          instance,
          (RequestHandler<Object, Object>) instance,
          serializer((Class<Object>) io[0], loader),
          serializer((Class<Object>) io[1], loader));
    }

    Object deserialize(byte[] event) {
      return input.fromJson(new ByteArrayInputStream(event));
    }

    Object handle(Object event) {
      return handler.handleRequest(event, new SimContext(UUID.randomUUID().toString()));
    }

    String invoke(byte[] event) {
      return serialize(handle(deserialize(event)));
    }

    String serialize(Object result) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      output.toJson(result, out);
      return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The runtime's order: a {@link CustomPojoSerializer} the function ships (ServiceLoader over
     * its class loader) wins; else the runtime's serializer for its "supported events"; else its
     * Jackson POJO serializer.
     */
    private static <T> PojoSerializer<T> serializer(Class<T> type, ClassLoader loader) {
      for (CustomPojoSerializer custom : ServiceLoader.load(CustomPojoSerializer.class, loader)) {
        return new PojoSerializer<>() {
          @Override
          public T fromJson(InputStream in) {
            return custom.fromJson(in, type);
          }

          @Override
          public T fromJson(String in) {
            return custom.fromJson(in, type);
          }

          @Override
          public void toJson(T value, OutputStream out) {
            custom.toJson(value, out, type);
          }
        };
      }
      return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
          ? LambdaEventSerializers.serializerFor(type, loader)
          : JacksonFactory.getInstance().getSerializer(type);
    }

    /**
     * RequestHandler's two type arguments, resolved through the generic superclasses (as the
     * runtime does).
     */
    private static Type[] requestHandlerTypes(Class<?> handler) {
      Map<TypeVariable<?>, Type> bound = new HashMap<>();
      for (Class<?> c = handler; c != null; c = c.getSuperclass()) {
        for (Type i : c.getGenericInterfaces()) {
          if (i instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int k = 0; k < args.length; k++) {
              while (args[k] instanceof TypeVariable<?> v && bound.containsKey(v))
                args[k] = bound.get(v);
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
      throw new IllegalArgumentException(
          handler + " does not implement RequestHandler with concrete types");
    }
  }
}
