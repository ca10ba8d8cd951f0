package dev.portal.shared.store;

import java.net.URI;
import java.time.Duration;

/**
 * Links that let a browser fetch a stored file directly, without the file passing through a
 * function.
 */
public interface BlobLinks {
  /** A presigned GET that expires after {@code ttl}, telling the browser the file's name. */
  URI presignedGet(String bucket, String key, Duration ttl, String filename);

  /**
   * A presigned PUT that expires after {@code ttl}. The content type and length are signed: the
   * upload must send exactly these {@code Content-Type} and {@code Content-Length} headers, or S3
   * refuses it.
   */
  URI presignedPut(String bucket, String key, Duration ttl, String contentType, long contentLength);
}
