package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailParserTest {

  private final MailParser parser = new MailParser();

  private ParsedMail fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/mail/" + name)) {
      assertTrue(in != null, "missing fixture " + name);
      return parser.parse(in, AttachmentSink.DISCARD);
    }
  }

  private ParsedMail parse(String message) throws IOException {
    return parse(message.getBytes(StandardCharsets.ISO_8859_1));
  }

  private ParsedMail parse(byte[] message) throws IOException {
    return parser.parse(new ByteArrayInputStream(message), AttachmentSink.DISCARD);
  }

  @Test
  void decodesKoi8rHeadersInBAndQAndAn8bitBody() throws IOException {
    ParsedMail mail = fixture("koi8r.eml");
    assertEquals("Принтер не печатает", mail.subject());
    assertEquals("Иван Петров", mail.from().displayName());
    assertEquals("ivan@example.ru", mail.from().email());
    assertEquals("Срочно: принтер", mail.header("x-subject-q"));
    assertTrue(mail.text().startsWith("Здравствуйте!\nНе работает принтер"), mail.text());
    assertEquals("text/plain", mail.bodyContentType());
    ParsedMail q = fixture("koi8r-q.eml");
    assertEquals("Срочно: принтер", q.subject());
    assertEquals("Ольга", q.from().displayName());
    assertEquals("Принтер снова не печатает.", q.text().strip());
  }

  @Test
  void decodesWindows1251() throws IOException {
    ParsedMail mail = fixture("cp1251.eml");
    assertEquals("Принтер не печатает", mail.subject());
    assertEquals("Срочно: принтер", mail.header("x-subject-q"));
    assertTrue(mail.text().contains("С уважением, Иван Петров"), mail.text());
    assertEquals(List.of(), mail.warnings());
  }

  @Test
  void readsCyrillicLabelledKoreanAsCyrillic() throws IOException {
    ParsedMail mail = fixture("ksc-lie-cp1251.eml");
    assertEquals("Запрос цены", mail.subject());
    assertEquals("Добрый день! Подскажите цену.", mail.text().strip());
    assertFalse(mail.warnings().isEmpty(), "the fallback must be recorded");
  }

  @Test
  void prefersCyrillicOverWesternMojibakeWhenTheLabelDoesNotFit() {
    byte[] bytes =
        "Нужна CRMсистема срочно".getBytes(java.nio.charset.Charset.forName("windows-1251"));
    Warnings warnings = new Warnings();
    assertEquals(
        "Нужна CRMсистема срочно", MailCharsets.decode(bytes, "ks_c_5601-1987", warnings, "test"));
    assertEquals(
        "Нужна CRMсистема срочно", MailCharsets.decode(bytes, "windows-1251", warnings, "test"));
  }

  @Test
  void readsAVacationAutoReplyAndRejectsIt() throws IOException {
    ParsedMail mail = fixture("vacation.eml");
    assertEquals(List.of("ticket-acme-42@portal.example"), mail.inReplyTo());
    assertEquals(
        new Verdict.Reject("auto-submitted: auto-replied"),
        MailClassifier.classify(mail, null, null));
    assertEquals("ACME-42", TicketRefs.numberInSubject(mail.subject()).orElseThrow());
  }

  @Test
  void readsAReplyThreadedOnlyByInReplyTo() throws IOException {
    ParsedMail mail = fixture("reply-in-reply-to.eml");
    assertEquals("reply-2@client.example", mail.messageId());
    assertEquals(List.of("ack-acme-42@portal.example"), mail.inReplyTo());
    assertEquals(List.of(), mail.references());
    assertEquals(new MailAddress("alice@client.example", "Alice Client"), mail.from());
    assertEquals(Instant.parse("2026-11-24T12:00:00Z"), mail.date());
    assertEquals("Thanks, it works again.", QuoteTrimmer.trim(mail.text()));
    assertEquals(new Verdict.Accept(), MailClassifier.classify(mail, "PASS", "PASS"));
  }

  @Test
  void turnsHtmlOnlyMailIntoTextWithoutScripts() throws IOException {
    ParsedMail mail = fixture("html-only-script.eml");
    assertEquals("text/html", mail.bodyContentType());
    String text = mail.text();
    assertFalse(
        text.contains("alert")
            || text.contains("evil")
            || text.contains("color")
            || text.contains("<"),
        text);
    assertFalse(text.contains("ignored title"), text);
    assertTrue(text.contains("Hello team,"), text);
    assertTrue(text.contains("the VPN drops\nevery hour."), text);
    assertTrue(text.contains("See the status page."), text);
    assertTrue(text.contains("first") && text.contains("second"), text);
  }

  @Test
  void decodesUtf7AndGb2312AndIso2022jp() throws IOException {
    ParsedMail mail =
        parse(
            """
                From: x@y.example\r
                Subject: =?unicode-1-1-utf-7?Q?+ANw-bermittlung?= =?gb2312?B?1tC5+g==?= =?iso-2022-jp?B?GyRCJUYlOSVIGyhC?=\r
                \r
                body\r
                """);
    assertEquals("Übermittlung中国テスト", mail.subject());
    assertEquals("a+b €", Utf7.decode("a+-b +IKw-".getBytes(), 0, 10));
  }

  @Test
  void readsIso88591AsWindows1252AndUndeclared8bitAsUtf8OrWindows1252() throws IOException {
    byte[] latin =
        "From: x@y.example\r\nSubject: t\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = {(byte) 0x93, 'q', (byte) 0x94, ' ', (byte) 0x80, ' ', (byte) 0xFC};
    assertEquals("“q” € ü", parse(concat(latin, body)).text());
    byte[] undeclared =
        "From: x@y.example\r\nSubject: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        "Grüße", parse(concat(undeclared, "Grüße".getBytes(StandardCharsets.UTF_8))).text());
    assertEquals(
        "Grüße", parse(concat(undeclared, "Grüße".getBytes(MailCharsets.WINDOWS_1252))).text());
  }

  @Test
  void keepsUtf8WithAStrayByteAsUtf8() throws IOException {
    byte[] head =
        "From: x@y.example\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] text = "Grüße".getBytes(StandardCharsets.UTF_8);
    ParsedMail mail = parse(concat(head, concat(text, new byte[] {(byte) 0xFF})));
    assertEquals("Grüße\u00ff", mail.text()); // the stray byte read as windows-1252
    assertTrue(
        mail.warnings().stream().anyMatch(w -> w.contains("stray")), mail.warnings().toString());
  }

  @Test
  void readsUtf8MixedWithLatin1Whole() throws IOException {
    byte[] head = "From: x@y.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] utf8 = "äöü 差出人 / ".getBytes(StandardCharsets.UTF_8);
    byte[] latin1 = "äöü".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("äöü 差出人 / äöü", parse(concat(head, concat(utf8, latin1))).text());
  }

  @Test
  void unknownCharsetsAndBrokenBytesNeverThrow() throws IOException {
    byte[] head =
        "From: x@y.example\r\nSubject: =?x-nonsense?Q?a=FFb?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    ParsedMail mail =
        parse(concat(head, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF}));
    assertTrue(mail.text().startsWith("ok"), mail.text());
    assertFalse(mail.warnings().isEmpty());
    ParsedMail garbage = parse("this is not a mail at all\r\n\r\n--\r\n");
    assertEquals("", garbage.subject());
    assertNull(garbage.from());
  }

  @Test
  void decodesRfc2231AndRfc2047FileNames() throws IOException {
    ParsedMail mail =
        parse(
            """
                From: x@y.example\r
                Subject: files\r
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                Content-Type: text/plain\r
                \r
                see files\r
                --b\r
                Content-Type: application/pdf\r
                Content-Disposition: attachment; filename*0*=utf-8''%D0%A1%D1%87%D0%B5%D1%82; filename*1=".pdf"\r
                Content-Transfer-Encoding: base64\r
                \r
                JVBERg==\r
                --b\r
                Content-Type: text/plain; name="=?utf-8?B?0JDQutGC?=.txt"\r
                Content-Disposition: attachment\r
                \r
                act\r
                --b\r
                Content-Type: image/png\r
                Content-ID: <img1@x>\r
                Content-Transfer-Encoding: base64\r
                \r
                iVBORw==\r
                --b--\r
                """);
    assertEquals("see files", mail.text().strip());
    assertEquals(3, mail.attachments().size());
    AttachmentMeta pdf = mail.attachments().get(0).meta();
    assertEquals(new AttachmentMeta(0, "Счет.pdf", "application/pdf", null, false), pdf);
    assertEquals(4, mail.attachments().get(0).size());
    assertEquals("Акт.txt", mail.attachments().get(1).meta().filename());
    AttachmentMeta image = mail.attachments().get(2).meta();
    assertEquals("img1@x", image.contentId());
    assertTrue(image.inline());
  }

  @Test
  void readsAddressesIdsAndReturnPath() throws IOException {
    ParsedMail mail =
        parse(
            """
                Return-Path: <>\r
                From: "Smith, John" <John.Smith@Example.com>\r
                To: a@x.example, "B" <b@x.example>, team: c@x.example, d@x.example;\r
                Cc: e@x.example (Eve)\r
                Reply-To: <r@x.example>\r
                Message-ID: <m1@x.example>\r
                References: <r1@x> <r2@x>\r
                 <r3@x>\r
                Date: 24 Nov 2026 10:00 +0100\r
                \r
                hi\r
                """);
    assertEquals("", mail.returnPath());
    assertEquals(new MailAddress("John.Smith@Example.com", "Smith, John"), mail.from());
    assertEquals(
        List.of("a@x.example", "b@x.example", "c@x.example", "d@x.example"),
        mail.to().stream().map(MailAddress::email).toList());
    assertEquals(new MailAddress("e@x.example", "Eve"), mail.cc().getFirst());
    assertEquals("r@x.example", mail.replyTo().getFirst().email());
    assertEquals("m1@x.example", mail.messageId());
    assertEquals(List.of("r1@x", "r2@x", "r3@x"), mail.references());
    assertEquals(Instant.parse("2026-11-24T09:00:00Z"), mail.date());
    assertNull(parse("From: a@b\r\n\r\nx").returnPath());
  }

  @Test
  void recoversAMultipartWhoseBoundaryParameterIsLost() throws IOException {
    ParsedMail mail =
        parse(
            """
                From: x@y.example\r
                Content-Type: multipart/alternative;\r
                boundary="lost"\r
                \r
                --lost\r
                Content-Type: text/plain\r
                \r
                found me\r
                --lost\r
                Content-Type: text/html\r
                \r
                <b>found me</b>\r
                --lost--\r
                """);
    assertEquals("found me", mail.text().strip());
    assertEquals(List.of(), mail.attachments());
    assertTrue(
        mail.warnings().stream().anyMatch(w -> w.contains("boundary")), mail.warnings().toString());
  }

  @Test
  void joinsInlineTextPartsInOrderAndKeepsAnHtmlPartAfterAnAttachment() throws IOException {
    ParsedMail mail =
        parse(
            """
                From: x@y.example\r
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                Content-Type: text/html\r
                \r
                <p>first</p>\r
                --b\r
                Content-Type: text/plain\r
                \r
                second\r
                --b\r
                Content-Type: image/png; name=a.png\r
                \r
                png\r
                --b\r
                Content-Type: text/plain\r
                \r
                third\r
                --b\r
                Content-Type: text/html\r
                \r
                <p>a document</p>\r
                --b--\r
                """);
    assertEquals("first\nsecond\nthird", mail.text());
    assertEquals("text/plain", mail.bodyContentType());
    assertEquals(
        List.of("a.png", "document.html"),
        mail.attachments().stream().map(a -> a.meta().filename()).toList());
  }

  @Test
  void capsAHugeTextPart() throws IOException {
    StringBuilder sb = new StringBuilder("From: x@y.example\r\nSubject: big\r\n\r\n");
    String line = "0123456789".repeat(9) + "\r\n";
    while (sb.length() < 5_000_000) {
      sb.append(line);
    }
    ParsedMail mail = parse(sb.toString());
    assertEquals(MailParser.MAX_TEXT_CHARS, mail.text().length());
    assertTrue(
        mail.warnings().stream().anyMatch(w -> w.contains("cut")), mail.warnings().toString());
  }

  @Test
  void aFailingSinkFailsTheParse() {
    AttachmentSink failing =
        (meta, in) -> {
          throw new IOException("disk full");
        };
    String message = "From: x@y\r\nContent-Type: application/pdf\r\n\r\nabc\r\n";
    assertThrows(
        IOException.class,
        () ->
            parser.parse(
                new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)), failing));
  }

  @Test
  void streamsA25MbMessageToTheSinkWithRightSizesAndHashes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.eml");
    List<BigMail.Part> expected = BigMail.write(file, 13_000_000, 5_600_000);
    assertTrue(Files.size(file) > 25_000_000, "the message is " + Files.size(file) + " bytes");
    ParsedMail mail;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      mail = parser.parse(in, AttachmentSink.DISCARD);
    }
    assertEquals("The logs are attached.", mail.text().strip());
    assertEquals(expected.size(), mail.attachments().size());
    for (int i = 0; i < expected.size(); i++) {
      StoredAttachment got = mail.attachments().get(i);
      assertEquals(expected.get(i).filename(), got.meta().filename());
      assertEquals(expected.get(i).size(), got.size());
      assertEquals(expected.get(i).sha256Hex(), got.sha256Hex());
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
