package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The links the functions hand out, made without the S3 module, are the S3 module's own presigner's
 * links: same host, path, parameters and signature, for AWS's virtual-hosted addressing and an
 * emulator's path style, with keys and file names that need encoding. (The test classpath has the
 * S3 module; the functions' jars do not.)
 */
class SignedS3LinksTest {
  private static final Pattern DATE = Pattern.compile("X-Amz-Date=(\\d{8}T\\d{6}Z)");
  private static final DateTimeFormatter AMZ =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://s3.eu-west-1.amazonaws.com|eu-west-1|false|portal-files-123|tenants/acme/invoices/inv_1.pdf|INV-2026-0001.pdf",
        "https://s3.us-east-1.amazonaws.com|us-east-1|false|portal-mail|attachments/acme/12/at_x/Отчёт за ноябрь.pdf|Отчёт за ноябрь.pdf",
        "http://127.0.0.1:45123|us-east-1|true|portal-mail|attachments/a b+c/%41~*'()!.txt|a \"quoted\"; name.txt",
        "http://localhost:4566|eu-central-1|true|b|k|",
      })
  void aLinkIsTheS3PresignersLinkByteForByte(
      String endpoint,
      String regionId,
      boolean pathStyle,
      String bucket,
      String key,
      String filename) {
    Region region = Region.of(regionId);
    var credentials =
        StaticCredentialsProvider.create(
            AwsSessionCredentials.create(
                "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token/+="));
    Duration ttl = Duration.ofMinutes(15);
    String disposition = dev.portal.shared.upload.FileNames.contentDisposition(filename);
    String contentType = filename == null ? null : "application/octet-stream";
    String theirs;
    try (S3Presigner presigner =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            .endpointOverride(URI.create(endpoint))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
            .build()) {
      theirs =
          presigner
              .presignGetObject(
                  p ->
                      p.signatureDuration(ttl)
                          .getObjectRequest(
                              g ->
                                  g.bucket(bucket)
                                      .key(key)
                                      .responseContentDisposition(disposition)
                                      .responseContentType(contentType)))
              .url()
              .toString();
    }
    Matcher date = DATE.matcher(theirs);
    if (!date.find()) throw new AssertionError("no X-Amz-Date in " + theirs);
    Instant signedAt = AMZ.parse(date.group(1), Instant::from);
    String ours =
        new SignedS3Links(
                Clock.fixed(signedAt, ZoneOffset.UTC),
                region,
                URI.create(endpoint),
                pathStyle,
                credentials)
            .presignedGet(bucket, key, ttl, filename, contentType)
            .toString();
    assertEquals(theirs, ours);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://s3.eu-west-1.amazonaws.com|eu-west-1|false|uploads/acme/12/up_1/screen shot.png|image/png|1048576",
        "http://127.0.0.1:45123|us-east-1|true|uploads/acme/12/up_2/Отчёт.pdf|application/pdf|26214400",
      })
  void anUploadLinkIsTheS3PresignersWithTypeAndLengthSigned(
      String endpoint,
      String regionId,
      boolean pathStyle,
      String key,
      String contentType,
      long length) {
    Region region = Region.of(regionId);
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret/+="));
    Duration ttl = Duration.ofMinutes(10);
    String theirs;
    try (S3Presigner presigner =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            .endpointOverride(URI.create(endpoint))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
            .build()) {
      theirs =
          presigner
              .presignPutObject(
                  p ->
                      p.signatureDuration(ttl)
                          .putObjectRequest(
                              o ->
                                  o.bucket("portal-mail")
                                      .key(key)
                                      .contentType(contentType)
                                      .contentLength(length)))
              .url()
              .toString();
    }
    Matcher date = DATE.matcher(theirs);
    if (!date.find()) throw new AssertionError("no X-Amz-Date in " + theirs);
    Instant signedAt = AMZ.parse(date.group(1), Instant::from);
    String ours =
        new SignedS3Links(
                Clock.fixed(signedAt, ZoneOffset.UTC),
                region,
                URI.create(endpoint),
                pathStyle,
                credentials)
            .presignedPut("portal-mail", key, ttl, contentType, length)
            .toString();
    assertEquals(theirs, ours);
    assertEquals(
        true, ours.contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"), ours);
  }

  @ParameterizedTest
  @CsvSource({"AKIDEXAMPLE,secret"})
  void basicCredentialsSignWithoutASessionToken(String id, String secret) {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
    String link =
        new SignedS3Links(
                Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC),
                Region.EU_WEST_1,
                URI.create("https://s3.eu-west-1.amazonaws.com"),
                false,
                credentials)
            .presignedGet("bucket", "key", Duration.ofMinutes(5), "f.pdf")
            .toString();
    assertEquals(false, link.contains("X-Amz-Security-Token"), link);
    assertEquals(true, link.startsWith("https://bucket.s3.eu-west-1.amazonaws.com/key?"), link);
    assertEquals(true, link.contains("X-Amz-Expires=300"), link);
  }
}
