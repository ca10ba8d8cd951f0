package dev.portal.shared.store;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link InvoiceFiles} in one S3 bucket ({@code FILES_BUCKET}); only functions that carry the S3 SDK build it. */
public final class S3InvoiceFiles implements InvoiceFiles {
  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;

  public S3InvoiceFiles(S3Client s3, S3Presigner presigner, String bucket) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
  }

  @Override
  public void putPdf(String key, byte[] pdf) {
    s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/pdf"), RequestBody.fromBytes(pdf));
  }

  @Override
  public URI presignedGet(String key, Duration ttl) {
    try {
      return presigner.presignGetObject(r -> r.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket).key(key)))
          .url().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("presigned URL is not a URI", e);
    }
  }
}
