package dev.portal.shared.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Files kept beside the table: raw mail, attachments, invoice PDFs (S3 in AWS; moto in local mode
 * and tests). Links to them are {@link BlobLinks}, which need no S3 client.
 */
public interface BlobStore {

  /** Streams an object; the caller closes the stream. */
  InputStream open(String bucket, String key) throws IOException;

  void put(String bucket, String key, Path file, String contentType) throws IOException;

  void put(String bucket, String key, byte[] bytes, String contentType);

  /**
   * Thrown when an object does not exist: the message cannot be processed now (retry, then the
   * dead-letter queue).
   */
  final class Missing extends IOException {
    public Missing(String bucket, String key) {
      super("no object s3://" + bucket + "/" + key);
    }
  }
}
