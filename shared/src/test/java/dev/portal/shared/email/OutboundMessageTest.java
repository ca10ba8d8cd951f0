package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.mail.AttachmentSink;
import dev.portal.shared.mail.MailParser;
import dev.portal.shared.mail.ParsedMail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the notifier writes reads back, through our own parser, as what it meant. */
class OutboundMessageTest {

  private static ParsedMail parse(OutboundMessage m) throws IOException {
    return new MailParser().parse(new ByteArrayInputStream(m.bytes()), AttachmentSink.DISCARD);
  }

  @Test
  void anAcknowledgementCarriesTheNumberThreadingHeadersAndAutoSubmitted() throws IOException {
    OutboundMessage m =
        OutboundMessage.write(
            "support@acme.example",
            null,
            "ivan@client.example",
            "Иван Петров",
            "[ACME-7] Принтер не печатает — срочно, очень длинная тема письма для проверки переноса",
            "Здравствуйте!\nСпасибо.",
            "m1@client.example",
            List.of("m0@client.example", "m1@client.example"),
            "auto-replied",
            Instant.parse("2026-11-24T19:00:00Z"));
    ParsedMail p = parse(m);
    assertEquals(m.messageId(), p.messageId());
    assertTrue(m.messageId().endsWith("@acme.example"));
    assertEquals(
        "[ACME-7] Принтер не печатает — срочно, очень длинная тема письма для проверки переноса",
        p.subject());
    assertEquals(List.of("m1@client.example"), p.inReplyTo());
    assertEquals(List.of("m0@client.example", "m1@client.example"), p.references());
    assertEquals("auto-replied", p.header("Auto-Submitted"));
    assertEquals("Иван Петров", p.to().getFirst().displayName());
    assertEquals("Здравствуйте!\nСпасибо.", p.text().strip().replace("\r\n", "\n"));
  }

  @Test
  void aReplyToNoMessageHasNoThreadingHeadersAndIsNotAutomatic() throws IOException {
    OutboundMessage m =
        OutboundMessage.write(
            "support@acme.example",
            null,
            "a@b.example",
            null,
            "[ACME-1] Re: x",
            "ok",
            null,
            List.of(),
            null,
            Instant.parse("2026-11-24T19:00:00Z"));
    ParsedMail p = parse(m);
    assertTrue(p.inReplyTo().isEmpty());
    assertFalse(p.headers().containsKey("auto-submitted"));
    for (byte b : m.bytes()) assertTrue(b >= 0, "7-bit on the wire");
  }

  private static final Instant NOW = Instant.parse("2026-11-24T19:00:00Z");

  private static OutboundMessage ack(
      String to, String toName, String subject, String inReplyTo, List<String> references) {
    return OutboundMessage.write(
        "support@acme.example",
        null,
        to,
        toName,
        subject,
        "ok",
        inReplyTo,
        references,
        "auto-replied",
        NOW);
  }

  @Test
  void aHeaderValueWithCrLfOrNulIsRefused() {
    for (String bad : List.of("\r", "\n", "\r\n", "\u0000")) {
      String id = "injC@example.org" + bad + "Bcc: injC@evil.example";
      assertThrows(
          IllegalArgumentException.class,
          () -> ack("a@b.example", null, "x", id, List.of()),
          "In-Reply-To");
      assertThrows(
          IllegalArgumentException.class,
          () -> ack("a@b.example", null, "x", null, List.of("m@b.example", id)),
          "References");
      assertThrows(
          IllegalArgumentException.class,
          () -> ack("a@b.example", null, "x" + bad + "Bcc: e@evil.example", null, List.of()),
          "Subject");
      assertThrows(
          IllegalArgumentException.class,
          () -> ack("a@b.example", "Ann" + bad + "Bcc: e@evil.example", "x", null, List.of()),
          "To's display name");
    }
  }

  @Test
  void aRecipientThatIsNotExactlyOneValidAddressIsRefused() {
    for (String to :
        List.of(
            "r0@a.example,r1@a.example",
            "e1@example.org\rBcc: e@evil.example",
            "a@b.example c@d.example",
            "<a@b.example>",
            "no-at-sign",
            "a@",
            "@b.example",
            "a b@c.example",
            "x".repeat(65) + "@b.example",
            "a@" + "b".repeat(250) + ".example",
            "")) {
      assertThrows(IllegalArgumentException.class, () -> ack(to, null, "x", null, List.of()), to);
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            OutboundMessage.write(
                "a@b.example, c@d.example",
                null,
                "ok@b.example",
                null,
                "x",
                "ok",
                null,
                List.of(),
                "auto-replied",
                NOW),
        "the From address too");
  }

  @Test
  void aMessageIdThatIsNotAValidMsgIdIsRefused() {
    for (String id :
        List.of("no-at-sign", "a b@c.example", "a@b>c", "<a@b.example>", "a@b.example\tx", "")) {
      assertThrows(
          IllegalArgumentException.class, () -> ack("a@b.example", null, "x", id, List.of()), id);
    }
  }
}
