package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    OutboundMessage m = OutboundMessage.write("support@acme.example", null, "ivan@client.example", "Иван Петров",
        "[ACME-7] Принтер не печатает — срочно, очень длинная тема письма для проверки переноса", "Здравствуйте!\nСпасибо.",
        "m1@client.example", List.of("m0@client.example", "m1@client.example"), "auto-replied", Instant.parse("2026-11-24T19:00:00Z"));
    ParsedMail p = parse(m);
    assertEquals(m.messageId(), p.messageId());
    assertTrue(m.messageId().endsWith("@acme.example"));
    assertEquals("[ACME-7] Принтер не печатает — срочно, очень длинная тема письма для проверки переноса", p.subject());
    assertEquals(List.of("m1@client.example"), p.inReplyTo());
    assertEquals(List.of("m0@client.example", "m1@client.example"), p.references());
    assertEquals("auto-replied", p.header("Auto-Submitted"));
    assertEquals("Иван Петров", p.to().getFirst().displayName());
    assertEquals("Здравствуйте!\nСпасибо.", p.text().strip().replace("\r\n", "\n"));
  }

  @Test
  void aReplyToNoMessageHasNoThreadingHeadersAndIsNotAutomatic() throws IOException {
    OutboundMessage m = OutboundMessage.write("support@acme.example", null, "a@b.example", null, "[ACME-1] Re: x", "ok",
        null, List.of(), null, Instant.parse("2026-11-24T19:00:00Z"));
    ParsedMail p = parse(m);
    assertTrue(p.inReplyTo().isEmpty());
    assertFalse(p.headers().containsKey("auto-submitted"));
    for (byte b : m.bytes()) assertTrue(b >= 0, "7-bit on the wire");
  }
}
