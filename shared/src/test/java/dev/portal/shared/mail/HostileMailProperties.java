package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.email.InboundMailService;
import dev.portal.shared.email.OutboundMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The mail parser, classifier, quote trimmer and address parser on adversarial input (issue 9):
 * every case completes within {@link #BUDGET} (the cubic quote trimmer took 16 to 60 s on 3 to 5
 * KB), never throws, and keeps the invariants the rest of the channel relies on: no control
 * character in any header value, every address and message id valid, the requester null or exactly
 * one valid address, and a reply to it writable without refusal.
 */
class HostileMailProperties {

  /**
   * Generous for a 2-core machine under load: the linear code needs well under a second for any
   * case here.
   */
  private static final Duration BUDGET = Duration.ofSeconds(5);

  private static final List<String> HEADER_NAMES =
      List.of(
          "From",
          "To",
          "Cc",
          "Reply-To",
          "Return-Path",
          "Message-ID",
          "In-Reply-To",
          "References",
          "Subject",
          "Date",
          "Content-Type",
          "Content-Disposition",
          "Auto-Submitted",
          "X-Anything");
  // Pieces of header values an attacker combines: line breaks of every kind, NUL, encoded CR LF,
  // address syntax.
  private static final List<String> HOSTILE =
      List.of(
          "\r",
          "\n",
          "\r\n",
          "\r\n ",
          "\u0000",
          "\u0007",
          "\t",
          " ",
          "<",
          ">",
          ",",
          ";",
          ":",
          "@",
          "\"",
          "(",
          ")",
          "\\",
          "[",
          "]",
          ".",
          "=?utf-8?Q?=0D=0A?=",
          "=?utf-8?B?DQpCY2M6IGV2aWw=?=",
          "=?",
          "?=",
          "a",
          "x@example.org",
          "Bcc: evil@evil.example",
          "\u2028",
          "\u00e9",
          "\u00ff",
          "wrote",
          "On ",
          "x wrote ",
          "r0@a.example,r1@a.example",
          "<id@example.org>");
  // Tokens whose long repetition made backtracking patterns explode, or could.
  private static final List<String> REPEATED =
      List.of(
          "x wrote ",
          "On x wrote ",
          "wrote: ",
          "1 ",
          " ",
          "-",
          "\t",
          "<",
          ">",
          "=?",
          "=?utf-8?Q?",
          "a@",
          "[A-1 ",
          "On ",
          "--",
          "_",
          "From: ",
          "Sent: ",
          "\"",
          "(",
          "x@y, ",
          "a écrit ",
          "написал ",
          "1.1.",
          "<a@b>");

  private static <T> T within(Supplier<T> work) {
    return assertTimeoutPreemptively(BUDGET, work::get);
  }

  private static ParsedMail parse(byte[] message) {
    return within(
        () -> {
          try {
            return new MailParser()
                .parse(new ByteArrayInputStream(message), AttachmentSink.DISCARD);
          } catch (java.io.IOException e) {
            throw new AssertionError("a byte array stream never fails", e);
          }
        });
  }

  private static byte[] bytes(String message) {
    return message.getBytes(StandardCharsets.UTF_8);
  }

