package dev.portal.shared.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link BlobStore} on S3. */
public final class S3BlobStore implements BlobStore {
  private final S3Client s3;
  private final S3Presigner presigner;

  public S3BlobStore(S3Client s3, S3Presigner presigner) {
    this.s3 = s3;
    this.presigner = presigner;
  }

  @Override
  public InputStream open(String bucket, String key) throws IOException {
    try {
      return s3.getObject(r -> r.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw new Missing(bucket, key);
    }
  }

  /** PutObject needs the length up front: the caller spools a stream to a file first, so no part sits in memory. */
  @Override
  public void put(String bucket, String key, Path file, String contentType) {
    s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
  }

  @Override
  public void put(String bucket, String key, byte[] bytes, String contentType) {
    s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
  }

  @Override
  public URI presignedGet(String bucket, String key, Duration ttl, String filename) {
    String disposition = "attachment; filename*=UTF-8''"
        + URLEncoder.encode(filename == null ? "attachment" : filename, StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create(presigner.presignGetObject(p -> p.signatureDuration(ttl)
        .getObjectRequest(g -> g.bucket(bucket).key(key).responseContentDisposition(disposition))).url().toString());
  }
}
