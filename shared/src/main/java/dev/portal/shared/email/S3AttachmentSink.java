package dev.portal.shared.email;

import dev.portal.shared.mail.AttachmentMeta;
import dev.portal.shared.mail.AttachmentSink;
import dev.portal.shared.mail.StoredAttachment;
import dev.portal.shared.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams each attachment to S3 under the tenant's prefix as the parser decodes it. PutObject needs
 * the length up front, so each part is spooled to a temporary file first (Lambda's /tmp), hashed on
 * the way, uploaded from the file and deleted: no part is ever held in memory. The key is derived
 * from the raw message's key and the part's index, so a redelivery of the same object overwrites
 * rather than duplicates. Nothing is uploaded before the whole part is spooled, so a part the
 * parser cuts off ({@link AttachmentSink.OverBudget}) leaves no object behind.
 */
public final class S3AttachmentSink implements AttachmentSink {
  private final BlobStore blobs;
  private final String bucket;
  private final String prefix;

  /**
   * @param prefix e.g. {@code attachments/<tenant>/<message hash>/}
   */
  public S3AttachmentSink(BlobStore blobs, String bucket, String prefix) {
    this.blobs = blobs;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  public static String key(String prefix, int index) {
    return prefix + index;
  }

  @Override
  public StoredAttachment store(AttachmentMeta meta, InputStream decoded) throws IOException {
    Path spool = Files.createTempFile("att-", ".part");
    try {
      MessageDigest sha = sha256();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), sha)) {
        size = decoded.transferTo(out);
      }
      String key = key(prefix, meta.index());
      blobs.put(
          bucket,
          key,
          spool,
          meta.mimeType() == null ? "application/octet-stream" : meta.mimeType());
      return new StoredAttachment(meta, key, size, HexFormat.of().formatHex(sha.digest()));
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
