package dev.portal.shared.mail;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@link MailParser} made of one raw message. Lists and maps are immutable and never null.
 *
 * <p>Nothing read from a header holds a control character (CR, LF, NUL...), and every message id
 * and address is valid by {@link MailSyntax}; the parser drops those that are not.
 *
 * @param messageId Message-ID without angle brackets, null when absent or not a valid msg-id
 * @param inReplyTo the valid message ids named by In-Reply-To, without angle brackets
 * @param references the valid message ids named by References, without angle brackets, oldest
 *     first, at most the newest {@link MessageIds#MAX_IDS}
 * @param from the first From mailbox with a valid address (a From of several gives its first), else
 *     the first Reply-To one; null when neither has one
 * @param returnPath Return-Path without angle brackets; null when the header is absent or no valid
 *     address, "" for {@code <>}
 * @param subject RFC 2047-decoded subject, never null ("" when absent)
 * @param date the Date header, null when absent or unparseable
 * @param text the body as plain text: the text/plain part when there is one, else the HTML part as
 *     text; at most {@link MailParser#MAX_TEXT_CHARS} characters (a warning says when cut)
 * @param bodyContentType "text/plain" or "text/html": which kind of part {@code text} came from
 * @param attachments what the sink stored, in message order
 * @param attachmentsDropped attachments the sink never kept: past the message's attachment cap or
 *     byte budget ({@link MailLimits}); each was read to its end and counted, nothing of it was
 *     stored
 * @param headers top-level headers, lower-cased name to decoded value, first occurrence of each
 *     name; content-type is kept raw (undecoded) so its parameters can be read
 * @param warnings what was odd and how it was worked around (bad charsets, broken MIME, truncation)
 */
public record ParsedMail(
    String messageId,
    List<String> inReplyTo,
    List<String> references,
    MailAddress from,
    List<MailAddress> to,
    List<MailAddress> cc,
    List<MailAddress> replyTo,
    String returnPath,
    String subject,
    Instant date,
    String text,
    String bodyContentType,
    List<StoredAttachment> attachments,
    int attachmentsDropped,
    Map<String, String> headers,
    List<String> warnings) {

  public ParsedMail {
    inReplyTo = List.copyOf(inReplyTo);
    references = List.copyOf(references);
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    replyTo = List.copyOf(replyTo);
    subject = subject == null ? "" : subject;
    text = text == null ? "" : text;
    attachments = List.copyOf(attachments);
    headers = Map.copyOf(headers);
    warnings = List.copyOf(warnings);
  }

  /** The decoded value of a top-level header (name in any case), or null when absent. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
