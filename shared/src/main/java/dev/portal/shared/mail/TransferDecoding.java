package dev.portal.shared.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/**
 * Undoes a part's Content-Transfer-Encoding while it streams. Our own base64 because mime4j's drops
 * an incomplete last group (unpadded base64, which real senders write) where Ruby, Python and mail
 * clients keep its 1-2 bytes; and x-uuencode, which mime4j does not decode at all. Quoted-printable
 * is mime4j's, silent on errors.
 */
final class TransferDecoding {

  private TransferDecoding() {}

  static InputStream decode(InputStream raw, String contentTransferEncoding) {
    String cte =
        contentTransferEncoding == null
            ? ""
            : contentTransferEncoding.strip().toLowerCase(Locale.ROOT);
    return switch (cte) {
      case "base64" -> new Base64Stream(raw);
      case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
      case "x-uuencode", "uuencode", "x-uue", "uue" -> new UuStream(raw);
      default -> raw; // 7bit, 8bit, binary, and unknown tokens: as sent
    };
  }

  /**
   * Decodes its input a chunk at a time into {@code out}; a subclass says how the next chunk is
   * made.
   */
  abstract static class RefillingStream extends InputStream {
    final InputStream in;
    final byte[] out;
    int outPos;
    int outLen;
    boolean eof;

    RefillingStream(InputStream in, int chunk) {
      this.in = in;
      this.out = new byte[chunk];
    }

    /** Decodes the next chunk into {@code out} (from {@code outPos = 0}), or sets {@code eof}. */
    abstract void refill() throws IOException;

    @Override
    public int read() throws IOException {
      while (outPos == outLen) {
        if (eof) {
          return -1;
        }
        refill();
      }
      return out[outPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (outPos == outLen) {
        if (eof) {
          return -1;
        }
        refill();
      }
      int n = Math.min(len, outLen - outPos);
      System.arraycopy(out, outPos, b, off, n);
      outPos += n;
      return n;
    }
  }

  /**
   * Base64 that skips characters outside the alphabet, restarts after '=' padding, and keeps a
   * partial tail.
   */
  static final class Base64Stream extends RefillingStream {
    private final byte[] inBuf = new byte[8192];
    private int bits;
    private int nbits;

    Base64Stream(InputStream in) {
      super(in, 8192);
    }

    @Override
    void refill() throws IOException {
      int n = in.read(inBuf);
      outPos = 0;
      outLen = 0;
      if (n < 0) {
        eof = true;
        return;
      }
      for (int i = 0; i < n; i++) {
        int c = inBuf[i];
        int v = value(c);
        if (v >= 0) {
          bits = (bits << 6) | v;
          nbits += 6;
          if (nbits >= 8) {
            nbits -= 8;
            out[outLen++] = (byte) (bits >>> nbits);
            bits &= (1 << nbits) - 1;
          }
        } else if (c == '=') {
          bits = 0; // padding: the group is complete; what follows (if anything) starts afresh
          nbits = 0;
        }
      }
    }

    private static int value(int c) {
      if (c >= 'A' && c <= 'Z') {
        return c - 'A';
      }
      if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
      }
      if (c >= '0' && c <= '9') {
        return c - '0' + 52;
      }
      if (c == '+') {
        return 62;
      }
      if (c == '/') {
        return 63;
      }
      return -1;
    }
  }

  /**
   * uuencode: lines of a length character and groups of four characters for three bytes; "begin"
   * and "end" lines skipped. Decodes line by line, so only one line is ever buffered.
   */
  static final class UuStream extends RefillingStream {
    private final byte[] line = new byte[1024];

    UuStream(InputStream in) {
      super(in, 768);
    }

    @Override
    void refill() throws IOException {
      outPos = 0;
      outLen = 0;
      int len = 0;
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r' && len < line.length) {
          line[len++] = (byte) c;
        }
      }
      if (c < 0) {
        eof = true;
      }
      if (len == 0 || startsWith(line, len, "begin ") || startsWith(line, len, "end")) {
        return;
      }
      int count = (line[0] - 0x20) & 0x3f;
      for (int i = 1; i + 3 < len + 3 && outLen < count; i += 4) {
        int a = ch(line, i, len);
        int b = ch(line, i + 1, len);
        int d = ch(line, i + 2, len);
        int e = ch(line, i + 3, len);
        int triple = a << 18 | b << 12 | d << 6 | e;
        for (int k = 2; k >= 0 && outLen < count; k--) {
          out[outLen++] = (byte) (triple >>> (8 * k));
        }
      }
    }

    private static int ch(byte[] line, int i, int len) {
      return i < len ? (line[i] - 0x20) & 0x3f : 0;
    }

    private static boolean startsWith(byte[] line, int len, String prefix) {
      if (len < prefix.length()) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        if (line[i] != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }
  }
}
