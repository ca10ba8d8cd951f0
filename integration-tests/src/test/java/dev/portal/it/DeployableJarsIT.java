package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Every deployable jar, alone, as Lambda loads it: a fresh JVM whose system class path holds only
 * the Lambda runtime's libraries, the shaded jar's entries unpacked into a directory (as sam build
 * and Lambda's {@code /var/task} hold them) in its own class loader, the handler built through its
 * no-argument constructor, one sample event from {@code events/}, with the environment
 * template.yaml gives the function and nothing more ({@link #templateEnvironment}); twice: as an
 * on-demand function (singletons built when first needed) and as SnapStart's init phase ({@code
 * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}: Micronaut creates every singleton at start-up, so a
 * bean that needs a module the jar lacks fails here even if the sample event never reaches it; see
 * {@code LambdaContexts}). The other integration tests share one class path that holds every SDK
 * module and library, so they cannot see a bean that needs a module its jar lacks; this can. The
 * child is the bench's runtime simulator ({@code bench/}, {@code LambdaSim cold}).
 */
class DeployableJarsIT {
  private static final Path ROOT =
      Path.of(System.getProperty("portal.repo.root", "..")).toAbsolutePath().normalize();
  private static final Pattern FUNCTION =
      Pattern.compile("CodeUri: functions/([a-z-]+)\\s*\\n\\s*Handler: ([\\w.]+)::handleRequest");

  /**
   * Events beside a module's first, for routes that reach a bean the handler injects as optional
   * ({@code @Nullable}): a jar whose shade filter (the module's pom.xml) drops that bean's
   * definition still starts, with null in its place, and only the route shows it (a 500).
   */
  private static final Map<String, List<String>> OPTIONAL_BEAN_EVENTS =
      Map.of("ticket-actions", List.of("ticket-actions-upload.json"));

  record Deployable(String module, String handler, Path event, String initializationType) {
    @Override
    public String toString() {
      return module + " (" + initializationType + ", " + event.getFileName() + ")";
    }
  }

  static Stream<Deployable> deployables() throws IOException {
    String template = Files.readString(ROOT.resolve("template.yaml"));
    List<Deployable> out = new ArrayList<>();
    Matcher m = FUNCTION.matcher(template);
    while (m.find()) {
      for (String type : List.of("on-demand", "snap-start")) {
        out.add(new Deployable(m.group(1), m.group(2), firstEvent(m.group(1)), type));
      }
      for (String event : OPTIONAL_BEAN_EVENTS.getOrDefault(m.group(1), List.of())) {
        out.add(
            new Deployable(
                m.group(1), m.group(2), ROOT.resolve("events").resolve(event), "on-demand"));
      }
    }
    return out.stream();
  }

  /**
   * The module's first sample event by name: {@code events/<module>.json} or {@code
   * events/<module>-*.json}.
   */
  private static Path firstEvent(String module) throws IOException {
    try (Stream<Path> events = Files.list(ROOT.resolve("events"))) {
      return events
          .filter(p -> p.getFileName().toString().matches(Pattern.quote(module) + "(-.+)?\\.json"))
          .sorted()
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("events/ has no sample event of " + module));
    }
  }

  @Test
  void everyFunctionModuleIsDeployedByTheTemplate() throws IOException {
    List<String> deployed = deployables().map(Deployable::module).distinct().sorted().toList();
    try (Stream<Path> modules = Files.list(ROOT.resolve("functions"))) {
      List<String> marked =
          modules
              .filter(d -> Files.exists(d.resolve(".lambda-function")))
              .map(d -> d.getFileName().toString())
              .sorted()
              .toList();
      assertFalse(marked.isEmpty());
      assertEquals(
          marked, deployed, "function modules (.lambda-function) vs template.yaml's functions");
    }
  }

  @Test
  void eachFunctionGetsTheEnvironmentOfItsTemplateEntryWithTheTestsValues() throws IOException {
    Map<String, String> values = new HashMap<>();
    for (String name :
        List.of(
            "PortalTable",
            "FilesBucket",
            "MailBucket",
            "OutboundMailQueue",
            "WebhookQueue",
            "MailConfigurationSet",
            "CursorSecretParameter",
            "MailDomain",
            "LogLevel",
            "AWS::StackName")) values.put(name, "<" + name + ">");
    Map<String, String> status = templateEnvironment("ticket-status", values);
    assertEquals("<PortalTable>", status.get("TABLE_NAME"));
    assertEquals("HelpdeskPortal/<AWS::StackName>", status.get("METRICS_NAMESPACE"));
    assertEquals("<CursorSecretParameter>", status.get("CURSOR_SECRET_PARAMETER"));
    Map<String, String> create = templateEnvironment("create-ticket", values);
    assertFalse(create.containsKey("CURSOR_SECRET_PARAMETER"), create::toString);
    assertFalse(
        templateEnvironment("tenant-admin", values).containsKey("USER_POOL_ID"),
        "no pool of the stack's");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployables")
  void startsAloneInItsJarAndAnswersItsSampleEvent(Deployable fn) throws Exception {
    Backend api = Backend.get();
    MailEnv mail = MailEnv.of(api);
    Path task = taskDirectory(fn.module());

    // java25's defaults: C1 only for an on-demand start, full tiered in SnapStart's init phase
    // (template.yaml sets no JAVA_TOOL_OPTIONS).
    String tiers =
        fn.initializationType().equals("snap-start")
            ? "-XX:+TieredCompilation"
            : "-XX:TieredStopAtLevel=1";
    ProcessBuilder pb =
        new ProcessBuilder(
                javaBin(),
                "-XX:+TieredCompilation",
                tiers,
                "-cp",
                runnerClassPath(),
                "dev.portal.bench.runtime.LambdaSim",
                "cold",
                task.toString(),
                fn.handler(),
                fn.event().toString())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    // Exactly what template.yaml gives the function (the cursor secret as in AWS: its name, never
    // its value), then what Lambda and the emulator add.
    env.putAll(templateEnvironment(fn.module(), mail.values()));
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", fn.initializationType());
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_ENDPOINT_URL", mail.endpoint());
    Process child = pb.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), fn + " did not finish");
    assertEquals(0, child.exitValue(), () -> fn + " failed:\n" + output);
    Matcher answer = Pattern.compile("@bench cold \\d+ \\d+ \\d+ (\\S+)").matcher(output);
    assertTrue(answer.find(), () -> fn + " printed no answer:\n" + output);
    String status = answer.group(1);
    // An HTTP function answers with a status code; a 404 for the sample's demo ids still proves the
    // wiring. A queue
    // function answers with its batch response (no status code).
    if (!status.equals("?")) {
      assertTrue(Integer.parseInt(status) < 500, () -> fn + " answered " + status + ":\n" + output);
    }
  }

  private static final Map<String, Path> TASKS = new HashMap<>();

  /**
   * The module's jar loaded as Lambda loads it: its entries in a directory (functions/function.mk),
   * unpacked once for all of the module's cases (some 6,000 files each). The cases still start from
   * the same state because nothing writes there (the children's working directory is this module's,
   * not the task directory; a function writing into it would fail in Lambda, whose {@code
   * /var/task} is read-only).
   */
  private static synchronized Path taskDirectory(String module) throws IOException {
    Path task = TASKS.get(module);
    if (task == null) {
      Path jar =
          ROOT.resolve("functions").resolve(module).resolve("target").resolve(module + ".jar");
      assertTrue(Files.isRegularFile(jar), jar + " is missing: build with mvn package first");
      task =
          dev.portal.local.TaskDirectory.unpack(
              jar, ROOT.resolve("integration-tests/target/task").resolve(module));
      TASKS.put(module, task);
    }
    return task;
  }

  static Stream<String> modules() throws IOException {
    return deployables().map(Deployable::module).distinct();
  }

  /**
   * The function jars carry shared's lazy stand-ins for the SDK's two metadata providers, not the
   * SDK's, which build every service's and region's metadata at a client's first use
   * (bench/README.md, "The SDK's metadata providers, built lazily"): the parent pom's filter on the
   * regions module.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void theSdksMetadataProvidersAreSharedsLazyOnes(String module) throws IOException {
    Path jar = ROOT.resolve("functions").resolve(module).resolve("target").resolve(module + ".jar");
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (String name :
          List.of("GeneratedServiceMetadataProvider", "GeneratedRegionMetadataProvider")) {
        String entry = "software/amazon/awssdk/regions/" + name + ".class";
        ZipEntry inJar = zip.getEntry(entry);
        assertNotNull(inJar, module + " has no " + entry);
        try (InputStream in = zip.getInputStream(inJar)) {
          assertArrayEquals(
              Files.readAllBytes(ROOT.resolve("shared/target/classes").resolve(entry)),
              in.readAllBytes(),
              module + ": " + entry + " is not shared's");
        }
      }
    }
  }

  /**
   * The parent pom keeps, of each SDK module's model, only what the operations some function calls
   * need (scripts/sdk_model_closure.py). Every call of an SDK client in a jar's own and shared code
   * (read from the class files' constant pools) must find its operation's response and marshaller
   * in that jar: a new call without the filters regenerated fails here, not in production with a
   * NoClassDefFoundError.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void everySdkOperationAJarCallsKeepsItsModel(String module) throws IOException {
    Path jar = ROOT.resolve("functions").resolve(module).resolve("target").resolve(module + ".jar");
    assertTrue(Files.isRegularFile(jar), jar + " is missing: build with mvn package first");
    Pattern client =
        Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/[A-Za-z0-9]+Client");
    List<String> missing = new ArrayList<>();
    int calls = 0;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      java.util.Set<String> entries =
          zip.stream()
              .map(java.util.zip.ZipEntry::getName)
              .collect(java.util.stream.Collectors.toSet());
      for (String name : entries) {
        if (!name.startsWith("dev/portal/") || !name.endsWith(".class")) continue;
        byte[] bytes;
        try (var in = zip.getInputStream(zip.getEntry(name))) {
          bytes = in.readAllBytes();
        }
        for (var entry : java.lang.classfile.ClassFile.of().parse(bytes).constantPool()) {
          if (!(entry instanceof java.lang.classfile.constantpool.MemberRefEntry ref)) continue;
          Matcher owner = client.matcher(ref.owner().asInternalName());
          if (!owner.matches()) continue;
          String method = ref.name().stringValue().replaceFirst("Paginator$", "");
          String op = Character.toUpperCase(method.charAt(0)) + method.substring(1);
          String base = "software/amazon/awssdk/services/" + owner.group(1) + "/";
          if (!entries.contains(base + "model/" + op + "Request.class"))
            continue; // not an operation
          calls++;
          for (String needed :
              List.of(
                  base + "model/" + op + "Response.class",
                  base + "transform/" + op + "RequestMarshaller.class")) {
            if (!entries.contains(needed)) missing.add(name + " calls " + op + ": no " + needed);
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), () -> module + ":\n" + String.join("\n", missing));
    assertTrue(calls > 0, module + " calls no SDK operation: the scan found nothing");
  }

  /**
   * The contracts jar's shade filters leave out parts of the PDF library (fontbox's CJK maps): a
   * Russian statement rendered with that jar alone must still carry its Cyrillic text.
   */
  @Test
  void theContractsJarAloneRendersARussianStatement() throws Exception {
    Path jar = ROOT.resolve("functions/contracts/target/contracts.jar");
    assertTrue(Files.isRegularFile(jar), jar + " is missing: build with mvn package first");
    Path testClasses =
        Path.of(
            ShadedStatementPdf.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pdf = Files.createTempFile("statement-ru", ".pdf");
    Process child =
        new ProcessBuilder(
                javaBin(),
                "-cp",
                jar + File.pathSeparator + testClasses,
                ShadedStatementPdf.class.getName(),
                pdf.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the statement did not finish");
    assertEquals(0, child.exitValue(), output);
    String text;
    try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
      text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
    }
    assertTrue(text.contains("Ежемесячный отчёт"), text);
    assertTrue(text.contains("ООО «Ромашка»"), text);
  }

  private static String secretParameter;

  /** The SecureString the stack's functions read, on moto's Parameter Store. */
  private static synchronized String cursorSecretParameter() {
    if (secretParameter == null) {
      String name = "/portal-it/deployable-jars/cursor-secret";
      try (SsmClient ssm =
          SsmClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
        ssm.putParameter(
            r ->
                r.name(name)
                    .value(Backend.CURSOR_SECRET)
                    .type(ParameterType.SECURE_STRING)
                    .overwrite(true));
      }
      secretParameter = name;
    }
    return secretParameter;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The runtime simulator's jar and the Lambda runtime libraries, as {@code make bench} builds
   * them.
   */
  private static String runnerClassPath() throws IOException {
    Path target = ROOT.resolve("bench/target");
    try (Stream<Path> files = Files.list(target)) {
      Path runner =
          files
              .filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "bench/target has no runner jar: build the bench module"));
      return runner
          + File.pathSeparator
          + Files.readString(target.resolve("runtime.classpath")).strip();
    }
  }

  /** Where the email channel's bucket and queues are, for the functions that use them. */
  private record MailEnv(
      String endpoint, String bucket, String outboundQueueUrl, String webhookQueueUrl) {
    static MailEnv of(Backend api) {
      var m = api.mail();
      return new MailEnv(m.endpoint(), m.bucket(), m.outboundQueueUrl(), m.webhookQueueUrl());
    }

    /** The test's value of each parameter, resource and pseudo-parameter the environments name. */
    Map<String, String> values() {
      return Map.ofEntries(
          Map.entry("PortalTable", Backend.TABLE),
          Map.entry("FilesBucket", Backend.FILES_BUCKET),
          Map.entry("MailBucket", bucket),
          Map.entry("OutboundMailQueue", outboundQueueUrl),
          Map.entry("WebhookQueue", webhookQueueUrl),
          Map.entry("MailConfigurationSet", "portal-it"),
          Map.entry("CursorSecretParameter", cursorSecretParameter()),
          Map.entry("MailDomain", "mail.portal-it.example"),
          Map.entry("LogLevel", "INFO"),
          Map.entry("AWS::StackName", "portal-it"));
    }
  }

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([\\w:.]+)}");

  /**
   * The environment template.yaml gives a function: Globals' variables and its own, each reference
   * ({@code !Ref}, {@code !Sub}'s {@code ${...}}) resolved to the test's value, so a function that
   * needs a variable its template entry lacks fails here as it would in AWS. An {@code !If} takes
   * its else branch (no user pool of the stack's: an external issuer), and {@code AWS::NoValue}
   * leaves the variable out.
   */
  static Map<String, String> templateEnvironment(String module, Map<String, String> values)
      throws IOException {
    Map<String, Object> template =
        TemplateRights.read(Files.readString(ROOT.resolve("template.yaml")));
    Map<String, Object> function = null;
    for (Object r : TemplateRights.map(template.get("Resources")).values()) {
      Map<String, Object> props = TemplateRights.map(TemplateRights.map(r).get("Properties"));
      if (("functions/" + module).equals(props.get("CodeUri"))) function = props;
    }
    assertNotNull(function, "template.yaml has no function of functions/" + module);
    Map<String, Object> globals =
        TemplateRights.map(TemplateRights.map(template.get("Globals")).get("Function"));
    Map<String, Object> variables = new java.util.LinkedHashMap<>();
    for (Map<String, Object> props : List.of(globals, function))
      variables.putAll(
          TemplateRights.map(TemplateRights.map(props.get("Environment")).get("Variables")));
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, Object> v : variables.entrySet()) {
      Object value = v.getValue() instanceof List<?> branches ? branches.getLast() : v.getValue();
      if (!(value instanceof String text))
        throw new IllegalStateException(v.getKey() + ": no test value for " + value);
      if (text.equals("${AWS::NoValue}")) continue;
      Matcher ref = REFERENCE.matcher(text);
      StringBuilder resolved = new StringBuilder();
      while (ref.find()) {
        String name = ref.group(1);
        if (!values.containsKey(name))
          throw new IllegalStateException(v.getKey() + ": no test value for ${" + name + "}");
        ref.appendReplacement(resolved, Matcher.quoteReplacement(values.get(name)));
      }
      ref.appendTail(resolved);
      out.put(v.getKey(), resolved.toString());
    }
    return out;
  }
}
