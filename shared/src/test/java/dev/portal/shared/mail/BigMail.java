package dev.portal.shared.mail;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a large multipart message straight to a file (never whole in memory): a short text body
 * and attachments of pseudo-random bytes, base64-encoded as mail clients do. Records each
 * attachment's size and SHA-256.
 */
final class BigMail {

  record Part(String filename, long size, String sha256Hex) {}

  private BigMail() {}

  /** Writes the message; returns the attachments as they should come out of the parser. */
  static List<Part> write(Path file, long... attachmentSizes) throws IOException {
    List<Part> parts = new ArrayList<>();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
      ascii(
          out,
          """
                    From: Big Sender <big@client.example>\r
                    To: support@example.com\r
                    Subject: Logs attached\r
                    Message-ID: <big-1@client.example>\r
                    MIME-Version: 1.0\r
                    Content-Type: multipart/mixed; boundary="BIG-BOUNDARY"\r
                    \r
                    --BIG-BOUNDARY\r
                    Content-Type: text/plain; charset=utf-8\r
                    \r
                    The logs are attached.\r
                    """);
      SplittableRandom random = new SplittableRandom(42);
      for (int i = 0; i < attachmentSizes.length; i++) {
        String name = "log-" + i + ".bin";
        ascii(
            out,
            "--BIG-BOUNDARY\r\nContent-Type: application/octet-stream; name=\""
                + name
                + "\"\r\n"
                + "Content-Disposition: attachment; filename=\""
                + name
                + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n");
        MessageDigest sha = sha256();
        OutputStream encoder =
            Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .wrap(new NonClosing(out));
        byte[] chunk = new byte[8190]; // a multiple of 3, so no padding mid-stream
        long left = attachmentSizes[i];
        while (left > 0) {
          int n = (int) Math.min(chunk.length, left);
          random.nextBytes(chunk);
          encoder.write(chunk, 0, n);
          sha.update(chunk, 0, n);
          left -= n;
        }
        encoder.close();
        ascii(out, "\r\n");
        parts.add(new Part(name, attachmentSizes[i], HexFormat.of().formatHex(sha.digest())));
      }
      ascii(out, "--BIG-BOUNDARY--\r\n");
    }
    return parts;
  }

  private static void ascii(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
