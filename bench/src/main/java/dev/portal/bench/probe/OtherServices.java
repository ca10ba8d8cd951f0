package dev.portal.bench.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The warm floor's replay of requests to S3, SQS and SES v2, one class per service so that a
 * function jar without that SDK module never loads it (the probe shares the function's class loader
 * and its SDK classes). Clients are built like the functions' ones (URL-connection HTTP client,
 * path-style S3 behind an emulator endpoint).
 */
final class OtherServices {
  private OtherServices() {}

  static final class S3 {
    private final S3Client s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .forcePathStyle(
                System.getenv("AWS_ENDPOINT_URL") != null
                    || System.getenv("AWS_ENDPOINT_URL_S3") != null)
            .build();

    /**
     * A PutObject is replayed with as many zero bytes as the original body had (the request holds
     * no body).
     */
    void send(SdkRequest request, long bodyLength) {
      switch (request) {
        case GetObjectRequest r -> {
          try (InputStream in = s3.getObject(r)) {
            in.transferTo(OutputStream.nullOutputStream());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        case PutObjectRequest r ->
            s3.putObject(
                r.toBuilder().contentLength(bodyLength).build(),
                RequestBody.fromBytes(new byte[(int) bodyLength]));
        case HeadObjectRequest r -> s3.headObject(r);
        case DeleteObjectRequest r -> s3.deleteObject(r);
        default ->
            throw new IllegalArgumentException(
                "no replay for " + request.getClass().getSimpleName());
      }
    }
  }

  static final class Sqs {
    private final SqsClient sqs =
        SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();

    void send(SdkRequest request) {
      switch (request) {
        case SendMessageRequest r -> sqs.sendMessage(r);
        case SendMessageBatchRequest r -> sqs.sendMessageBatch(r);
        default ->
            throw new IllegalArgumentException(
                "no replay for " + request.getClass().getSimpleName());
      }
    }
  }

  static final class Ses {
    private final SesV2Client ses =
        SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build();

    void send(SdkRequest request) {
      switch (request) {
        case SendEmailRequest r -> ses.sendEmail(r);
        default ->
            throw new IllegalArgumentException(
                "no replay for " + request.getClass().getSimpleName());
      }
    }
  }
}
