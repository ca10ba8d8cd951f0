package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * GetObject and PutObject without the S3 module: how each request is addressed, signed and
 * checksummed, and how S3's answers map to outcomes (a missing key, a retry, a clear failure). The
 * HTTP client here is a stub that replays answers; UploadsIT, the inbound-mail ITs and the invoice
 * PDF ITs send the same requests to moto.
 */
class SignedS3ObjectsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T05:00:00Z"), ZoneOffset.UTC);
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

  @TempDir Path dir;

  private final Stub http = new Stub();
  private final List<Long> sleeps = new ArrayList<>();

  private SignedS3Objects objects(String endpoint, boolean pathStyle) {
    return new SignedS3Objects(
        new SignedS3Links(CLOCK, Region.US_EAST_1, URI.create(endpoint), pathStyle, CREDENTIALS),
        http,
        sleeps::add);
  }

  private SignedS3Objects emulator() {
    return objects("http://127.0.0.1:45123", true);
  }

  @Test
  void getObjectOnAnEmulatorIsPathStyleAndSignedForS3() throws IOException {
    http.answer(200, "raw mail");
    try (InputStream in = emulator().open("portal-mail", "raw/a b+c/Отчёт.eml")) {
      assertEquals("raw mail", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    SdkHttpRequest sent = http.requests.getFirst();
    assertEquals(SdkHttpMethod.GET, sent.method());
    assertEquals("127.0.0.1", sent.host());
    assertEquals(45123, sent.port());
    assertEquals(
        "/portal-mail/raw/a%20b%2Bc/%D0%9E%D1%82%D1%87%D1%91%D1%82.eml", sent.encodedPath());
    String auth = sent.firstMatchingHeader("Authorization").orElseThrow();
    assertTrue(
        auth.startsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/s3/aws4_request,"),
        auth);
    assertEquals("20261201T050000Z", sent.firstMatchingHeader("X-Amz-Date").orElseThrow());
    assertTrue(sent.firstMatchingHeader("x-amz-content-sha256").isPresent());
  }

  @Test
  void againstAwsTheBucketIsInTheHostName() throws IOException {
    http.answer(200, "pdf");
    objects("https://s3.us-east-1.amazonaws.com", false)
        .open("portal-files-123", "tenants/acme/invoices/inv_1.pdf")
        .close();
    SdkHttpRequest sent = http.requests.getFirst();
    assertEquals("https", sent.protocol());
    assertEquals("portal-files-123.s3.us-east-1.amazonaws.com", sent.host());
    assertEquals("/tenants/acme/invoices/inv_1.pdf", sent.encodedPath());
    assertEquals(
        "UNSIGNED-PAYLOAD",
        sent.firstMatchingHeader("x-amz-content-sha256").orElseThrow(),
        "over HTTPS the payload is not hashed, as the S3 module does");
  }

  @Test
  void theBodyIsHandedOverUnreadNotBuffered() throws IOException {
    byte[] big = new byte[1 << 20];
    CountingStream body = new CountingStream(big);
    http.answers.add(response(200, body));
    try (InputStream in = emulator().open("b", "k")) {
      assertEquals(0, body.read, "nothing read before the caller reads");
      assertEquals(big.length, in.transferTo(java.io.OutputStream.nullOutputStream()));
    }
  }

  @Test
  void aPutCarriesTypeLengthAndACrc32ThatS3Checks() throws IOException {
    byte[] pdf = "%PDF-1.7 an invoice".getBytes(StandardCharsets.US_ASCII);
    http.answer(200, "");
    emulator().put("portal-files", "tenants/acme/invoices/inv_1.pdf", pdf, "application/pdf");
    SdkHttpRequest sent = http.requests.getFirst();
    assertEquals(SdkHttpMethod.PUT, sent.method());
    assertEquals("/portal-files/tenants/acme/invoices/inv_1.pdf", sent.encodedPath());
    assertEquals("application/pdf", sent.firstMatchingHeader("Content-Type").orElseThrow());
    assertEquals(
        Integer.toString(pdf.length), sent.firstMatchingHeader("Content-Length").orElseThrow());
    assertEquals(crc32(pdf), sent.firstMatchingHeader("x-amz-checksum-crc32").orElseThrow());
    String signedHeaders = sent.firstMatchingHeader("Authorization").orElseThrow();
    assertTrue(signedHeaders.contains("x-amz-checksum-crc32"), signedHeaders);
    assertArrayEquals(pdf, http.bodies.getFirst());
  }

  @Test
  void aPutFromAFileIsSentAgainWholeOnRetry() throws IOException {
    Path file = dir.resolve("attachment.part");
    byte[] content = "attachment bytes".getBytes(StandardCharsets.UTF_8);
    Files.write(file, content);
    http.answer(500, error("InternalError", "We encountered an internal error"));
    http.answer(200, "");
    emulator().put("portal-mail", "attachments/acme/h/0", file, "image/png");
    assertEquals(2, http.requests.size());
    assertArrayEquals(content, http.bodies.get(0));
    assertArrayEquals(content, http.bodies.get(1));
    assertEquals(
        crc32(content),
        http.requests.get(1).firstMatchingHeader("x-amz-checksum-crc32").orElseThrow());
    assertEquals(1, sleeps.size());
  }

  /**
   * Registered in this module's test resources (META-INF/services), as `make bench`'s probe is in
   * probe.jar.
   */
  public static final class Seen implements SignedS3Objects.Observer {
    static final List<String> CALLS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void succeeded(String operation, String bucket, String key, long bodyBytes) {
      CALLS.add(operation + " " + bucket + "/" + key + " " + bodyBytes);
    }
  }

  @Test
  void anObserverFoundOnTheClassPathSeesEachSucceededRequestOnceAndNoFailure() throws IOException {
    Seen.CALLS.clear();
    byte[] pdf = "%PDF-1.7 an invoice".getBytes(StandardCharsets.US_ASCII);
    http.answer(503, error("SlowDown", "Please reduce your request rate."));
    http.answer(200, "");
    emulator().put("portal-files", "invoices/inv_1.pdf", pdf, "application/pdf");
    http.answer(404, error("NoSuchKey", "The specified key does not exist."));
    assertThrows(BlobStore.Missing.class, () -> emulator().open("portal-mail", "raw/gone"));
    http.answer(200, "raw mail");
    try (InputStream in = emulator().open("portal-mail", "raw/here")) {
      in.readAllBytes();
    }
    assertEquals(
        List.of(
            "PutObject portal-files/invoices/inv_1.pdf " + pdf.length,
            "GetObject portal-mail/raw/here 0"),
        Seen.CALLS);
  }

  @Test
  void aMissingKeyIsMissing() {
    http.answer(404, error("NoSuchKey", "The specified key does not exist."));
    assertThrows(BlobStore.Missing.class, () -> emulator().open("portal-mail", "raw/gone"));
    assertEquals(1, http.requests.size(), "a missing key is not retried");
  }

  @Test
  void aMissingBucketIsAFailureNamingIt() {
    http.answer(404, error("NoSuchBucket", "The specified bucket does not exist"));
    SignedS3Objects.S3Failure failure =
        assertThrows(
            SignedS3Objects.S3Failure.class,
            () -> emulator().put("nope", "k", new byte[] {1}, "application/pdf"));
    assertEquals(404, failure.status());
    assertEquals("NoSuchBucket", failure.code());
    assertTrue(failure.getMessage().contains("S3 PutObject nope/k: HTTP 404 NoSuchBucket"));
  }

  @Test
  void aRefusalFailsAtOnceWithS3sCodeAndMessage() {
    http.answer(403, error("AccessDenied", "Access Denied"));
    SignedS3Objects.S3Failure failure =
        assertThrows(SignedS3Objects.S3Failure.class, () -> emulator().open("b", "raw/x"));
    assertEquals(
        "S3 GetObject b/raw/x: HTTP 403 AccessDenied (Access Denied)", failure.getMessage());
    assertEquals(1, http.requests.size());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void throttlingIsRetriedThenReported() {
    for (int i = 0; i < SignedS3Objects.MAX_ATTEMPTS; i++) {
      http.answer(503, error("SlowDown", "Please reduce your request rate."));
    }
    SignedS3Objects.S3Failure failure =
        assertThrows(SignedS3Objects.S3Failure.class, () -> emulator().open("b", "k"));
    assertEquals(503, failure.status());
    assertEquals("SlowDown", failure.code());
    assertEquals(SignedS3Objects.MAX_ATTEMPTS, http.requests.size());
    assertEquals(SignedS3Objects.MAX_ATTEMPTS - 1, sleeps.size());
    assertTrue(sleeps.stream().allMatch(ms -> ms >= 0 && ms <= 1000), sleeps.toString());
  }

  @Test
  void aConnectionFailureIsRetriedAndEachAttemptSignedAgain() throws IOException {
    http.answers.add(new IOException("connection reset"));
    http.answer(200, "ok");
    try (InputStream in = emulator().open("b", "k")) {
      assertEquals("ok", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(2, http.requests.size());
    assertTrue(http.requests.get(1).firstMatchingHeader("Authorization").isPresent());
  }

  @Test
  void noAnswerAfterEveryAttemptIsAFailureWithItsCause() {
    for (int i = 0; i < SignedS3Objects.MAX_ATTEMPTS; i++) {
      http.answers.add(new IOException("connection refused"));
    }
    SignedS3Objects.S3Failure failure =
        assertThrows(SignedS3Objects.S3Failure.class, () -> emulator().open("b", "k"));
    assertEquals(0, failure.status());
    assertNull(failure.code());
    assertSame(IOException.class, failure.getCause().getClass());
  }

  @Test
  void aClientErrorIsNotRetried() {
    http.answer(400, error("InvalidArgument", "bad"));
    assertThrows(SignedS3Objects.S3Failure.class, () -> emulator().open("b", "k"));
    assertEquals(1, http.requests.size());
    assertFalse(sleeps.iterator().hasNext());
  }

  private static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
  }

  private static String crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return Base64.getEncoder()
        .encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static HttpExecuteResponse response(int status, InputStream body) {
    return HttpExecuteResponse.builder()
        .response(SdkHttpFullResponse.builder().statusCode(status).build())
        .responseBody(AbortableInputStream.create(body))
        .build();
  }

  /** Replays queued answers (a response, or an IOException thrown by the call). */
  private static final class Stub implements SdkHttpClient {
    final Deque<Object> answers = new ArrayDeque<>();
    final List<SdkHttpRequest> requests = new ArrayList<>();
    final List<byte[]> bodies = new ArrayList<>();

    void answer(int status, String body) {
      answers.add(
          response(status, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          requests.add(request.httpRequest());
          if (request.contentStreamProvider().isPresent()) {
            try (InputStream in = request.contentStreamProvider().get().newStream()) {
              bodies.add(in.readAllBytes());
            }
          }
          Object next = answers.removeFirst();
          if (next instanceof IOException e) throw e;
          return (HttpExecuteResponse) next;
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  private static final class CountingStream extends ByteArrayInputStream {
    long read;

    CountingStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, len);
      if (n > 0) read += n;
      return n;
    }
  }
}
