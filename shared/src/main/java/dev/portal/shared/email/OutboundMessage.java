package dev.portal.shared.email;

import dev.portal.shared.mail.MailSyntax;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes one outbound RFC 5322 message: a UTF-8 text/plain body in base64 (safe for every script
 * and line length), non-ASCII header text as RFC 2047 encoded words, our own Message-ID. Writing
 * only: parsing is MailParser's job.
 *
 * <p>The last line of defence against header injection: whatever the caller passes, no value can
 * end a header line or add a recipient. A value holding CR, LF or NUL, an address that is not
 * exactly one valid address, and a message id that is not a valid msg-id are refused with {@link
 * IllegalArgumentException}; nothing is silently repaired.
 */
public final class OutboundMessage {
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final String messageId;
  private final String text;

  private OutboundMessage(String messageId, Map<String, String> headers, String text) {
    this.messageId = messageId;
    this.headers.putAll(headers);
    this.text = text;
  }

  /**
   * @param from the mailbox sending: exactly one valid address ({@link MailSyntax#isAddress})
   * @param to the one recipient: exactly one valid address
   * @param inReplyTo the client's last Message-ID (without angle brackets) or null
   * @param references the conversation's Message-IDs, oldest first
   * @param autoSubmitted RFC 3834's keyword: {@code auto-replied} for an answer to a message,
   *     {@code auto-generated} for a notice nobody wrote; null for a person's mail
   * @throws IllegalArgumentException when an address, a name, the subject or an id could break out
   *     of its header
   */
  public static OutboundMessage write(
      String from,
      String fromName,
      String to,
      String toName,
      String subject,
      String text,
      String inReplyTo,
      List<String> references,
      String autoSubmitted,
      Instant date) {
    requireAddress("From", from);
    requireAddress("To", to);
    requireText("From's display name", fromName);
    requireText("To's display name", toName);
    requireText("Subject", subject);
    if (inReplyTo != null) requireMessageId("In-Reply-To", inReplyTo);
    if (references != null) references.forEach(r -> requireMessageId("References", r));
    String domain = from.substring(from.indexOf('@') + 1);
    String messageId = UUID.randomUUID() + "@" + domain;
    Map<String, String> h = new LinkedHashMap<>();
    h.put("From", address(from, fromName));
    h.put("To", address(to, toName));
    h.put("Subject", encodeWords(subject));
    h.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC)));
    h.put("Message-ID", "<" + messageId + ">");
    if (inReplyTo != null) h.put("In-Reply-To", "<" + inReplyTo + ">");
    if (references != null && !references.isEmpty()) {
      h.put(
          "References", String.join("\r\n ", references.stream().map(r -> "<" + r + ">").toList()));
    }
    if (autoSubmitted != null) h.put("Auto-Submitted", autoSubmitted);
    h.put("MIME-Version", "1.0");
    h.put("Content-Type", "text/plain; charset=UTF-8");
    h.put("Content-Transfer-Encoding", "base64");
    return new OutboundMessage(messageId, h, text);
  }

  /** Without angle brackets. */
  public String messageId() {
    return messageId;
  }

  public byte[] bytes() {
    StringBuilder b = new StringBuilder();
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    b.append("\r\n");
    b.append(
        Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(
                text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    b.append("\r\n");
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void requireAddress(String header, String address) {
    if (!MailSyntax.isAddress(address))
      throw new IllegalArgumentException(header + " is not exactly one valid address");
  }

  private static void requireMessageId(String header, String id) {
    if (!MailSyntax.isMessageId(id))
      throw new IllegalArgumentException(header + " holds an invalid message id");
  }

  private static void requireText(String header, String value) {
    if (value == null) return;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw new IllegalArgumentException(header + " holds a CR, LF or NUL at " + i);
      }
    }
  }

  private static String address(String email, String name) {
    if (name == null || name.isBlank()) return email;
    boolean ascii = name.chars().allMatch(c -> c >= 32 && c < 127);
    String display =
        ascii ? "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : encodeWords(name);
    return display + " <" + email + ">";
  }

  /**
   * RFC 2047 B encoding in words of at most 45 UTF-8 bytes (60 base64 characters), never splitting
   * a character.
   */
  static String encodeWords(String s) {
    if (s.chars().allMatch(c -> c >= 32 && c < 127)) return s;
    StringBuilder out = new StringBuilder();
    StringBuilder chunk = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      int len = ch.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > 45) {
        appendWord(out, chunk);
        chunk.setLength(0);
        bytes = 0;
      }
      chunk.append(ch);
      bytes += len;
      i += Character.charCount(cp);
    }
    appendWord(out, chunk);
    return out.toString();
  }

  private static void appendWord(StringBuilder out, CharSequence chunk) {
    if (chunk.isEmpty()) return;
    if (!out.isEmpty()) out.append("\r\n ");
    out.append("=?UTF-8?B?")
        .append(
            Base64.getEncoder().encodeToString(chunk.toString().getBytes(StandardCharsets.UTF_8)))
        .append("?=");
  }
}
