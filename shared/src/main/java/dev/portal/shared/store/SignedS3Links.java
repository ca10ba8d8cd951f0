package dev.portal.shared.store;

import dev.portal.shared.upload.FileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Presigned S3 links, and HeadObject, made with the SDK's SigV4 signer and endpoint resolution (and
 * its URL-connection client for the HEAD), without the S3 module: a function that only hands out
 * links (ticket-status, invoices) would otherwise carry 4 MiB of S3 client and build it at
 * start-up. The signing options are S3's (no double encoding, no path normalisation, unsigned
 * payload, the signature in the query string), and {@code SignedS3LinksTest} checks each link
 * equals the S3 module's own presigner's, byte for byte. Addressing follows the SDK client:
 * virtual-hosted against AWS, path-style when an endpoint override names an emulator ({@code
 * AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, their system properties, the profile).
 */
public final class SignedS3Links implements BlobLinks, BlobHeads, BlobCopies {
  private final Clock clock;
  private volatile Resolved resolved;
  private volatile SdkHttpClient http;

  /** Region, endpoint, addressing and credentials, as the SDK's S3 client would resolve them. */
  record Resolved(
      Region region, URI endpoint, boolean pathStyle, AwsCredentialsProvider credentials) {}

  public SignedS3Links() {
    this.clock = Clock.systemUTC();
  }

  /**
   * A fixed endpoint, addressing and signing time, for tests that compare links with the S3
   * module's.
   */
  SignedS3Links(
      Clock clock,
      Region region,
      URI endpoint,
      boolean pathStyle,
      AwsCredentialsProvider credentials) {
    this.clock = clock;
    this.resolved = new Resolved(region, endpoint, pathStyle, credentials);
  }

  @Override
  public URI presignedGet(
      String bucket, String key, Duration ttl, String filename, String contentType) {
    SdkHttpFullRequest.Builder get =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.GET)
            .putRawQueryParameter(
                "response-content-disposition", FileNames.contentDisposition(filename));
    if (contentType != null) get.putRawQueryParameter("response-content-type", contentType);
    return presign(bucket, key, ttl, get);
  }

  /**
   * HeadObject as one signed request (header auth, unsigned payload, as the S3 module sends it); a
   * 404 or 403 is no object, any other failure an {@link IllegalStateException}.
   */
  @Override
  public Optional<Head> head(String bucket, String key) {
    Resolved r = resolve();
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.HEAD)
            .putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    address(r, bucket, key, request);
    SignedRequest signed = sign(r, request.build(), s -> {});
    HttpExecuteResponse response;
    try {
      response =
          http()
              .prepareRequest(HttpExecuteRequest.builder().request(signed.request()).build())
              .call();
      if (response.responseBody().isPresent()) response.responseBody().get().close();
    } catch (IOException e) {
      throw new UncheckedIOException("S3 HeadObject could not be sent", e);
    }
    int status = response.httpResponse().statusCode();
    // A role with GetObject but no ListBucket (ours: rights on a prefix, never the bucket) gets 403
    // for a key that does not exist; a HEAD answer has no body to tell it from a real denial.
    if (status == 404 || status == 403) return Optional.empty();
    if (status != 200) {
      throw new IllegalStateException("S3 HeadObject " + bucket + "/" + key + ": HTTP " + status);
    }
    long size =
        response
            .httpResponse()
            .firstMatchingHeader("Content-Length")
            .map(Long::parseLong)
            .orElseThrow(() -> new IllegalStateException("S3 HeadObject without a length"));
    return Optional.of(
        new Head(size, response.httpResponse().firstMatchingHeader("Content-Type").orElse(null)));
  }

  /**
   * CopyObject as one signed PUT with {@code x-amz-copy-source}. S3 may answer a copy with 200 and
   * an {@code <Error>} body (the API reference's CopyObject, "Responses"), so success is a {@code
   * CopyObjectResult} in the body, nothing less.
   */
  @Override
  public boolean copy(String bucket, String fromKey, String toKey) {
    Resolved r = resolve();
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.PUT)
            .putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
            .putHeader(
                "x-amz-copy-source",
                SdkHttpUtils.urlEncode(bucket)
                    + "/"
                    + SdkHttpUtils.urlEncodeIgnoreSlashes(fromKey));
    address(r, bucket, toKey, request);
    Answer answer = call(r, request, true);
    if (answer.status() == 404) return false;
    if (answer.status() != 200 || !answer.body().contains("CopyObjectResult")) {
      throw new IllegalStateException(
          "S3 CopyObject " + bucket + "/" + fromKey + ": HTTP " + answer.status());
    }
    return true;
  }

  @Override
  public void delete(String bucket, String key) {
    Resolved r = resolve();
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.DELETE)
            .putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    address(r, bucket, key, request);
    int status = call(r, request, false).status();
    if (status != 204 && status != 200 && status != 404) {
      throw new IllegalStateException("S3 DeleteObject " + bucket + "/" + key + ": HTTP " + status);
    }
  }

  private record Answer(int status, String body) {}

  /** One signed request (header auth); the body read only when asked, and at most 64 KiB of it. */
  private Answer call(Resolved r, SdkHttpFullRequest.Builder request, boolean readBody) {
    SignedRequest signed = sign(r, request.build(), s -> {});
    try {
      HttpExecuteResponse response =
          http()
              .prepareRequest(HttpExecuteRequest.builder().request(signed.request()).build())
              .call();
      String body = "";
      if (response.responseBody().isPresent()) {
        try (var in = response.responseBody().get()) {
          if (readBody) {
            body = new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
          }
        }
      }
      return new Answer(response.httpResponse().statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException("S3 " + request.method() + " could not be sent", e);
    }
  }

  /** The SDK's URL-connection client, built at the first request that needs one. */
  SdkHttpClient http() {
    SdkHttpClient c = http;
    if (c == null) {
      synchronized (this) {
        if (http == null) http = UrlConnectionHttpClient.create();
        c = http;
      }
    }
    return c;
  }

  @Override
  public URI presignedPut(
      String bucket, String key, Duration ttl, String contentType, long contentLength) {
    return presign(
        bucket,
        key,
        ttl,
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.PUT)
            .putHeader("Content-Type", contentType)
            .putHeader("Content-Length", Long.toString(contentLength)));
  }

  /** Host and path of an object: virtual-hosted against AWS, path-style on an emulator. */
  static void address(Resolved r, String bucket, String key, SdkHttpFullRequest.Builder request) {
    String path = "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key);
    request
        .protocol(r.endpoint().getScheme())
        .port(r.endpoint().getPort() == -1 ? null : r.endpoint().getPort());
    if (r.pathStyle()) {
      request.host(r.endpoint().getHost()).encodedPath("/" + SdkHttpUtils.urlEncode(bucket) + path);
    } else {
      request.host(bucket + "." + r.endpoint().getHost()).encodedPath(path);
    }
  }

  private URI presign(String bucket, String key, Duration ttl, SdkHttpFullRequest.Builder request) {
    Resolved r = resolve();
    address(r, bucket, key, request);
    return sign(
            r,
            request.build(),
            s ->
                s.putProperty(
                        AwsV4FamilyHttpSigner.AUTH_LOCATION,
                        AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, ttl))
        .request()
        .getUri();
  }

  /**
   * SigV4 for S3 as the SDK's own S3 client signs (no double encoding, no path normalising, the
   * payload unsigned), plus what {@code extra} adds (a presigned link's query-string placement).
   */
  SignedRequest sign(
      Resolved r,
      SdkHttpFullRequest unsigned,
      java.util.function.Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
    return AwsV4HttpSigner.create()
        .sign(
            s -> {
              s.identity(r.credentials().resolveCredentials())
                  .request(unsigned)
                  .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                  .putProperty(AwsV4HttpSigner.REGION_NAME, r.region().id())
                  .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock)
                  .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                  .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                  .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false);
              extra.accept(s);
            });
  }

  /**
   * Resolved at the first link, not at start-up: most requests of these functions hand out none.
   */
  Resolved resolve() {
    Resolved r = resolved;
    if (r != null) return r;
    Region region = new DefaultAwsRegionProviderChain().getRegion();
    AwsClientEndpointProvider endpoints =
        AwsClientEndpointProvider.builder()
            .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_S3")
            .serviceEndpointOverrideSystemProperty("aws.endpointUrlS3")
            .serviceProfileProperty("s3")
            .serviceEndpointPrefix("s3")
            .defaultProtocol("https")
            .region(region)
            .build();
    r =
        new Resolved(
            region,
            endpoints.clientEndpoint(),
            endpoints.isEndpointOverridden(),
            DefaultCredentialsProvider.builder().build());
    resolved = r;
    return r;
  }
}
