package dev.portal.shared.mail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and hashes (SHA-256) the bytes read through it, so a sink can report size and hash of what
 * it stored without holding the bytes. {@link #close()} does not close the wrapped stream: the
 * parser owns it.
 */
public final class MeasuringInputStream extends FilterInputStream {

  private final MessageDigest sha256;
  private long size;

  public MeasuringInputStream(InputStream in) {
    super(in);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      size++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n > 0) {
      sha256.update(buf, off, n);
      size += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be hashed.
    byte[] buf = new byte[8192];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // The parser closes the part; a sink closing it early must not end the message.
  }

  /** Reads what is left, so that size and hash cover the whole part. */
  public MeasuringInputStream drain() throws IOException {
    byte[] buf = new byte[8192];
    while (read(buf, 0, buf.length) >= 0) {
      // counting and hashing happen in read
    }
    return this;
  }

  public long size() {
    return size;
  }

  /** Hex SHA-256 of the bytes read so far; call once, after the last read. */
  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }
}
