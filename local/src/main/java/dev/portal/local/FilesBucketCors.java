package dev.portal.local;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;

/**
 * The files bucket's CORS in local mode, as template.yaml's {@code FilesBucket} has it
 * (LocalCorsTest fails when they drift): the portal's origins may PUT an upload with the one header
 * the presigned URL signs besides the host and length ({@code content-type}); anyone may GET, since
 * a download reaches S3 by following the API's redirect and the browser then sends {@code Origin:
 * null} (the Fetch standard's tainted origin), and the presigned link is the credential anyway.
 */
public final class FilesBucketCors {
  static final List<String> PUT_METHODS = List.of("PUT");
  static final List<String> PUT_HEADERS = List.of("content-type");
  static final List<String> GET_METHODS = List.of("GET");
  static final List<String> GET_ORIGINS = List.of("*");
  static final int MAX_AGE_SECONDS = 600;

  private FilesBucketCors() {}

  /**
   * The rules, GET first: AWS uses the first rule that matches a request and these two never match
   * the same one, while moto answers a preflight with the values of the last rule whose origin
   * matches (docs/aws-behaviour.md), which must be the PUT rule's.
   */
  static List<CORSRule> rules(Set<String> portalOrigins) {
    return List.of(
        CORSRule.builder().allowedMethods(GET_METHODS).allowedOrigins(GET_ORIGINS).build(),
        CORSRule.builder()
            .allowedMethods(PUT_METHODS)
            .allowedHeaders(PUT_HEADERS)
            .allowedOrigins(List.copyOf(portalOrigins))
            .maxAgeSeconds(MAX_AGE_SECONDS)
            .build());
  }

  /**
   * PutBucketCors with {@link #rules}; no origin configured: GET only, no upload from a browser.
   */
  public static void apply(S3Client s3, String bucket, Set<String> portalOrigins) {
    List<CORSRule> rules =
        portalOrigins.isEmpty() ? rules(portalOrigins).subList(0, 1) : rules(portalOrigins);
    s3.putBucketCors(r -> r.bucket(bucket).corsConfiguration(c -> c.corsRules(rules)));
  }

  /**
   * The origin presigned links point at (what the portal's CSP must allow to connect to): the S3
   * endpoint override as the SDK picks it, {@code AWS_ENDPOINT_URL_S3} before {@code
   * AWS_ENDPOINT_URL}; null when neither is set.
   */
  public static String storageOrigin(Map<String, String> env) {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
    if (endpoint == null || endpoint.isBlank()) return null;
    URI u = URI.create(endpoint.strip());
    return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
  }
}
