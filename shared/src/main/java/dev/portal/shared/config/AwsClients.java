package dev.portal.shared.config;

import dev.portal.shared.store.BlobStore;
import dev.portal.shared.store.SignedS3Links;
import dev.portal.shared.store.SignedS3Objects;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients besides DynamoDB, each built once per container and only in functions whose jar
 * carries that SDK module (the modules are optional dependencies of shared). Region, credentials
 * and endpoints come from the SDK's standard configuration ({@code AWS_REGION}, {@code
 * AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_S3}, ...), never from code.
 */
public final class AwsClients {
  private AwsClients() {}

  /**
   * Emulators (moto, LocalStack, Floci) answer on one host name, so S3 must address buckets by path
   * there; against AWS (no endpoint override) the SDK's default virtual-host style stays.
   */
  static boolean endpointOverridden(String service) {
    String upper = service.toUpperCase(java.util.Locale.ROOT);
    return System.getProperty("aws.endpointUrl" + service) != null
        || System.getProperty("aws.endpointUrl") != null
        || System.getenv("AWS_ENDPOINT_URL_" + upper) != null
        || System.getenv("AWS_ENDPOINT_URL") != null;
  }

  /**
   * The S3 module's client, only where that module is on the class path: local mode (bucket set-up,
   * its SMTP ingress) and the tests. No function's jar carries it: their objects go through {@link
   * SignedS3Objects}.
   */
  @Factory
  @Requires(classes = S3Client.class)
  public static class S3 {
    @Singleton
    S3Client s3() {
      return S3Client.builder()
          .httpClient(UrlConnectionHttpClient.create())
          .forcePathStyle(endpointOverridden("S3"))
          .build();
    }
  }

  /**
   * Presigned links, HeadObject, GetObject and PutObject need no S3 module (SignedS3Links,
   * SignedS3Objects: the SDK's signer and HTTP client), so every function can hand out links,
   * confirm uploads and read or store objects; the links bean is both a BlobLinks and a BlobHeads.
   */
  @Factory
  public static class Links {
    @Singleton
    SignedS3Links blobLinks() {
      return new SignedS3Links();
    }

    /** Raw mail, attachments and invoice PDFs; each use names its bucket. */
    @Singleton
    BlobStore blobStore(SignedS3Links links) {
      return new SignedS3Objects(links);
    }
  }

  @Factory
  @Requires(classes = SqsClient.class)
  public static class Sqs {
    @Singleton
    SqsClient sqs() {
      return SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
  }

  /**
   * Parameter Store through one signed call (SignedSsmParameters), so no function carries the SSM
   * module.
   */
  @Factory
  public static class Parameters {
    @Singleton
    SecureParameters secureParameters() {
      return new SignedSsmParameters();
    }
  }

  @Factory
  @Requires(classes = SesV2Client.class)
  public static class Ses {
    @Singleton
    SesV2Client ses() {
      return SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
  }
}
