package dev.portal.shared.webhook;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 over a socket connected to an address the deliverer checked, so that a name which
 * answers a public address to the check and an internal one a moment later (DNS rebinding) never
 * reaches the internal one: {@code java.net.http} would look the name up again and offers no way to
 * pin it. TLS still verifies the certificate against the URL's name (SNI and endpoint
 * identification), as a client that looked the name up itself would. Redirects are never followed
 * (only the status is read), the receiver's answer is read no further than its status line, and
 * every wait has a limit.
 */
public final class HttpWebhookPoster implements WebhookPoster {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** A status line or an interim answer's header line longer than this is no HTTP answer. */
  static final int MAX_LINE = 8 * 1024;

  /** Header bytes read across interim (1xx) answers before the final status line. */
  static final int MAX_HEAD = 64 * 1024;

  private final SSLSocketFactory tlsSockets;
  private final Duration requestTimeout;

  /** The JDK's default trust: the receivers' certificates are checked as any HTTPS client would. */
  public HttpWebhookPoster() {
    this((SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** With another trust store (tests: a receiver's own certificate). */
  HttpWebhookPoster(SSLSocketFactory tlsSockets) {
    this(tlsSockets, REQUEST_TIMEOUT);
  }

  /** With a shorter deadline (tests: a receiver that never answers). */
  HttpWebhookPoster(SSLSocketFactory tlsSockets, Duration requestTimeout) {
    this.tlsSockets = tlsSockets;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public int post(URI url, List<InetAddress> addresses, Map<String, String> headers, byte[] body)
      throws IOException {
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
    String host = url.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    byte[] head = head(url, host, headers, body.length);
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    IOException last = null;
    for (InetAddress address : addresses) {
      // Closing the raw socket also ends a TLS one layered on it (autoClose), and covers a
      // handshake
      // that failed before the TLS socket existed.
      try (Socket raw = new Socket()) {
        try {
          // Every address's connect shares the delivery's one deadline.
          int wait = (int) Math.min(CONNECT_TIMEOUT.toMillis(), remainingMillis(deadline));
          raw.connect(new InetSocketAddress(address, port), wait);
        } catch (SocketTimeoutException e) {
          last = e;
          if (System.nanoTime() - deadline >= 0) break;
          continue; // the next checked address, as a client that resolved the name would
        } catch (IOException e) {
          last = e;
          continue;
        }
        Socket s = tls ? secure(raw, bare, port, deadline) : raw;
        OutputStream out = new BufferedOutputStream(s.getOutputStream());
        out.write(head);
        out.write(body);
        out.flush();
        return status(s.getInputStream(), s, deadline);
      }
    }
    throw last != null ? last : new IOException("no address to connect to");
  }

  /** The request line and headers; refused when any part would carry a control character. */
  static byte[] head(URI url, String host, Map<String, String> headers, int length)
      throws IOException {
    // As a browser would: characters beyond ASCII in the path or query go as UTF-8 %XX escapes.
    URI ascii = URI.create(url.toASCIIString());
    String path =
        ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
    String target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
    StringBuilder b = new StringBuilder(256);
    b.append("POST ").append(visible(target, "request target")).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(visible(host, "host"));
    if (url.getPort() != -1) b.append(':').append(url.getPort());
    b.append("\r\n");
    for (var h : headers.entrySet()) {
      b.append(visible(h.getKey(), "header name"))
          .append(": ")
          .append(visible(h.getValue(), "header " + h.getKey()))
          .append("\r\n");
    }
    b.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Printable ASCII and spaces only: no CR, LF or other control byte reaches the receiver. */
  private static String visible(String s, String what) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) throw new IOException(what + " carries a character HTTP forbids");
    }
    return s;
  }

  private Socket secure(Socket raw, String host, int port, long deadline) throws IOException {
    raw.setSoTimeout(remainingMillis(deadline)); // the handshake, too, waits only so long
    SSLSocket s = (SSLSocket) tlsSockets.createSocket(raw, host, port, true);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (!WebhookTargets.isLiteral(host)) p.setServerNames(List.of(new SNIHostName(host)));
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  /**
   * The final status: interim (1xx) answers are read through their headers and skipped, within
   * {@link #MAX_HEAD} bytes and the request's deadline.
   */
  static int status(InputStream in, Socket s, long deadline) throws IOException {
    Reader r = new Reader(new BufferedInputStream(in, 1024), s, deadline);
    while (true) {
      int code = parseStatus(r.line());
      if (code >= 200) return code;
      while (!r.line().isEmpty()) {
        // an interim answer's header, skipped
      }
    }
  }

  /** {@code HTTP/1.x NNN reason}: the code, or an IOException for anything else. */
  static int parseStatus(String line) throws IOException {
    if (line.length() < 12
        || !line.startsWith("HTTP/1.")
        || line.charAt(8) != ' '
        || !Character.isDigit(line.charAt(7))
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw new IOException("the receiver did not answer HTTP/1.1");
    }
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') throw new IOException("the receiver did not answer HTTP/1.1");
      code = code * 10 + (c - '0');
    }
    if (code < 100) throw new IOException("the receiver did not answer HTTP/1.1");
    return code;
  }

  /** Lines of the answer's head, each read under what is left of the deadline. */
  private static final class Reader {
    private final InputStream in;
    private final Socket socket;
    private final long deadline;
    private int budget = MAX_HEAD;

    Reader(InputStream in, Socket socket, long deadline) {
      this.in = in;
      this.socket = socket;
      this.deadline = deadline;
    }

    /** One line without its CRLF (or LF), at most {@link #MAX_LINE} bytes. */
    String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      while (true) {
        // Each read waits only for what is left, so a receiver dripping a byte at a time cannot
        // hold the delivery past its deadline.
        if (socket != null) socket.setSoTimeout(remainingMillis(deadline));
        int c;
        try {
          c = in.read();
        } catch (SocketTimeoutException e) {
          throw new SocketTimeoutException("the receiver answered too slowly");
        }
        if (c < 0) throw new IOException("the receiver closed the connection without an answer");
        if (--budget < 0 || b.length() >= MAX_LINE) {
          throw new IOException("the receiver's answer head is too long");
        }
        if (c == '\n') {
          int n = b.length();
          if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
          return b.toString();
        }
        b.append((char) c);
      }
    }
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) throw new SocketTimeoutException("the receiver answered too slowly");
    return (int) left;
  }
}
