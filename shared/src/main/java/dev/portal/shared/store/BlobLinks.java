package dev.portal.shared.store;

import java.net.URI;
import java.time.Duration;

/**
 * Links that let a browser fetch a stored file directly, without the file passing through a
 * function.
 */
public interface BlobLinks {
  /** A presigned GET that expires after {@code ttl}, telling the browser the file's name. */
  default URI presignedGet(String bucket, String key, Duration ttl, String filename) {
    return presignedGet(bucket, key, ttl, filename, null);
  }

  /**
   * As above, and S3 answers with {@code contentType} instead of the type stored with the object
   * (none: the stored one). The name travels in a {@code Content-Disposition: attachment} built by
   * {@link dev.portal.shared.upload.FileNames#contentDisposition}.
   */
  URI presignedGet(String bucket, String key, Duration ttl, String filename, String contentType);

  /**
   * A presigned PUT that expires after {@code ttl}. The content type and length are signed: the
   * upload must send exactly these {@code Content-Type} and {@code Content-Length} headers, or S3
   * refuses it.
   */
  URI presignedPut(String bucket, String key, Duration ttl, String contentType, long contentLength);
}
