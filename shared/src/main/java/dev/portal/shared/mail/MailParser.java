package dev.portal.shared.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * Reads a raw RFC 5322 message as a stream (mime4j's {@link MimeStreamParser} with our content
 * handler): the message is never held whole, attachments go to the {@link AttachmentSink} as they
 * are read, and body text is capped, so heap use stays bounded whatever the message size. Build
 * once and share: it holds only configuration.
 *
 * <p>Never throws on bad content: broken MIME, unknown charsets and malformed headers degrade to
 * the best reading and a line in {@link ParsedMail#warnings()}. Only a failing stream (or a failing
 * sink) throws.
 */
public final class MailParser {

  /** Body text kept, in characters; the rest of a longer body is dropped with a warning. */
  public static final int MAX_TEXT_CHARS = 1_000_000;

  /**
   * Decoded bytes read into memory from one text part (enough for 1 M characters in any charset).
   */
  static final int MAX_TEXT_BYTES = 4 * 1024 * 1024;

  private final MimeConfig config;
  private final int maxAttachments;
  private final long maxDecodedBytes;

  /** A parser that stores at most {@link MailLimits#MAX_ATTACHMENTS} attachments per message. */
  public MailParser() {
    this(MailLimits.MAX_ATTACHMENTS);
  }

  /**
   * A parser that gives the sink at most {@code maxAttachments} attachments per message (no more
   * than {@link MailLimits#MAX_ATTACHMENTS}): a caller that must reference every stored part in one
   * write asks for no more than it can reference. The rest are counted in {@link
   * ParsedMail#attachmentsDropped()}.
   */
  public MailParser(int maxAttachments) {
    this(maxAttachments, MailLimits.MAX_DECODED_BYTES);
  }

  MailParser(int maxAttachments, long maxDecodedBytes) {
    this.maxAttachments = Math.min(maxAttachments, MailLimits.MAX_ATTACHMENTS);
    this.maxDecodedBytes = Math.min(maxDecodedBytes, MailLimits.MAX_DECODED_BYTES);
    // mime4j's limits off: each throws and ends the parse mid-message (its header length limit let
    // a 1 MiB header
    // before From hide the sender). Our own caps degrade instead: CappedFieldBuilder cuts a field
    // to
    // MailLimits.MAX_HEADER_BYTES, text is capped, attachments are streamed and counted
    // (MailLimits).
    this.config =
        MimeConfig.custom()
            .setStrictParsing(false)
            .setMaxLineLen(-1)
            .setMaxHeaderCount(-1)
            .setMaxHeaderLen(-1)
            .setMaxContentLen(-1)
            .build();
  }

  /**
   * Streams the raw message; attachments go to the sink as they are read, so heap stays bounded.
   * Never throws on bad content (broken MIME, unknown charsets): degrades and records warnings.
   *
   * @throws IOException only when the stream itself (or the sink) fails
   */
  public ParsedMail parse(InputStream raw, AttachmentSink sink) throws IOException {
    Warnings warnings = new Warnings();
    MessageReader reader =
        new MessageReader(sink, maxAttachments, maxDecodedBytes, warnings, config);
    MimeStreamParser parser = streamParser(config, warnings, reader);
    try {
      parser.parse(raw);
    } catch (MessageReader.SinkFailure e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException re ? re : e;
    } catch (MimeException e) {
      warnings.add("MIME structure broken, parsing stopped: " + e.getMessage());
    } catch (IOException e) {
      if (e.getClass().getName().startsWith("org.apache.james.mime4j")) {
        warnings.add(
            "MIME structure broken, parsing stopped: " + e.getMessage()); // MimeIOException
      } else {
        throw e;
      }
    } catch (RuntimeException e) {
      // A mime4j bug on hostile input must not lose the message: keep what was read.
      warnings.add("parser failed, keeping what was read: " + e);
    }
    return reader.result();
  }

  /**
   * mime4j's parser as we use it: our field builder, no content decoding, embedded messages not
   * descended into.
   */
  static MimeStreamParser streamParser(MimeConfig config, Warnings warnings, MessageReader reader) {
    MimeStreamParser parser =
        new MimeStreamParser(
            new MimeTokenStream(config, null, new CappedFieldBuilder(warnings), null));
    parser.setContentDecoding(false); // TransferDecoding does it: lenient base64, uuencode
    parser.setNoRecurse(); // embedded messages are attachments, not parts of this one
    parser.setContentHandler(reader);
    return parser;
  }

  /**
   * The first valid mailbox of the message's own From header, or null. {@link ParsedMail#from}
   * falls back to Reply-To when From has none; SES authenticates only the From header, so sender
   * authentication asks this.
   */
  public static String fromHeaderAddress(ParsedMail parsed) {
    String from = parsed.header("from");
    if (from == null) return null;
    List<MailAddress> mailboxes = AddressParser.parseList(from, new Warnings());
    return mailboxes.isEmpty() ? null : mailboxes.getFirst().email();
  }
}
