package dev.portal.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portal.shared.MutableClock;
import dev.portal.shared.domain.Times;
import io.micronaut.context.ApplicationContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real poster sends to the address the deliverer checked, never to a second lookup of the name:
 * a name that answers a public address to the check and an internal one a moment later (DNS
 * rebinding) must not reach the internal one. The receiver is on 127.0.0.1 (local targets allow
 * loopback) under a name no real resolver knows, so only the checked answer can reach it.
 */
class WebhookPinningTest {
  private static final String HOST = "hooks.rebind.invalid";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final WebhookDelivererTest.MemoryStore store = new WebhookDelivererTest.MemoryStore();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private ApplicationContext context;
  private HttpServer receiver;

  @BeforeEach
  void start() throws Exception {
    context = ApplicationContext.run();
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/portal",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " host="
                  + exchange.getRequestHeaders().getFirst("Host")
                  + " event="
                  + exchange.getRequestHeaders().getFirst("Portal-Event")
                  + " body="
                  + new String(body, StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    context.close();
  }

  private WebhookDeliverer deliverer(HostResolver dns) {
    return new WebhookDeliverer(
        store,
        new WebhookTargets(dns, true),
        new HttpWebhookPoster(),
        new WebhookQueue() {
          @Override
          public void send(WebhookDelivery.Ref ref) {}

          @Override
          public void retryAfter(String receiptHandle, Duration delay) {}
        },
        clock,
        3,
        n -> Duration.ofSeconds(10));
  }

  private String registered(String url) {
    store.add(
        "acme",
        new Webhook(
            "wh_1",
            url,
            List.of(WebhookEvent.TICKET_CREATED),
            "whsec_0123456789abcdef",
            clock.instant()),
        10,
        Optional.empty());
    store.addDelivery(
        "acme",
        new WebhookDelivery(
            "wh_1",
            "dl_1",
            WebhookEvent.TICKET_CREATED,
            clock.instant(),
            WebhookDelivery.Status.PENDING,
            0,
            0,
            null,
            clock.instant(),
            "{\"id\":\"dl_1\"}"),
        clock.instant());
    return "{\"tenantId\":\"acme\",\"webhookId\":\"wh_1\",\"deliveryId\":\"dl_1\",\"createdAt\":\""
        + Times.iso(clock.instant())
        + "\"}";
  }

  @Test
  void thePostGoesToTheCheckedAddressUnderTheURLsName() {
    int port = receiver.getAddress().getPort();
    String message = registered("http://" + HOST + ":" + port + "/portal?v=1");
    var dns = new WebhookTargetsTest.FakeDns().answer(HOST, "127.0.0.1");
    WebhookDeliverer.Outcome outcome = deliverer(dns).deliver(message, 1, "rh");
    assertEquals(
        WebhookDeliverer.Outcome.DELIVERED,
        outcome,
        () -> String.valueOf(store.deliveries.get("dl_1")));
    assertEquals(
        List.of(
            "POST /portal?v=1 host="
                + HOST
                + ":"
                + port
                + " event=ticket.created body={\"id\":\"dl_1\"}"),
        received);
  }

  @Test
  void anAnswerThatChangesAfterTheCheckIsNotAsked() {
    int port = receiver.getAddress().getPort();
    String message = registered("http://" + HOST + ":" + port + "/portal");
    // The first lookup answers loopback (allowed here), every later one a private address.
    int[] lookups = {0};
    HostResolver rebinding =
        host -> {
          lookups[0]++;
          return List.of(
              WebhookTargetsTest.FakeDns.literal(lookups[0] == 1 ? "127.0.0.1" : "10.0.0.5"));
        };
    assertEquals(
        WebhookDeliverer.Outcome.DELIVERED, deliverer(rebinding).deliver(message, 1, "rh"));
    assertEquals(1, lookups[0], "one lookup, and the post used its answer");
    assertEquals(1, received.size());
  }

  @Test
  void aReceiverThatAnswersNothingUsefulIsAFailedTryNotAHang() throws Exception {
    // A server that accepts and closes at once: no status line.
    try (var silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var s = silent.accept()) {
                      s.getOutputStream().write("garbage\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception ignored) {
                      // the test asserts on the deliverer's outcome
                    }
                  });
      String message = registered("http://" + HOST + ":" + silent.getLocalPort() + "/portal");
      var dns = new WebhookTargetsTest.FakeDns().answer(HOST, "127.0.0.1");
      assertEquals(WebhookDeliverer.Outcome.RETRY, deliverer(dns).deliver(message, 1, "rh"));
      String error = store.deliveries.get("dl_1").lastError();
      assertTrue(error != null && error.contains("IOException"), error);
      t.join(5000);
    }
  }

  /**
   * A receiver over TLS with a certificate made for {@code name} by the JDK's keytool, and the
   * poster trusting that certificate only: what is checked is the name, not the trust.
   */
  private int postOverTls(String certificateName) throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("webhook-tls");
    java.nio.file.Path store = dir.resolve("receiver.p12");
    char[] pass = "changeit".toCharArray();
    Process keytool =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "receiver",
                "-keyalg",
                "EC",
                "-dname",
                "CN=" + certificateName,
                "-ext",
                "SAN=dns:" + certificateName,
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, keytool.waitFor(), out);
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(store)) {
      keys.load(in, pass);
    }
    var kmf =
        javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, pass);
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("receiver", keys.getCertificate("receiver"));
    var tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    var serverTls = javax.net.ssl.SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    var clientTls = javax.net.ssl.SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);

    var https =
        com.sun.net.httpserver.HttpsServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(serverTls));
    https.createContext(
        "/portal",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received.add("tls host=" + exchange.getRequestHeaders().getFirst("Host"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    https.start();
    try {
      int port = https.getAddress().getPort();
      return new HttpWebhookPoster(clientTls.getSocketFactory())
          .post(
              java.net.URI.create("https://" + HOST + ":" + port + "/portal"),
              List.of(InetAddress.getLoopbackAddress()),
              java.util.Map.of("Content-Type", "application/json"),
              "{}".getBytes(StandardCharsets.UTF_8));
    } finally {
      https.stop(0);
    }
  }

  @Test
  void overTlsTheCertificateIsCheckedAgainstTheURLsNameNotTheAddress() throws Exception {
    assertEquals(204, postOverTls(HOST));
    assertEquals(1, received.size(), received::toString);
    assertTrue(received.getFirst().startsWith("tls host=" + HOST + ":"), received::toString);
  }

  @Test
  void aTrustedCertificateForAnotherNameIsRefused() {
    var refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            javax.net.ssl.SSLHandshakeException.class, () -> postOverTls("other.example"));
    assertTrue(
        String.valueOf(refused.getMessage()).contains("No subject alternative DNS name"),
        refused::toString);
    assertTrue(received.isEmpty(), "nothing was sent to the wrong receiver");
  }

  /** A receiver that accepts and then writes {@code drip} once every 100 ms, forever. */
  private void postToAReceiverThat(String drip) throws Exception {
    try (var server = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (var s = server.accept()) {
                      while (!drip.isEmpty()) {
                        s.getOutputStream().write(drip.getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        Thread.sleep(100);
                      }
                      Thread.sleep(60_000);
                    } catch (Exception ignored) {
                      // the poster hung up: what the test waits for
                    }
                  });
      var poster =
          new HttpWebhookPoster(
              (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault(),
              Duration.ofMillis(400));
      java.net.URI url = java.net.URI.create("http://" + HOST + ":" + server.getLocalPort() + "/");
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              org.junit.jupiter.api.Assertions.assertThrows(
                  java.net.SocketTimeoutException.class,
                  () ->
                      poster.post(
                          url,
                          List.of(InetAddress.getLoopbackAddress()),
                          java.util.Map.of(),
                          new byte[0])),
          "the delivery's deadline ends the wait");
      t.interrupt();
    }
  }

  @Test
  void aReceiverThatNeverAnswersIsLeftAtTheDeadline() throws Exception {
    postToAReceiverThat("");
  }

  @Test
  void aReceiverDrippingItsStatusLineIsLeftAtTheDeadline() throws Exception {
    postToAReceiverThat("H"); // never a whole line: each byte alone would reset a per-read timeout
  }
}
