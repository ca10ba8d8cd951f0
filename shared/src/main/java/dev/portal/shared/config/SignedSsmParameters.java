package dev.portal.shared.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@link SecureParameters} from SSM Parameter Store with one signed GetParameter call, built from
 * the SDK's own pieces (its endpoint resolution, credentials chain, SigV4 signer and URL-connection
 * client) instead of the SSM service module: that module is 21 MiB of classes (6 MiB in a jar) for
 * this one call, read once per container. The endpoint follows the SDK's standard configuration
 * exactly as the generated client would ({@code AWS_ENDPOINT_URL_SSM}, {@code AWS_ENDPOINT_URL},
 * their system properties, the profile's {@code ssm} section), so the same build reads AWS,
 * LocalStack, Floci or moto. Nothing is built until the first read.
 */
public final class SignedSsmParameters implements SecureParameters {
  /**
   * SSM's own rule for parameter names; anything else is refused before a request is made, so it
   * needs no escaping.
   */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-/]{1,2048}");

  private static final int ATTEMPTS = 3;
  private static final long MAX_RESPONSE = 1 << 20;

  @Override
  public String read(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an SSM parameter name: " + name);
    }
    Region region = new DefaultAwsRegionProviderChain().getRegion();
    URI endpoint =
        AwsClientEndpointProvider.builder()
            .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_SSM")
            .serviceEndpointOverrideSystemProperty("aws.endpointUrlSsm")
            .serviceProfileProperty("ssm")
            .serviceEndpointPrefix("ssm")
            .defaultProtocol("https")
            .region(region)
            .build()
            .clientEndpoint();
    String body = "{\"Name\":\"" + name + "\",\"WithDecryption\":true}";
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .encodedPath(
                endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
                    ? "/"
                    : endpoint.getRawPath())
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", "AmazonSSM.GetParameter")
            .build();
    try (SdkHttpClient http = UrlConnectionHttpClient.create();
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
      RuntimeException last = null;
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        // Signed afresh per attempt: the signature carries the time.
        SignedRequest signed =
            AwsV4HttpSigner.create()
                .sign(
                    r ->
                        r.identity(credentials.resolveCredentials())
                            .request(request)
                            .payload(ContentStreamProvider.fromUtf8String(body))
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                            .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        Answer answer = send(http, signed);
        if (answer.status() == 200) return value(answer.json(), name);
        last =
            new IllegalStateException(
                "SSM GetParameter "
                    + name
                    + " failed: HTTP "
                    + answer.status()
                    + " "
                    + answer.json().field("__type").map(JsonNode::text).orElse("")
                    + " "
                    + answer
                        .json()
                        .field("message")
                        .or(() -> answer.json().field("Message"))
                        .map(JsonNode::text)
                        .orElse(""));
        if (!retryable(answer)) break;
        pause(attempt);
      }
      throw last;
    }
  }

  private record Answer(int status, JsonNode json) {}

  private static Answer send(SdkHttpClient http, SignedRequest signed) {
    try {
      HttpExecuteResponse response =
          http.prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      JsonNode json = JsonNode.emptyObjectNode();
      if (response.responseBody().isPresent()) {
        try (InputStream in = response.responseBody().get()) {
          byte[] bytes = in.readNBytes((int) MAX_RESPONSE);
          if (bytes.length > 0) json = parse(bytes);
        }
      }
      return new Answer(response.httpResponse().statusCode(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("SSM GetParameter could not be sent", e);
    }
  }

  /** An error page from a proxy is no JSON; the status still tells what happened. */
  private static JsonNode parse(byte[] bytes) {
    try {
      return JsonNode.parser().parse(bytes);
    } catch (RuntimeException e) {
      return JsonNode.emptyObjectNode();
    }
  }

  private static String value(JsonNode json, String name) {
    return json.field("Parameter")
        .flatMap(p -> p.field("Value"))
        .filter(JsonNode::isString)
        .map(JsonNode::text)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "SSM GetParameter " + name + " answered without a value"));
  }

  /**
   * Throttling and the service's own failures pass; a missing parameter or a denied read does not.
   */
  private static boolean retryable(Answer a) {
    String type = a.json().field("__type").map(JsonNode::text).orElse("");
    return a.status() >= 500 || a.status() == 429 || type.endsWith("ThrottlingException");
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(100L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading a parameter", e);
    }
  }
}