  /** What the rest of the channel takes for granted of every parsed mail. */
  private static void assertInvariants(ParsedMail mail) {
    HeaderHygieneTest.assertNoControlCharacters(mail);
    for (MailAddress a :
        concat(
            mail.to(),
            mail.cc(),
            mail.replyTo(),
            mail.from() == null ? List.of() : List.of(mail.from()))) {
      assertTrue(MailSyntax.isAddress(a.email()), () -> "address " + a.email());
    }
    assertTrue(
        mail.messageId() == null || MailSyntax.isMessageId(mail.messageId()), mail::messageId);
    for (String id : concat(mail.inReplyTo(), mail.references())) {
      assertTrue(MailSyntax.isMessageId(id), () -> "id " + id);
    }
    assertTrue(mail.references().size() <= MessageIds.MAX_IDS);
    assertTrue(mail.attachments().size() <= MailLimits.MAX_ATTACHMENTS);
    String requester = InboundMailService.senderOf(mail);
    assertTrue(
        requester == null || MailSyntax.isAddress(requester), () -> "requester " + requester);
    if (requester != null) {
      // The acknowledgement to this requester threads on the mail's ids and is never refused.
      OutboundMessage ack =
          OutboundMessage.write(
              "support@acme.example",
              null,
              requester,
              mail.from() == null ? null : mail.from().displayName(),
              mail.subject(),
              "ok",
              mail.messageId(),
              mail.references(),
              "auto-replied",
              Instant.EPOCH);
      byte[] raw = ack.bytes();
      for (int i = 0; i < raw.length; i++) {
        assertFalse(
            raw[i] == '\r' && (i + 1 == raw.length || raw[i + 1] != '\n'), "lone CR in the reply");
        assertFalse(raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'), "lone LF in the reply");
      }
    }
  }

  @SafeVarargs
  private static <T> List<T> concat(List<? extends T>... lists) {
    return Arrays.stream(lists).<T>flatMap(List::stream).toList();
  }

  @Provide
  Arbitrary<String> hostileHeaderSections() {
    Arbitrary<String> value =
        Arbitraries.of(HOSTILE).list().ofMaxSize(30).map(parts -> String.join("", parts));
    Arbitrary<String> field =
        Combinators.combine(Arbitraries.of(HEADER_NAMES), value)
            .as((name, v) -> name + ": " + v + "\r\n");
    return field.list().ofMinSize(1).ofMaxSize(15).map(fields -> String.join("", fields));
  }

  @Property(tries = 300)
  void hostileHeadersNeverYieldAControlCharacterOrAnInvalidAddress(
      @ForAll("hostileHeaderSections") String headers) {
    ParsedMail mail = parse(bytes(headers + "\r\nbody\r\n"));
    assertInvariants(mail);
    within(() -> MailClassifier.classify(mail, null, null));
  }

  @Property(tries = 200)
  void randomBytesParseWithoutThrowing(
      @ForAll @Size(max = 20_000) byte[] noise, @ForAll boolean withFrom) {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    if (withFrom) {
      message.writeBytes(bytes("From: Alice <alice@client.example>\r\n"));
    }
    message.writeBytes(noise);
    ParsedMail mail = parse(message.toByteArray());
    assertInvariants(mail);
    within(() -> QuoteTrimmer.trim(mail.text()));
  }

  @Property(tries = 100)
  void longRepeatedTokensAreHandledInLinearTime(
      @ForAll("repeated") String token,
      @ForAll @IntRange(min = 1_000, max = 10_000) int times,
      @ForAll @IntRange(min = 0, max = 5) int place) {
    String run = token.repeat(times);
    String message =
        switch (place) {
          case 0 -> "From: a@client.example\r\nSubject: " + run + "\r\n\r\nbody\r\n";
          case 1 -> "From: " + run + "\r\nReply-To: r@client.example\r\n\r\nbody\r\n";
          case 2 ->
              "From: a@client.example\r\nDate: "
                  + run
                  + "\r\nReferences: "
                  + run
                  + "\r\n\r\nbody\r\n";
          case 3 ->
              "From: a@client.example\r\nIn-Reply-To: <x@y>\r\n\r\nThanks\r\n\r\n"
                  + run
                  + ":\r\n> old\r\n";
          case 4 ->
              "From: a@client.example\r\n\r\n"
                  + (run.substring(0, Math.min(run.length(), 200)) + ":\n")
                      .repeat(Math.max(1, times / 20))
                  + "> old\r\n";
          default ->
              "From: a@client.example\r\nContent-Type: text/html\r\n\r\n<p>" + run + "</p>\r\n";
        };
    ParsedMail mail = parse(bytes(message));
    assertInvariants(mail);
    within(() -> MailClassifier.classify(mail, null, null));
    String trimmed = within(() -> QuoteTrimmer.trim(mail.text()));
    assertTrue(mail.text().isBlank() || !trimmed.isBlank(), "never trims text to nothing");
    within(() -> TicketRefs.numberInSubject(mail.subject()));
    within(() -> MailDates.parse(run));
  }

  @Provide
  Arbitrary<String> repeated() {
    return Arbitraries.of(REPEATED);
  }

  @Property(tries = 30)
  void deepNestingAndThousandsOfPartsComplete(
      @ForAll @IntRange(min = 0, max = 300) int depth,
      @ForAll @IntRange(min = 0, max = 3_000) int parts) {
    // Boundaries "b<d>z": none is a prefix of another (b1 of b11 would make the nesting ambiguous,
    // RFC 2046 5.1.1).
    StringBuilder sb =
        new StringBuilder(
            "From: a@client.example\r\nContent-Type: multipart/mixed; boundary=b0z\r\n\r\n");
    for (int d = 1; d <= depth; d++) {
      sb.append("--b")
          .append(d - 1)
          .append("z\r\nContent-Type: multipart/mixed; boundary=b")
          .append(d)
          .append("z\r\n\r\n");
    }
    String[] types = {"text/plain", "application/octet-stream", "text/html", "image/png"};
    for (int p = 0; p < parts; p++) {
      sb.append("--b")
          .append(depth)
          .append("z\r\nContent-Type: ")
          .append(types[p % types.length])
          .append("\r\nContent-Transfer-Encoding: base64\r\n\r\nPGI+eDwvYj4=\r\n");
    }
    for (int d = depth; d >= 0; d--) {
      sb.append("--b").append(d).append("z--\r\n");
    }
    ParsedMail mail = parse(bytes(sb.toString()));
    assertInvariants(mail);
    if (depth < MessageReader.MAX_NESTING) {
      // Every part but the text/plain ones is an attachment (HTML after an attachment is a document
      // of its own).
      int attachmentParts = parts - (parts + 3) / 4;
      assertTrue(
          mail.attachments().size() + mail.attachmentsDropped() == attachmentParts,
          () ->
              mail.attachments().size()
                  + " stored, "
                  + mail.attachmentsDropped()
                  + " dropped of "
                  + attachmentParts);
    } else {
      assertTrue(
          mail.warnings().stream().anyMatch(w -> w.contains("nested deeper than")),
          mail.warnings()::toString);
    }
  }

  @Property(tries = 10)
  void tenMegabyteLinesComplete(@ForAll("lineBytes") byte fill, @ForAll boolean inHeader) {
    byte[] line = new byte[10 * 1024 * 1024];
    Arrays.fill(line, fill);
    ByteArrayOutputStream message = new ByteArrayOutputStream(line.length + 200);
    message.writeBytes(bytes("From: a@client.example\r\n"));
    message.writeBytes(bytes(inHeader ? "X-Long: " : "Subject: x\r\n\r\n"));
    message.writeBytes(line);
    message.writeBytes(bytes(inHeader ? "\r\nTo: b@client.example\r\n\r\nbody\r\n" : "\r\n"));
    ParsedMail mail = parse(message.toByteArray());
    assertInvariants(mail);
    within(() -> QuoteTrimmer.trim(mail.text()));
    assertTrue(mail.from() != null, "the sender survives a 10 MB line");
  }

  @Provide
  Arbitrary<Byte> lineBytes() {
    return Arbitraries.of(
        (byte) 'x',
        (byte) ' ',
        (byte) '<',
        (byte) '=',
        (byte) '\r',
        (byte) 0,
        (byte) 0xE9,
        (byte) ':');
  }

  @Property(tries = 300)
  void quoteTrimmerCompletesOnAnyMixOfAttributionLines(@ForAll("attributionMixes") String text) {
    String trimmed = within(() -> QuoteTrimmer.trim(text));
    assertTrue(text.isBlank() || !trimmed.isBlank(), "never trims text to nothing");
  }

  @Provide
  Arbitrary<String> attributionMixes() {
    Arbitrary<String> line =
        Arbitraries.oneOf(
            Arbitraries.of(
                "On Tue, 24 Nov 2026, Alice <a@b.example> wrote:",
                "Am 24.11.2026 schrieb Bob:",
                "> quoted",
                "-----Original Message-----",
                "From: x",
                "Sent: y",
                "-- ",
                "__________",
                "Thanks",
                "",
                "On Monday",
                "<a@b.example> wrote:",
                "24 нояб. 2026 г., Поддержка написал(а):"),
            Combinators.combine(
                    Arbitraries.of(REPEATED),
                    Arbitraries.integers().between(1, 3_000),
                    Arbitraries.of("", ":", " :", "\u00a0:"))
                .as((t, n, end) -> t.repeat(n) + end));
    return line.list().ofMaxSize(40).map(lines -> String.join("\n", lines));
  }

  @Property(tries = 500)
  void theAddressParserYieldsOnlyValidAddresses(@ForAll("addressLists") String header) {
    Warnings warnings = new Warnings();
    List<MailAddress> list = within(() -> AddressParser.parseList(header, warnings));
    assertTrue(list.size() <= AddressParser.MAX_MAILBOXES);
    for (MailAddress a : list) {
      assertTrue(MailSyntax.isAddress(a.email()), () -> "address " + a.email());
      assertTrue(
          a.displayName() == null
              || a.displayName().chars().noneMatch(c -> HeaderText.isControl((char) c)),
          () -> "name " + a.displayName());
    }
  }

  @Provide
  Arbitrary<String> addressLists() {
    Arbitrary<String> piece =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.of(HOSTILE)),
            net.jqwik.api.Tuple.of(
                1,
                Combinators.combine(
                        Arbitraries.of("a@b.example,", "<", "x ", "\"q\" "),
                        Arbitraries.integers().between(1, 2_000))
                    .as(String::repeat)));
    return piece.list().ofMaxSize(40).map(parts -> String.join("", parts));
  }
}
