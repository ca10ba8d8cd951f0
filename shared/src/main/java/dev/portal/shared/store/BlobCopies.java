package dev.portal.shared.store;

/**
 * Server-side copies and deletes, without the S3 module: a confirmed upload moves from the prefix
 * that expires ({@code uploads/}) to the one that stays ({@code attachments/}) without its bytes
 * passing through a function.
 */
public interface BlobCopies {
  /**
   * Copies {@code fromKey} to {@code toKey} in {@code bucket} (one CopyObject, metadata and content
   * type kept).
   *
   * @return false when there is no object at {@code fromKey}
   */
  boolean copy(String bucket, String fromKey, String toKey);

  /** Deletes an object; one that is not there is no error. */
  void delete(String bucket, String key);
}
