package dev.portal.bench;

import dev.portal.shared.email.InboundMailService;
import dev.portal.shared.mail.AttachmentSink;
import dev.portal.shared.mail.MailClassifier;
import dev.portal.shared.mail.ParsedMail;
import dev.portal.shared.mail.QuoteTrimmer;
import dev.portal.shared.mail.TicketRefs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What reading one inbound mail costs the inbound-email function, in this process, with no
 * emulator: the same parse entry point ({@link InboundMailService#parse}), classifier, quote
 * trimmer and subject reference the function runs on every message, for a typical reply of a few KB
 * and for replies built to be slow (the shapes the property tests in {@code HostileMailProperties}
 * prove linear). Attachments are decoded and hashed, not stored. A table of median and worst time
 * per case and their ratio to the typical reply; a benchmark, never a test: nothing fails on a
 * timing.
 */
public final class MailParseBench {
  /**
   * Timed iterations per case ({@code BENCH_MAIL_ITERATIONS}); a small default keeps the section to
   * seconds.
   */
  static final int DEFAULT_ITERATIONS = 5;

  /**
   * Typical replies parsed first, so that the timed cases meet compiled code as a warm container
   * does.
   */
  static final int WARMUP = 200;

  record Case(String name, byte[] raw) {}

  record Row(String name, int bytes, Stats millis) {}

  private MailParseBench() {}

  /**
   * Runs the section alone: {@code java -cp <bench's class path> dev.portal.bench.MailParseBench}.
   */
  public static void main(String[] args) {
    run(System.out, iterations());
  }

  static int iterations() {
    return Integer.parseInt(
        System.getenv()
            .getOrDefault("BENCH_MAIL_ITERATIONS", Integer.toString(DEFAULT_ITERATIONS)));
  }

  static List<Row> run(PrintStream out, int iterations) {
    List<Case> cases = cases();
    byte[] typical = cases.getFirst().raw();
    for (int i = 0; i < WARMUP; i++) read(typical);
    List<Row> rows = new ArrayList<>();
    for (Case c : cases) {
      double[] ms = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        long started = System.nanoTime();
        read(c.raw());
        ms[i] = (System.nanoTime() - started) / 1e6;
      }
      rows.add(new Row(c.name(), c.raw().length, Stats.of(ms)));
    }
    print(out, rows, iterations);
    return rows;
  }

  static void print(PrintStream out, List<Row> rows, int iterations) {
    double typical = rows.getFirst().millis().p50();
    out.println();
    out.printf(
        Locale.ROOT,
        "Reading one inbound mail in-process (parse, classify, trim quotes, subject reference; JVM %s),"
            + " %d iterations per case after %d typical ones (ms)%n",
        Runtime.version(),
        iterations,
        WARMUP);
    out.printf(
        Locale.ROOT,
        "%-44s %10s %9s %9s %10s %10s%n",
        "case",
        "bytes",
        "median",
        "worst",
        "med x typ",
        "worst x typ");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-44s %10d %9.3f %9.3f %10.1f %10.1f%n",
          r.name(),
          r.bytes(),
          r.millis().p50(),
          r.millis().max(),
          r.millis().p50() / typical,
          r.millis().max() / typical);
    }
  }

  /**
   * What the function does with the bytes before it decides anything about tenant, ticket or
   * sender.
   */
  static void read(byte[] raw) {
    try {
      ParsedMail mail =
          InboundMailService.parse(new ByteArrayInputStream(raw), AttachmentSink.DISCARD);
      MailClassifier.classify(mail, "PASS", "PASS");
      QuoteTrimmer.trim(mail.text() == null ? "" : mail.text());
      TicketRefs.numberInSubject(mail.subject());
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array stream never fails", e);
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("typical reply (text + html + quote)", typicalReply()));
    cases.add(new Case("reply: one line of 625 x \"x wrote \"", reply("x wrote ".repeat(625))));
    cases.add(
        new Case(
            "reply: one line of 1 MB of \"x wrote \"", reply("x wrote ".repeat(1024 * 1024 / 8))));
    cases.add(new Case("reply: one 10 MB line", tenMegabyteLine()));
    cases.add(new Case("5,000 MIME parts", manyParts(5_000)));
    cases.add(new Case("multipart nested 1,000 deep", deeplyNested(1_000)));
    cases.add(new Case("64 KB References header", largeHeader()));
    return cases;
  }

  private static final String HEAD =
      "From: Alice Client <alice@globex.example>\r\n"
          + "To: Support <support@demo.example>\r\n"
          + "Subject: Re: [DEMO-1] VPN drops every hour since Monday\r\n"
          + "Message-ID: <reply-1@globex.example>\r\n"
          + "In-Reply-To: <ticket-DEMO-1@demo.example>\r\n"
          + "References: <ticket-DEMO-1@demo.example>\r\n"
          + "Date: Tue, 24 Nov 2026 19:46:19 +0000\r\nMIME-Version: 1.0\r\n";

  /**
   * A threaded reply as mail clients send it: a few lines on top, the quoted history below, text
   * and HTML.
   */
  static byte[] typicalReply() {
    StringBuilder text =
        new StringBuilder("Hello,\r\n\r\nit happened again at 10:00, the log is below.\r\n\r\n");
    for (int i = 0; i < 12; i++)
      text.append("10:00:").append(10 + i).append(" vpn: keepalive timeout, reconnecting\r\n");
    text.append(
        "\r\nThanks, Alice\r\n\r\nOn Mon, 23 Nov 2026 at 18:02, Support <support@demo.example> wrote:\r\n");
    for (int i = 0; i < 20; i++)
      text.append("> We changed the keepalive interval on the gateway, line ")
          .append(i)
          .append(".\r\n");
    String html =
        "<html><body><p>" + text.toString().replace("\r\n", "<br>\r\n") + "</p></body></html>\r\n";
    return bytes(
        HEAD
            + "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
            + "--alt\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            + text
            + "--alt\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
            + html
            + "--alt--\r\n");
  }

  /**
   * A threaded reply whose body is {@code line}, one line with no break: the quote trimmer's worst
   * shape.
   */
  static byte[] reply(String line) {
    return bytes(
        HEAD
            + "Content-Type: text/plain; charset=UTF-8\r\n\r\nThanks\r\n\r\n"
            + line
            + ":\r\n> old\r\n");
  }

  static byte[] tenMegabyteLine() {
    byte[] line = new byte[10 * 1024 * 1024];
    Arrays.fill(line, (byte) 'x');
    ByteArrayOutputStream b = new ByteArrayOutputStream(line.length + 1024);
    b.writeBytes(bytes(HEAD + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"));
    b.writeBytes(line);
    b.writeBytes(bytes("\r\n"));
    return b.toByteArray();
  }

  static byte[] manyParts(int parts) {
    StringBuilder sb =
        new StringBuilder(HEAD + "Content-Type: multipart/mixed; boundary=b0z\r\n\r\n");
    String[] types = {"text/plain", "application/octet-stream", "text/html", "image/png"};
    for (int p = 0; p < parts; p++) {
      sb.append("--b0z\r\nContent-Type: ")
          .append(types[p % types.length])
          .append("\r\nContent-Transfer-Encoding: base64\r\n\r\nPGI+eDwvYj4=\r\n");
    }
    return bytes(sb.append("--b0z--\r\n").toString());
  }

  /**
   * Boundaries {@code b<d>z}: none is a prefix of another, so the nesting is unambiguous (RFC 2046
   * 5.1.1).
   */
  static byte[] deeplyNested(int depth) {
    StringBuilder sb =
        new StringBuilder(HEAD + "Content-Type: multipart/mixed; boundary=b0z\r\n\r\n");
    for (int d = 1; d <= depth; d++) {
      sb.append("--b")
          .append(d - 1)
          .append("z\r\nContent-Type: multipart/mixed; boundary=b")
          .append(d)
          .append("z\r\n\r\n");
    }
    sb.append("--b").append(depth).append("z\r\nContent-Type: text/plain\r\n\r\ndeep down\r\n");
    for (int d = depth; d >= 0; d--) sb.append("--b").append(d).append("z--\r\n");
    return bytes(sb.toString());
  }

  /**
   * A reply whose References header, folded over many lines, is 64 KB: the header limit
   * (MailLimits).
   */
  static byte[] largeHeader() {
    StringBuilder refs = new StringBuilder("References:");
    for (int i = 0; refs.length() < 64 * 1024 - 64; i++)
      refs.append("\r\n <thread-").append(i).append("@globex.example>");
    String head = HEAD.replace("References: <ticket-DEMO-1@demo.example>\r\n", refs + "\r\n");
    return bytes(head + "Content-Type: text/plain; charset=UTF-8\r\n\r\nStill broken.\r\n");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
