package dev.portal.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The poster's own HTTP: what a receiver answers is hostile (any bytes, endless heads), and what it
 * sends must never carry a control character into a header.
 */
class HttpWebhookPosterProperties {
  private static final long FAR = Long.MAX_VALUE / 4;

  /** Counts what was read, so a property can say the reader stopped within its budget. */
  private static final class Counting extends InputStream {
    private final InputStream in;
    int read;

    Counting(byte[] bytes) {
      this.in = new ByteArrayInputStream(bytes);
    }

    @Override
    public int read() throws IOException {
      int c = in.read();
      if (c >= 0) read++;
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) read += n;
      return n;
    }
  }

  @Provide
  Arbitrary<byte[]> answers() {
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> plausible =
        Arbitraries.of(
                "HTTP/1.1 204 No Content\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n",
                "HTTP/1.0 503\r\n",
                "HTTP/1.1 20 OK\r\n",
                "HTTP/2 200\r\n",
                "HTTP/1.1 2x0 OK\r\n",
                "HTTP/1.1 102 Processing\r\nX: y\r\n",
                "http/1.1 200 OK\r\n")
            .map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
    Arbitrary<byte[]> endless =
        Arbitraries.integers()
            .between(1, 3)
            .map(
                k -> {
                  // an endless interim answer, or one endless line
                  String s =
                      k == 1
                          ? "HTTP/1.1 100 Continue\r\n" + "X: y\r\n".repeat(20_000)
                          : "HTTP/1.1 200 " + "a".repeat(100_000);
                  return s.getBytes(StandardCharsets.ISO_8859_1);
                });
    return Arbitraries.oneOf(noise, plausible, endless);
  }

  @Property(tries = 300)
  void anyAnswerGivesAStatusOrAnIOExceptionWithinTheBudget(@ForAll("answers") byte[] answer) {
    Counting in = new Counting(answer);
    try {
      int code = HttpWebhookPoster.status(in, null, FAR);
      assertTrue(code >= 200 && code <= 999, "a final status: " + code);
    } catch (IOException expected) {
      // refused: no answer, not HTTP/1.x, or a head too long
    }
    // The buffered reader may have read ahead by its buffer, never beyond the head's cap.
    assertTrue(in.read <= HttpWebhookPoster.MAX_HEAD + 1024, "read " + in.read);
  }

  @Property(tries = 200)
  void aWellFormedStatusLineIsReadAsItsCode(
      @ForAll @IntRange(min = 200, max = 999) int code, @ForAll("reasons") String reason)
      throws IOException {
    byte[] answer = ("HTTP/1.1 " + code + reason + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(code, HttpWebhookPoster.status(new ByteArrayInputStream(answer), null, FAR));
  }

  @Provide
  Arbitrary<String> reasons() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(s -> " " + s));
  }

  @Property(tries = 300)
  void aHeaderWithAControlCharacterIsNeverWritten(
      @ForAll("printable") String before,
      @ForAll @IntRange(min = 0, max = 0x1f) int control,
      @ForAll("printable") String after) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Portal-Event", before + (char) control + after);
    assertThrows(
        IOException.class,
        () -> HttpWebhookPoster.head(URI.create("https://h.example/x"), "h.example", headers, 1));
  }

  @Property(tries = 200)
  void printableHeadersAreWrittenOneALine(@ForAll("printable") String value) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Portal-Event", value);
    String head =
        new String(
            HttpWebhookPoster.head(
                URI.create("https://h.example:8443/in?a=1"), "h.example", headers, 7),
            StandardCharsets.US_ASCII);
    assertEquals(
        "POST /in?a=1 HTTP/1.1\r\nHost: h.example:8443\r\nPortal-Event: "
            + value
            + "\r\nContent-Length: 7\r\nConnection: close\r\n\r\n",
        head);
  }

  @Provide
  Arbitrary<String> printable() {
    return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
  }

  @Example
  void aNonAsciiPathIsSentEscapedNeverRaw() throws IOException {
    String head =
        new String(
            HttpWebhookPoster.head(
                URI.create("https://h.example/caf\u00e9?q=\u00fc"), "h.example", Map.of(), 0),
            StandardCharsets.US_ASCII);
    assertTrue(head.startsWith("POST /caf%C3%A9?q=%C3%BC HTTP/1.1\r\n"), head);
  }
}
