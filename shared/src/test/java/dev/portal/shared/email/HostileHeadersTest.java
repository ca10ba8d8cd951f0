package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * The attackers' mails of issue 9 (findings 2 and 3), delivered through the real inbound service
 * and notifier: the acknowledgement goes to exactly the one intended recipient, with exactly our
 * headers, even when read by a mail reader that takes a lone CR or LF for a line break.
 */
class HostileHeadersTest {
  private static final List<String> ACK_HEADERS =
      List.of(
          "From",
          "To",
          "Subject",
          "Date",
          "Message-ID",
          "Auto-Submitted",
          "MIME-Version",
          "Content-Type",
          "Content-Transfer-Encoding");

  private final MailPipeline pipeline = new MailPipeline();

  private static String mail(String... headerLines) {
    StringBuilder b = new StringBuilder();
    for (String h : headerLines) b.append(h).append("\r\n");
    return b.append("To: ")
        .append(MailPipeline.MAILBOX)
        .append("\r\nSubject: Printer on fire\r\n")
        .append("Content-Type: text/plain; charset=UTF-8\r\n\r\nIt smokes.\r\n")
        .toString();
  }

  /**
   * The one acknowledgement, checked to go to {@code requester} alone with exactly {@code headers}.
   */
  private MailPipeline.Sent onlyAcknowledgementTo(String requester, List<String> headers) {
    return onlyAcknowledgementTo(requester, "To: " + requester, headers);
  }

  private MailPipeline.Sent onlyAcknowledgementTo(
      String requester, String toLine, List<String> headers) {
    List<MailPipeline.Sent> sent = pipeline.sendQueued();
    assertEquals(1, sent.size(), "one acknowledgement");
    MailPipeline.Sent ack = sent.getFirst();
    assertEquals(MailPipeline.MAILBOX, ack.from());
    assertEquals(List.of(requester), ack.to(), "the SES destination");
    assertOnlyCrLfLineBreaks(ack.raw());
    List<String> lines = headerLinesAsALenientReaderSeesThem(ack.raw());
    assertEquals(headers, fieldNames(lines), () -> "header fields of\n" + ack.text());
    assertTrue(lines.contains(toLine), () -> "To names the requester alone:\n" + ack.text());
    assertTrue(body(ack.raw()).startsWith("Thank you for your message."), () -> body(ack.raw()));
    return ack;
  }

  @Test
  void aLoneCarriageReturnInAMessageIdNeverReachesAnOutboundHeader() throws IOException {
    pipeline.deliver(
        mail(
            "From: Alice <alice@client.example>",
            "Message-ID: <injC@example.org\rBcc: injC@evil.example>"));

    // The id is not a valid msg-id, so it is dropped: nothing to answer with In-Reply-To or
    // References.
    onlyAcknowledgementTo(
        "alice@client.example", "To: \"Alice\" <alice@client.example>", ACK_HEADERS);
    assertEquals("alice@client.example", pipeline.ticket(1).requester().email());
  }

  @Test
  void aLoneCarriageReturnInFromNeverReachesTheRecipients() throws IOException {
    pipeline.deliver(
        mail(
            "Return-Path: <e1@example.org>",
            "From: <e1@example.org\rBcc: inje@evil.example>",
            "Message-ID: <e1m@example.org>"));

    // The From mailbox is no valid address: the envelope sender SES recorded is the requester, but
    // SES's verdicts
    // authenticate the From header only, so the ticket is for agents and nothing is sent to anyone.
    assertEquals(
        List.of(), pipeline.sendQueued(), "no acknowledgement, so no header at all to inject into");
    assertEquals("e1@example.org", pipeline.ticket(1).requester().email());
    assertEquals(null, pipeline.ticket(1).clientId());
  }

  @Test
  void aMessageIdSmugglingAReplyToAndABodyGivesTheAcknowledgementNeither() throws IOException {
    pipeline.deliver(
        mail(
            "From: Bob <bob@client.example>",
            "Message-ID: <x@example.org\rReply-To: attacker@evil.example\r\rURGENT: wire the money to attacker@evil.example>"));

    MailPipeline.Sent ack =
        onlyAcknowledgementTo(
            "bob@client.example", "To: \"Bob\" <bob@client.example>", ACK_HEADERS);
    assertTrue(!ack.text().contains("attacker") && !body(ack.raw()).contains("URGENT"), ack::text);
  }

  @Test
  void aFromNamingManyAddressesIsAnsweredAtItsFirstAddressAlone() throws IOException {
    StringJoiner many = new StringJoiner(",", "<", ">");
    for (int i = 0; i < 20; i++) many.add("r" + i + "@a.example");
    pipeline.deliver(mail("From: " + many, "Message-ID: <many@a.example>"));

    List<String> threaded = new ArrayList<>(ACK_HEADERS);
    threaded.addAll(5, List.of("In-Reply-To", "References"));
    onlyAcknowledgementTo("r0@a.example", threaded);
    assertEquals("r0@a.example", pipeline.ticket(1).requester().email());
    assertEquals(
        List.of("acme#r0@a.example#2026-11-24T19:00:00Z"),
        List.copyOf(pipeline.mail.ackSlots.keySet()),
        "the hourly cap counts the one requester");
  }

  private static void assertOnlyCrLfLineBreaks(byte[] raw) {
    for (int i = 0; i < raw.length; i++) {
      int at = i;
      assertTrue(
          raw[i] != '\r' || (i + 1 < raw.length && raw[i + 1] == '\n'),
          () -> "lone CR at byte " + at);
      assertTrue(raw[i] != '\n' || (i > 0 && raw[i - 1] == '\r'), () -> "lone LF at byte " + at);
      assertTrue(raw[i] != 0, () -> "NUL at byte " + at);
    }
  }

  /**
   * The header section split at every CR, LF or CRLF: what a reader that accepts any of them as a
   * line break sees.
   */
  private static List<String> headerLinesAsALenientReaderSeesThem(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    return List.of(text.substring(0, text.indexOf("\r\n\r\n")).split("\r\n|\r|\n"));
  }

  private static List<String> fieldNames(List<String> lines) {
    return lines.stream()
        .filter(l -> !l.startsWith(" ") && !l.startsWith("\t"))
        .map(l -> l.contains(":") ? l.substring(0, l.indexOf(':')) : "(no field: " + l + ")")
        .toList();
  }

  private static String body(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    String base64 = text.substring(text.indexOf("\r\n\r\n") + 4);
    return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
