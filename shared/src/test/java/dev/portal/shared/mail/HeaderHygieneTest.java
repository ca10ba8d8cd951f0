package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the parser gives from headers is free of control characters, and ids and addresses are valid
 * or absent.
 */
class HeaderHygieneTest {

  private static ParsedMail parse(String message) throws IOException {
    return new MailParser()
        .parse(
            new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)),
            AttachmentSink.DISCARD);
  }

  private static String mail(String... headerLines) {
    return String.join("\r\n", headerLines) + "\r\nTo: support@acme.example\r\n\r\nbody\r\n";
  }

  /** Every value the parser read from a header, as text. */
  static void assertNoControlCharacters(ParsedMail mail) {
    StringBuilder all = new StringBuilder();
    mail.headers().forEach((k, v) -> all.append(k).append('=').append(v).append('|'));
    all.append(mail.subject())
        .append('|')
        .append(mail.messageId())
        .append('|')
        .append(mail.returnPath());
    mail.inReplyTo().forEach(all::append);
    mail.references().forEach(all::append);
    for (MailAddress a : addresses(mail)) {
      all.append(a.email()).append('|').append(a.displayName());
    }
    for (StoredAttachment s : mail.attachments()) {
      all.append(s.meta().filename()).append('|').append(s.meta().contentId());
    }
    String text = all.toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int at = i;
      assertFalse(
          Character.isISOControl(c) || c == '\u2028' || c == '\u2029',
          () ->
              String.format(
                  "U+%04X at %d in %s", (int) c, at, text.replaceAll("\\p{Cc}", "\u2400")));
    }
  }

  private static List<MailAddress> addresses(ParsedMail mail) {
    List<MailAddress> all = new java.util.ArrayList<>(mail.to());
    all.addAll(mail.cc());
    all.addAll(mail.replyTo());
    if (mail.from() != null) {
      all.add(mail.from());
    }
    return all;
  }

  @Test
  void aLoneCarriageReturnInAHeaderIsNeverKept() throws IOException {
    ParsedMail mail =
        parse(
            mail(
                "From: Alice <alice@client.example>",
                "Subject: a\rBcc: x@evil.example",
                "X-Note: one\rtwo\u0000three\u0007four"));
    assertNoControlCharacters(mail);
    assertEquals("a Bcc: x@evil.example", mail.subject());
    assertEquals("one two three four", mail.header("x-note"));
  }

  @Test
  void controlCharactersInsideEncodedWordsAreNeverKept() throws IOException {
    ParsedMail mail =
        parse(
            mail(
                "From: =?utf-8?Q?Eve=0D=0ABcc:_x@evil.example?= <eve@client.example>",
                "Subject: =?utf-8?B?"
                    + java.util.Base64.getEncoder().encodeToString("a\r\nBcc: y\u0000".getBytes())
                    + "?=",
                "Reply-To: =?utf-8?Q?R=0D?= <r@client.example>"));
    assertNoControlCharacters(mail);
    assertEquals("eve@client.example", mail.from().email());
  }

  @Test
  void aMessageIdThatIsNoMsgIdIsDropped() throws IOException {
    ParsedMail mail =
        parse(
            mail(
                "From: a@client.example",
                "Message-ID: <injC@example.org\rBcc: injC@evil.example>",
                "In-Reply-To: <ok@example.org> <bad id@example.org> <no-at-sign>",
                "References: <r1@example.org>\r\n <x@example.org\rReply-To: attacker@evil.example> <r2@[10.0.0.1]>"));
    assertNull(mail.messageId());
    assertEquals(List.of("ok@example.org"), mail.inReplyTo());
    assertEquals(List.of("r1@example.org", "r2@[10.0.0.1]"), mail.references());
    assertNoControlCharacters(mail);
  }

  @Test
  void aMessageIdLongerThanAHeaderLineIsDropped() throws IOException {
    assertNull(
        parse(mail("From: a@client.example", "Message-ID: <" + "x".repeat(990) + "@example.org>"))
            .messageId());
    assertEquals(
        "x".repeat(900) + "@example.org",
        parse(mail("From: a@client.example", "Message-ID: <" + "x".repeat(900) + "@example.org>"))
            .messageId());
  }

  @Test
  void aFromWithoutAValidAddressGivesNoSender() throws IOException {
    ParsedMail mail = parse(mail("From: <e1@example.org\rBcc: inje@evil.example>"));
    assertNull(mail.from());
    assertNoControlCharacters(mail);
  }

  @Test
  void aFromNamingManyAddressesYieldsItsFirstValidOne() throws IOException {
    assertEquals(
        "r0@a.example",
        parse(mail("From: <r0@a.example,r1@a.example,r2@a.example>")).from().email());
    assertEquals(
        "b@a.example",
        parse(mail("From: Ann <not an address>, b@a.example, c@a.example")).from().email());
  }

  @Test
  void addressesOutsideRfc5321LengthsAreDropped() throws IOException {
    String longLocal = "x".repeat(65) + "@a.example";
    String longAddress = "xyz@" + ("a".repeat(60) + ".").repeat(4) + "example"; // 255 characters
    ParsedMail mail =
        parse(
            mail(
                "From: " + longLocal + ", " + longAddress + ", ok@a.example",
                "Cc: " + longLocal + ", cc@a.example"));
    assertEquals("ok@a.example", mail.from().email());
    assertEquals(List.of("cc@a.example"), mail.cc().stream().map(MailAddress::email).toList());
  }

  @Test
  void aFieldWhoseNameHoldsAControlCharacterIsNoHeader() throws IOException {
    // Found by HostileMailProperties: a value's CR LF started a line "(\r): x" that came back as a
    // header named "(\r)".
    ParsedMail mail = parse(mail("From: a@client.example", "X-Note: a\r\n(\r): x", "Subject: s"));
    assertEquals(java.util.Set.of("from", "x-note", "subject", "to"), mail.headers().keySet());
    assertNoControlCharacters(mail);
  }
}
