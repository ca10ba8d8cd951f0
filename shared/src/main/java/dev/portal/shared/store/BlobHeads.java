package dev.portal.shared.store;

import java.util.Optional;

/**
 * What S3 holds under a key (HeadObject), without the S3 module: an upload made through a presigned
 * link is confirmed by what arrived, never by what the client says arrived.
 */
public interface BlobHeads {
  /** The object's size and stored content type; empty when there is no such object. */
  Optional<Head> head(String bucket, String key);

  record Head(long size, String contentType) {}
}
