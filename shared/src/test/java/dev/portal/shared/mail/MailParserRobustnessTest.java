package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bad content must never make the parser throw: mangled copies of our fixtures all parse to
 * something.
 */
class MailParserRobustnessTest {

  private static final String[] FIXTURES = {
    "koi8r.eml",
    "cp1251.eml",
    "ksc-lie-cp1251.eml",
    "vacation.eml",
    "reply-in-reply-to.eml",
    "html-only-script.eml"
  };
  private static final String[] NOISE = {
    "\r\n--b\r\n",
    "=?utf-8?B?",
    "?=",
    "=?x?Q?=FF",
    "\"",
    "<",
    ">",
    ",",
    ";",
    "Content-Type: multipart/mixed; boundary=b\r\n",
    "charset*0*=utf-8''%",
    "\r\n\r\n",
    "=\r\n",
    "\u0000",
    "Content-Transfer-Encoding: base64\r\n",
    "Content-Transfer-Encoding: x-uuencode\r\n",
    "begin 644 x\r\n",
    "\u00ff\u00fe",
    "+ADw-"
  };

  @Test
  void mangledMessagesParseWithoutThrowing() throws IOException {
    List<byte[]> originals = new ArrayList<>();
    for (String name : FIXTURES) {
      try (InputStream in = getClass().getResourceAsStream("/mail/" + name)) {
        originals.add(in.readAllBytes());
      }
    }
    originals.add(multipart().getBytes(StandardCharsets.ISO_8859_1));
    SplittableRandom random = new SplittableRandom(7);
    MailParser parser = new MailParser();
    for (int round = 0; round < 400; round++) {
      byte[] message = mangle(originals.get(random.nextInt(originals.size())), random);
      try {
        ParsedMail mail = parser.parse(new ByteArrayInputStream(message), AttachmentSink.DISCARD);
        assertNotNull(mail.subject());
        assertNotNull(mail.text());
        MailClassifier.classify(mail, null, null);
        QuoteTrimmer.trim(mail.text());
      } catch (RuntimeException e) {
        fail(
            "round " + round + " threw on:\n" + new String(message, StandardCharsets.ISO_8859_1),
            e);
      }
    }
  }

  private static byte[] mangle(byte[] original, SplittableRandom random) {
    StringBuilder sb = new StringBuilder(new String(original, StandardCharsets.ISO_8859_1));
    int edits = 1 + random.nextInt(8);
    for (int i = 0; i < edits && !sb.isEmpty(); i++) {
      int at = random.nextInt(sb.length());
      switch (random.nextInt(4)) {
        case 0 -> sb.setCharAt(at, (char) random.nextInt(256));
        case 1 -> sb.insert(at, NOISE[random.nextInt(NOISE.length)]);
        case 2 -> sb.delete(at, Math.min(sb.length(), at + random.nextInt(40)));
        default -> sb.setLength(at);
      }
    }
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String multipart() {
    return """
                From: "A, B" <a@b.example>\r
                Subject: =?utf-8?Q?x?=\r
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                Content-Type: multipart/alternative; boundary=c\r
                \r
                --c\r
                Content-Type: text/plain; charset=utf-7\r
                \r
                Hi +ANw-\r
                --c\r
                Content-Type: text/html\r
                \r
                <p>Hi</p>\r
                --c--\r
                --b\r
                Content-Type: message/rfc822\r
                \r
                Subject: inner\r
                \r
                inner body\r
                --b\r
                Content-Type: application/octet-stream; name*=utf-8''a%20b.bin\r
                Content-Transfer-Encoding: base64\r
                \r
                AAECAw\r
                --b--\r
                """;
  }
}
