package dev.portal.shared.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * {@link BlobStore} as single signed GetObject and PutObject requests (the SDK's SigV4 signer and
 * URL-connection client, addressed and resolved as {@link SignedS3Links} does), so that billing and
 * inbound-email need no S3 module (4 MiB of a jar that must stay under 12 MiB, docs/layout.md).
 *
 * <p>As the SDK's client does: up to {@value #MAX_ATTEMPTS} attempts for a connection failure, a
 * 5xx, a 429 or a throttling or timeout code, with jittered exponential back-off; a GetObject body
 * streams from the connection (nothing buffered; a failure mid-stream is the caller's, as with the
 * SDK); a PutObject from a file streams with its length fixed, so a 25 MB attachment never sits in
 * memory, and carries a CRC32 checksum that S3 verifies. A missing key ({@code NoSuchKey}) is
 * {@link BlobStore.Missing}; any other refusal an {@link S3Failure} naming the operation, object,
 * status and S3's error code.
 */
public final class SignedS3Objects implements BlobStore {
  static final int MAX_ATTEMPTS = 3;
  private static final long BASE_DELAY_MS = 100;
  private static final long THROTTLED_BASE_DELAY_MS = 500;
  private static final long MAX_DELAY_MS = 20_000;

  /** An S3 error document is a few hundred bytes; more is not read. */
  private static final int MAX_ERROR_BODY = 16 * 1024;

