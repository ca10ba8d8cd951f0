package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Past a cap the parser degrades, says so, and goes on: nothing a sender adds can hide the rest of
 * the message.
 */
class MailCapsTest {

  private static ParsedMail parse(String message) throws IOException {
    return new MailParser()
        .parse(
            new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)),
            AttachmentSink.DISCARD);
  }

  @Test
  void aHeaderOverOneMebibyteBeforeFromIsCutAndParsingGoesOn() throws IOException {
    String oneLine = "X-Big: " + "a".repeat(1_100_000) + "\r\n";
    String folded = "X-Folded: x\r\n" + (" " + "b".repeat(998) + "\r\n").repeat(1_100);
    for (String big : new String[] {oneLine, folded}) {
      ParsedMail mail =
          parse(big + "From: Alice <alice@client.example>\r\nSubject: hi\r\n\r\nbody\r\n");
      assertEquals(
          "alice@client.example",
          mail.from() == null ? null : mail.from().email(),
          mail.warnings()::toString);
      assertEquals("hi", mail.subject());
      assertEquals("body", mail.text().strip());
      String name = big.substring(0, big.indexOf(':')).toLowerCase(java.util.Locale.ROOT);
      assertTrue(mail.header(name).length() <= MailLimits.MAX_HEADER_BYTES, name);
      assertTrue(
          mail.warnings().stream().anyMatch(w -> w.contains("cut to")), mail.warnings()::toString);
    }
  }

  @Test
  void aHeaderSectionOfThousandsOfFieldsKeepsTheFirstThousandAndStillFindsFrom()
      throws IOException {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      fields.append("X-Field-").append(i).append(": y\r\n");
    }
    ParsedMail mail =
        parse(fields + "From: Alice <alice@client.example>\r\nSubject: hi\r\n\r\nbody\r\n");
    assertEquals("alice@client.example", mail.from() == null ? null : mail.from().email());
    assertEquals("hi", mail.subject());
    assertTrue(
        mail.headers().size() <= PartHeaders.MAX_FIELDS + 2,
        () -> mail.headers().size() + " headers kept");
    assertTrue(
        mail.warnings().stream().anyMatch(w -> w.contains("header fields")),
        mail.warnings()::toString);
  }

  @Test
  void mimeNestedDeeperThanTheCapStopsParsingWithAWarning() throws IOException {
    StringBuilder sb =
        new StringBuilder(
            "From: a@client.example\r\nSubject: deep\r\n"
                + "Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
    int depth = 5_000;
    for (int d = 1; d <= depth; d++) {
      sb.append("--b")
          .append(d - 1)
          .append("\r\nContent-Type: multipart/mixed; boundary=b")
          .append(d)
          .append("\r\n\r\n");
    }
    sb.append("--b").append(depth).append("\r\nContent-Type: text/plain\r\n\r\ndeepest\r\n");
    for (int d = depth; d >= 0; d--) {
      sb.append("--b").append(d).append("--\r\n");
    }
    ParsedMail mail = parse(sb.toString());
    assertEquals("a@client.example", mail.from().email());
    assertTrue(
        mail.warnings().stream().anyMatch(w -> w.contains("nested deeper than")),
        mail.warnings()::toString);
  }

  /** A message with {@code count} small attachments, each a few bytes of base64. */
  static String manyAttachments(int count) {
    StringBuilder sb =
        new StringBuilder(
            "From: a@client.example\r\nSubject: many\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n");
    for (int i = 0; i < count; i++) {
      sb.append(
              "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=f")
          .append(i)
          .append(".bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n");
    }
    return sb.append("--b--\r\n").toString();
  }

  @Test
  void partsPastTheAttachmentCapNeverReachTheSink() throws IOException {
    java.util.concurrent.atomic.AtomicInteger stored =
        new java.util.concurrent.atomic.AtomicInteger();
    AttachmentSink counting =
        (meta, decoded) -> {
          stored.incrementAndGet();
          return AttachmentSink.DISCARD.store(meta, decoded);
        };
    ParsedMail mail =
        new MailParser()
            .parse(
                new ByteArrayInputStream(
                    manyAttachments(1_000).getBytes(StandardCharsets.ISO_8859_1)),
                counting);
    assertEquals(MailLimits.MAX_ATTACHMENTS, stored.get(), "parts given to the sink");
    assertEquals(MailLimits.MAX_ATTACHMENTS, mail.attachments().size());
    assertEquals(1_000 - MailLimits.MAX_ATTACHMENTS, mail.attachmentsDropped());
    assertEquals("hi", mail.text().strip());
  }

  @Test
  void aPartThatWouldGoPastTheByteBudgetIsNotStoredAndTheNextSmallOneIs() throws IOException {
    String chunk = java.util.Base64.getMimeEncoder().encodeToString(new byte[400 * 1024]);
    StringBuilder sb =
        new StringBuilder(
            "From: a@client.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
    for (String name : new String[] {"one", "two", "three"}) {
      sb.append(
              "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=")
          .append(name)
          .append("\r\nContent-Transfer-Encoding: base64\r\n\r\n")
          .append(chunk)
          .append("\r\n");
    }
    sb.append(
        "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=small\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--b--\r\n");
    java.util.List<String> kept = new java.util.ArrayList<>();
    AttachmentSink spooling =
        (meta, decoded) -> {
          byte[] all =
              decoded
                  .readAllBytes(); // as S3AttachmentSink spools: an OverBudget here stores nothing
          kept.add(meta.filename());
          return new StoredAttachment(meta, meta.filename(), all.length, "x");
        };
    ParsedMail mail =
        new MailParser(MailLimits.MAX_ATTACHMENTS, 1024 * 1024)
            .parse(
                new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.ISO_8859_1)),
                spooling);
    assertEquals(java.util.List.of("one", "two", "small"), kept);
    assertEquals(
        java.util.List.of("one", "two", "small"),
        mail.attachments().stream().map(a -> a.meta().filename()).toList());
    assertEquals(1, mail.attachmentsDropped());
    assertEquals(
        java.util.List.of(0, 1, 2),
        mail.attachments().stream().map(a -> a.meta().index()).toList());
  }
}
