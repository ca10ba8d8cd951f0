package dev.portal.shared.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link BlobStore} on S3. */
public final class S3BlobStore implements BlobStore {
  private final S3Client s3;

  public S3BlobStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public InputStream open(String bucket, String key) throws IOException {
    try {
      return s3.getObject(r -> r.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw new Missing(bucket, key);
    }
  }

  /**
   * PutObject needs the length up front: the caller spools a stream to a file first, so no part
   * sits in memory.
   */
  @Override
  public void put(String bucket, String key, Path file, String contentType) {
    s3.putObject(
        r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
  }

  @Override
  public void put(String bucket, String key, byte[] bytes, String contentType) {
    s3.putObject(
        r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
  }
}