  private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,200})</Code>");
  private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]{0,500})</Message>");

  private final SignedS3Links signer;
  private final SdkHttpClient http;
  private final Sleeper sleeper;

  /**
   * Told of each request S3 answered with success. A function has none; `make bench`'s probe is
   * one, found as a classpath resource ({@code META-INF/services}) in the function's class loader,
   * so that the warm floor replays these requests as it replays those of the SDK's own clients
   * (whose global interceptors are found the same way). No compile-time alternative: the probe is
   * not in the function's jar.
   */
  public interface Observer {
    /**
     * @param operation {@code GetObject} or {@code PutObject}
     * @param bodyBytes the length of the body sent (0 for a GetObject)
     */
    void succeeded(String operation, String bucket, String key, long bodyBytes);
  }

  /** Looked up on the first request, not at start-up: only functions that use S3 pay for it. */
  private static final class Observers {
    static final List<Observer> ALL =
        ServiceLoader.load(Observer.class, SignedS3Objects.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
  }

  /** Waits between attempts; tests pass one that records instead. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** An S3 refusal that is no missing key, or a failure that outlasted the retries. */
  public static final class S3Failure extends RuntimeException {
    private final int status;
    private final String code;

    S3Failure(String message, int status, String code, Throwable cause) {
      super(message, cause);
      this.status = status;
      this.code = code;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
      return status;
    }

    /** S3's error code ({@code AccessDenied}, {@code SlowDown}...), or null. */
    public String code() {
      return code;
    }
  }

  public SignedS3Objects(SignedS3Links signer) {
    this(signer, null, Thread::sleep);
  }

  /** A given HTTP client and sleeper, for the tests of request building and error mapping. */
  SignedS3Objects(SignedS3Links signer, SdkHttpClient http, Sleeper sleeper) {
    this.signer = signer;
    this.http = http;
    this.sleeper = sleeper;
  }

  @Override
  public InputStream open(String bucket, String key) throws IOException {
    HttpExecuteResponse response =
        execute("GetObject", bucket, key, SdkHttpMethod.GET, r -> {}, null, true);
    return response.responseBody().isPresent()
        ? response.responseBody().get()
        : InputStream.nullInputStream();
  }

  @Override
  public void put(String bucket, String key, Path file, String contentType) throws IOException {
    long length = Files.size(file);
    ContentStreamProvider body =
        () -> {
          try {
            return Files.newInputStream(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    close(
        execute(
            "PutObject",
            bucket,
            key,
            SdkHttpMethod.PUT,
            r -> putHeaders(r, contentType, length),
            body,
            false));
  }

  @Override
  public void put(String bucket, String key, byte[] bytes, String contentType) {
    try {
      close(
          execute(
              "PutObject",
              bucket,
              key,
              SdkHttpMethod.PUT,
              r -> putHeaders(r, contentType, bytes.length),
              ContentStreamProvider.fromByteArrayUnsafe(bytes),
              false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putHeaders(SdkHttpFullRequest.Builder r, String contentType, long length) {
    r.putHeader("Content-Type", contentType).putHeader("Content-Length", Long.toString(length));
  }

  /** The signed request of one attempt (signed again for each: its date is part of it). */
  SignedRequest request(
      String bucket,
      String key,
      SdkHttpMethod method,
      Consumer<SdkHttpFullRequest.Builder> headers,
      ContentStreamProvider body) {
    SignedS3Links.Resolved r = signer.resolve();
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method);
    headers.accept(request);
    SignedS3Links.address(r, bucket, key, request);
    return signer.sign(
        r,
        request.build(),
        s -> {
          if (body != null) {
            // S3 checks the CRC32 header against what it received, as it does for the SDK's
            // own client (which also sends CRC32 by default).
            s.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32)
                .payload(body);
          }
        });
  }

  private HttpExecuteResponse execute(
      String operation,
      String bucket,
      String key,
      SdkHttpMethod method,
      Consumer<SdkHttpFullRequest.Builder> headers,
      ContentStreamProvider body,
      boolean missingIsExpected)
      throws IOException {
    String what = "S3 " + operation + " " + bucket + "/" + key;
    for (int attempt = 1; ; attempt++) {
      SignedRequest signed = request(bucket, key, method, headers, body);
      HttpExecuteResponse response;
      try {
        HttpExecuteRequest.Builder call = HttpExecuteRequest.builder().request(signed.request());
        signed.payload().ifPresent(call::contentStreamProvider);
        response = client().prepareRequest(call.build()).call();
      } catch (IOException | UncheckedIOException e) {
        if (attempt < MAX_ATTEMPTS) {
          pause(attempt, false);
          continue;
        }
        throw new S3Failure(what + ": no answer after " + attempt + " attempts", 0, null, e);
      }
      int status = response.httpResponse().statusCode();
      if (status / 100 == 2) {
        if (!Observers.ALL.isEmpty()) {
          long sent =
              signed
                  .request()
                  .firstMatchingHeader("Content-Length")
                  .map(Long::parseLong)
                  .orElse(0L);
          for (Observer o : Observers.ALL) o.succeeded(operation, bucket, key, sent);
        }
        return response;
      }
      String error = errorBody(response);
      String code = first(CODE, error);
      if (missingIsExpected && status == 404 && "NoSuchKey".equals(code)) {
        throw new BlobStore.Missing(bucket, key);
      }
      boolean throttled = status == 429 || status == 503 || isThrottling(code);
      if ((status >= 500 || throttled || "RequestTimeout".equals(code)) && attempt < MAX_ATTEMPTS) {
        pause(attempt, throttled);
        continue;
      }
      String message = first(MESSAGE, error);
      throw new S3Failure(
          what
              + ": HTTP "
              + status
              + (code == null ? "" : " " + code)
              + (message == null ? "" : " (" + message + ")")
              + (attempt > 1 ? " after " + attempt + " attempts" : ""),
          status,
          code,
          null);
    }
  }

  private static boolean isThrottling(String code) {
    return code != null
        && (code.equals("SlowDown")
            || code.equals("Throttling")
            || code.equals("ThrottlingException")
            || code.equals("RequestLimitExceeded")
            || code.equals("TooManyRequestsException"));
  }

  /** Full jitter over an exponential ceiling, as the SDK's standard retry mode waits. */
  private void pause(int attempt, boolean throttled) throws IOException {
    long base = throttled ? THROTTLED_BASE_DELAY_MS : BASE_DELAY_MS;
    long ceiling = Math.min(MAX_DELAY_MS, base << (attempt - 1));
    try {
      sleeper.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted between S3 attempts");
    }
  }

  private static String errorBody(HttpExecuteResponse response) {
    if (response.responseBody().isEmpty()) return "";
    try (InputStream in = response.responseBody().get()) {
      return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String first(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static void close(HttpExecuteResponse response) throws IOException {
    if (response.responseBody().isPresent()) response.responseBody().get().close();
  }

  private SdkHttpClient client() {
    return http != null ? http : signer.http();
  }
}
