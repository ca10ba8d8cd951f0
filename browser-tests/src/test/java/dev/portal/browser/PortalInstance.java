package dev.portal.browser;

import dev.portal.local.DemoTenant;
import dev.portal.local.EmulatorTable;
import dev.portal.local.FilesBucketCors;
import dev.portal.local.Hs256;
import dev.portal.local.LocalCors;
import dev.portal.local.LocalMain;
import dev.portal.local.LocalServer;
import dev.portal.local.PortalSite;
import dev.portal.shared.http.Json;
import dev.portal.shared.service.MembershipService;
import dev.portal.shared.store.ContractStore;
import dev.portal.shared.store.DirectoryStore;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Local mode as make dev runs it, started by the tests on free loopback ports (never a developer's
 * make dev): the functions behind LocalServer with CORS for the portal's origin only, and the built
 * portal on that origin. Data on the moto behind AWS_ENDPOINT_URL (make test starts one with fresh
 * data).
 */
final class PortalInstance {
  static final String TABLE = "portal-browser";
  private static PortalInstance instance;

  final Path repo;
  final Path dist;
  final ApplicationContext context;
  final LocalServer api;
  final PortalSite site;
  final Hs256 tokens;
  final int companySignInPort;

  private PortalInstance() throws IOException {
    repo = Path.of(System.getProperty("portal.repo.root", "..")).toAbsolutePath().normalize();
    dist = repo.resolve("portal/dist");
    if (!Files.isRegularFile(dist.resolve("index.html"))) {
      throw new IllegalStateException(
          "no built portal at "
              + dist
              + ": run `npm ci && npm run build` in portal/ (make test does)");
    }
    EmulatorTable.requireEndpoint(System.getenv());
    EmulatorTable.ensure(TABLE);
    // The portal's origin must be known before the API starts (its CORS, and the files bucket's,
    // for uploads) and the API's before the portal (its config.json and CSP): the portal's port is
    // picked first.
    int portalPort = freePort();
    String portalOrigin = "http://127.0.0.1:" + portalPort;
    // A second origin, for the portal that signs in with a real OIDC issuer
    // (CompanySignInBrowserIT):
    // its calls reach the API as the stack's portal's would, and are refused there (another
    // issuer).
    companySignInPort = freePort();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PORTAL_ORIGINS", portalOrigin + ",http://127.0.0.1:" + companySignInPort);
    env.put("MAIL_BUCKET", "portal-mail-browser");
    env.put("FILES_BUCKET", "portal-files-browser");
    LocalMain.MailResources mail = LocalMain.createMailResources(env);
    Map<String, Object> props =
        new HashMap<>(
            Map.of(
                "table.name",
                TABLE,
                "cursor.secret",
                "browser-test-cursor-secret-0123456789abcdef",
                "files.bucket",
                "portal-files-browser",
                // Portal uploads go to the same bucket's uploads/, then attachments/, as local mode
                // does.
                "attachments.bucket",
                "portal-files-browser",
                "mail.domain.proof",
                "first-come"));
    if (mail != null) {
      props.put("mail.bucket", mail.bucket());
      props.put("outbound.queue.url", mail.outboundQueueUrl());
    }
    context = ApplicationContext.builder().properties(props).start();
    // As make dev seeds it: through onboarding, so the demo admin and agent are staff members (the
    // desk's assignee
    // and group members must be active staff).
    DemoTenant.seed(
        context.getBean(DirectoryStore.class), context.getBean(MembershipService.class));
    DemoTenant.seedContract(context.getBean(ContractStore.class));
    Json json = context.getBean(Json.class);
    tokens = new Hs256(LocalMain.DEFAULT_JWT_SECRET, json);
    api =
        new LocalServer(
            LocalMain.functions(context), tokens, json, 0, null, LocalCors.fromEnv(env), true);
    api.start();
    site =
        new PortalSite(
                dist,
                "http://127.0.0.1:" + api.port(),
                FilesBucketCors.storageOrigin(env),
                "Europe/Moscow",
                portalPort)
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  site.close();
                  api.close();
                  context.close();
                }));
  }

  static synchronized PortalInstance get() throws IOException {
    if (instance == null) instance = new PortalInstance();
    return instance;
  }

  String portalUrl() {
    return site.origin() + "/";
  }

  /** Where the API's presigned links point (the emulator's S3), as the portal's CSP allows it. */
  String storageOrigin() {
    return FilesBucketCors.storageOrigin(System.getenv());
  }

  String apiBase() {
    return "http://127.0.0.1:" + api.port();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
