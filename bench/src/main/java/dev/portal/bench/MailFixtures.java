package dev.portal.bench;

import dev.portal.shared.email.EmailConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the S3/SQS/SES functions need on the emulator behind {@code AWS_ENDPOINT_URL} (moto, started
 * by scripts/bench.sh), and the mails the inbound-email function reads from it.
 *
 * <p>Every inbound invocation must be a new message (a repeated Message-ID is a {@code duplicate}),
 * and an acknowledgement goes to a sender at most 5 times an hour, so mail number {@code n} gets
 * its own Message-ID and S3 key and comes from contact {@code bench<n/4>@globex.example} (the bench
 * seeds them): every typical mail opens a ticket and is acknowledged, as a known contact's first
 * mail is.
 */
final class MailFixtures {
  static final String MAIL_BUCKET = "portal-mail-bench";
  static final String FILES_BUCKET = "portal-files-bench";
  static final String OUTBOUND_QUEUE = "portal-outbound-mail-bench";
  static final String DOMAIN = "globex.example";
  static final int MAILS_PER_SENDER = 4;

  /** The three attachments of the large mail; their base64 lines make the raw message 25.0 MB. */
  static final int LARGE_ATTACHMENT_BYTES = 6_080_000;

  final String endpoint;
  final String outboundQueueUrl;
  private final S3Client s3;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);

  private MailFixtures(String endpoint, S3Client s3, String outboundQueueUrl) {
    this.endpoint = endpoint;
    this.s3 = s3;
    this.outboundQueueUrl = outboundQueueUrl;
  }

  /**
   * The buckets, the outbound queue and SES's sending identity of the demo mailbox's domain (a
   * verified domain in AWS).
   */
  static MailFixtures create(String endpoint) {
    S3Client s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .forcePathStyle(true)
            .build();
    for (String bucket : new String[] {MAIL_BUCKET, FILES_BUCKET}) {
      if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket)))
        s3.createBucket(r -> r.bucket(bucket));
    }
    String queue;
    try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      queue = sqs.createQueue(r -> r.queueName(OUTBOUND_QUEUE)).queueUrl();
    }
    try (SesV2Client ses =
        SesV2Client.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      ses.createEmailIdentity(r -> r.emailIdentity("demo.example"));
    } catch (AlreadyExistsException exists) {
      // an earlier run on the same emulator
    }
    return new MailFixtures(endpoint, s3, queue);
  }

  /**
   * What every child gets: the SDK's standard endpoint variable and the functions' settings
   * (Micronaut maps them).
   */
  Map<String, String> env() {
    return Map.of(
        "AWS_ENDPOINT_URL",
        endpoint,
        "MAIL_BUCKET",
        MAIL_BUCKET,
        "FILES_BUCKET",
        FILES_BUCKET,
        "OUTBOUND_QUEUE_URL",
        outboundQueueUrl);
  }

  static String sender(long n) {
    return "bench" + (n / MAILS_PER_SENDER) + "@" + DOMAIN;
  }

  static String typicalKey(String n) {
    return EmailConfig.RAW_PREFIX + "bench-typical-" + n;
  }

  static String largeKey(String n) {
    return EmailConfig.RAW_PREFIX + "bench-large-" + n;
  }

  /** Typical mails number {@code from} .. {@code to - 1} into the bucket (a few KB each). */
  void putTypical(long from, long to) {
    for (long n = from; n < to; n++) {
      byte[] raw = typical(n);
      String key = typicalKey(Long.toString(n));
      s3.putObject(r -> r.bucket(MAIL_BUCKET).key(key), RequestBody.fromBytes(raw));
    }
  }

  /**
   * A typical support mail: a known contact, multipart/mixed, about 3 KB of plain text and a 2 KB
   * PNG screenshot (base64): some 6 KB in all.
   */
  byte[] typical(long n) {
    String boundary = "=_bench_" + n;
    StringBuilder b = new StringBuilder(8192);
    b.append("From: Bench Contact ")
        .append(n / MAILS_PER_SENDER)
        .append(" <")
        .append(sender(n))
        .append(">\r\n")
        .append("To: Support <support@demo.example>\r\n")
        .append("Subject: VPN drops every hour since Monday (")
        .append(n)
        .append(")\r\n")
        .append("Message-ID: <bench-")
        .append(runId)
        .append("-typical-")
        .append(n)
        .append("@")
        .append(DOMAIN)
        .append(">\r\n")
        .append("Date: Tue, 24 Nov 2026 19:46:19 +0000\r\n")
        .append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"")
        .append(boundary)
        .append("\"\r\n\r\n")
        .append("--")
        .append(boundary)
        .append("\r\nContent-Type: text/plain; charset=UTF-8\r\n")
        .append("Content-Transfer-Encoding: 8bit\r\n\r\n")
        .append("Hello support,\r\n\r\n");
    for (int i = 0; i < 36; i++) {
      b.append("Since Monday the VPN connection drops roughly every hour, line ")
          .append(i)
          .append(" of the log below; the client reconnects after 30 s.\r\n");
    }
    b.append("\r\nThanks, Contact ")
        .append(n / MAILS_PER_SENDER)
        .append("\r\n\r\n")
        .append("--")
        .append(boundary)
        .append("\r\nContent-Type: image/png; name=\"screenshot.png\"\r\n")
        .append("Content-Disposition: attachment; filename=\"screenshot.png\"\r\n")
        .append("Content-Transfer-Encoding: base64\r\n\r\n");
    byte[] png = new byte[2048];
    new Random(n).nextBytes(png);
    b.append(Base64.getMimeEncoder().encodeToString(png))
        .append("\r\n--")
        .append(boundary)
        .append("--\r\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The large mail number {@code n} (from Bob, a seeded contact): text and three binary attachments
   * of 6,080,000 bytes (a zip, a pcap, a PDF), base64 in 76-character lines, 25.0 MB raw. Written
   * to a temporary file in 57-byte steps and uploaded from it, so it never is in memory as a whole
   * (neither here nor in the function, which streams it from S3).
   */
  long putLarge(long n, Path work) throws IOException {
    Path file = work.resolve("large-" + n + ".eml");
    String boundary = "=_bench_large_" + n;
    Random random = new Random(n);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      write(
          out,
          "From: Bob Client-Admin <bob@globex.example>\r\n"
              + "To: Support <support@demo.example>\r\nSubject: Logs and captures of the outage ("
              + n
              + ")\r\n"
              + "Message-ID: <bench-"
              + runId
              + "-large-"
              + n
              + "@"
              + DOMAIN
              + ">\r\n"
              + "Date: Tue, 24 Nov 2026 19:46:19 +0000\r\nMIME-Version: 1.0\r\n"
              + "Content-Type: multipart/mixed; boundary=\""
              + boundary
              + "\"\r\n\r\n"
              + "--"
              + boundary
              + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
              + "Hello support,\r\n\r\nattached are the logs, the packet capture and the report of last night's outage.\r\n"
              + "\r\nThanks\r\n\r\n");
      String[][] parts = {
        {"application/zip", "logs.zip"},
        {"application/vnd.tcpdump.pcap", "capture.pcap"},
        {"application/pdf", "report.pdf"}
      };
      byte[] chunk = new byte[57];
      Base64.Encoder base64 = Base64.getEncoder();
      for (String[] part : parts) {
        write(
            out,
            "--"
                + boundary
                + "\r\nContent-Type: "
                + part[0]
                + "; name=\""
                + part[1]
                + "\"\r\n"
                + "Content-Disposition: attachment; filename=\""
                + part[1]
                + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n");
        for (int left = LARGE_ATTACHMENT_BYTES; left > 0; left -= chunk.length) {
          int len = Math.min(chunk.length, left);
          random.nextBytes(chunk);
          out.write(base64.encode(len == chunk.length ? chunk : Arrays.copyOf(chunk, len)));
          out.write('\r');
          out.write('\n');
        }
      }
      write(out, "--" + boundary + "--\r\n");
    }
    long size = Files.size(file);
    s3.putObject(
        r -> r.bucket(MAIL_BUCKET).key(largeKey(Long.toString(n))), RequestBody.fromFile(file));
    Files.delete(file);
    return size;
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
