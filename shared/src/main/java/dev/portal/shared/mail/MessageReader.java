package dev.portal.shared.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The mime4j content handler for one message: keeps the top-level headers, collects the body text
 * (capped), and hands every other part to the {@link AttachmentSink} while the parser reads it. One
 * instance per message.
 *
 * <p>Which parts are the body: inline text/plain and text/html parts without a file name, in
 * message order. A multipart/alternative group gives one piece of body, its plain rendering when
 * that is not blank, else its HTML one as text. Outside alternatives every such part is a piece of
 * the body (mail that interleaves text and images, or adds an HTML signature part), except an HTML
 * part that comes after an attachment once there is body text: that is a document of its own and
 * kept as an attachment ({@code document.html}), as Zammad does. Everything else, including
 * embedded messages (message/rfc822 is not descended into) and delivery reports, is an attachment.
 */
final class MessageReader implements ContentHandler {

  private static final Pattern DELIMITER = Pattern.compile("(?m)^--([!-~]{1,70}?)[ \\t]*\\r?$");
  private static final int MAX_RECOVERIES = 3;

  /**
   * Multiparts inside multiparts. Real mail nests a handful; mime4j reads each level through one
   * more stream, so 1,000 levels took 0.7 s and 5,000 overflowed the stack. Past this depth the
   * parse stops with what was read.
   */
  static final int MAX_NESTING = 50;

  private final AttachmentSink sink;
  private final int maxAttachments;
  private final long maxDecodedBytes;
  private long decodedBytes;
  private int attachmentsDropped;
  private final Warnings warnings;
  private final MimeConfig config;
  // Charsets the message declares anywhere: the best guess for raw 8-bit bytes in its headers.
  private final Set<String> charsetHints = new LinkedHashSet<>();
  private final BodyText body;
  private final AttachmentNames names;
  private final List<StoredAttachment> attachments = new ArrayList<>();
  private final Deque<Multipart> multiparts = new ArrayDeque<>();
  private final byte[] readBuffer = new byte[8192];
  private PartHeaders top;
  private PartHeaders current;
  private boolean attachmentSeen;
  private int recoveries;

  /**
   * An open multipart entity; an alternative group carries the body segment its renderings go to.
   */
  private record Multipart(boolean alternative, BodyText.Segment segment) {}

  MessageReader(
      AttachmentSink sink,
      int maxAttachments,
      long maxDecodedBytes,
      Warnings warnings,
      MimeConfig config) {
    this.sink = sink;
    this.maxAttachments = maxAttachments;
    this.maxDecodedBytes = maxDecodedBytes;
    this.warnings = warnings;
    this.config = config;
    this.body = new BodyText(warnings);
    this.names = new AttachmentNames(warnings, charsetHints);
  }

  @Override
  public void startMessage() {
    // the message (or a recovered multipart) begins; its headers follow
  }

  @Override
  public void endMessage() {
    // nothing to finish: result() builds the outcome
  }

  @Override
  public void startBodyPart() {
    // headers follow
  }

  @Override
  public void endBodyPart() {
    // nothing kept per part
  }

  @Override
  public void startHeader() {
    current = new PartHeaders(charsetHints, warnings);
    if (top == null) {
      top = current;
    }
  }

  @Override
  public void field(Field field) {
    byte[] raw =
        field.getRaw() == null
            ? (field.getName() + ": " + field.getBody()).getBytes(StandardCharsets.UTF_8)
            : field.getRaw().toByteArray();
    current.add(RawHeader.of(raw));
  }

  @Override
  public void endHeader() {
    String charset = current.contentType(warnings).param("charset");
    if (charset != null && !charset.isBlank() && charsetHints.size() < 10) {
      charsetHints.add(charset);
    }
  }

  @Override
  public void preamble(InputStream is) {
    // the text before the first boundary is for non-MIME readers only
  }

  @Override
  public void epilogue(InputStream is) {
    // likewise after the last boundary
  }

  @Override
  public void startMultipart(BodyDescriptor bd) throws MimeException {
    if (multiparts.size() >= MAX_NESTING) {
      throw new MimeException("multiparts nested deeper than " + MAX_NESTING + " levels");
    }
    boolean alternative = "multipart/alternative".equalsIgnoreCase(bd.getMimeType());
    Multipart outer = nearestAlternative();
    BodyText.Segment segment = null;
    if (alternative) {
      // Nested alternatives render the same piece of body; a new group reserves its place now.
      segment = outer != null ? outer.segment() : body.newSegment();
    }
    multiparts.push(new Multipart(alternative, segment));
  }

  @Override
  public void endMultipart() {
    multiparts.pop();
  }

  @Override
  public void raw(InputStream is) {
    // not used: the parser is not in raw mode
  }

  @Override
  public void body(BodyDescriptor bd, InputStream raw) throws MimeException, IOException {
    PartHeaders part = current;
    InputStream is = TransferDecoding.decode(raw, part.first("content-transfer-encoding"));
    String mimeType = part.mimeType(warnings);
    String disposition = part.disposition(warnings).value();
    String filename = part.filename(warnings);
    if (mimeType.startsWith("multipart/")
        && recoveries < MAX_RECOVERIES
        && parseWithFoundBoundary(mimeType, is)) {
      return;
    }
    boolean textBody =
        (mimeType.equals("text/plain") || mimeType.equals("text/html"))
            && !disposition.equals("attachment")
            && filename == null;
    if (textBody) {
      boolean plain = mimeType.equals("text/plain");
      Multipart alternative = nearestAlternative();
      if (alternative != null) {
        BodyText.Segment segment = alternative.segment();
        // A second rendering of one kind directly in the group adds nothing.
        if (!(multiparts.peek() == alternative && segment.has(plain))) {
          body.add(segment, plain, readText(is, part, mimeType));
        }
        return;
      }
      if (plain || !attachmentSeen || body.isEmpty()) {
        body.add(body.newSegment(), plain, readText(is, part, mimeType));
        return;
      }
      filename = names.forUnnamed(part, mimeType);
    }
    storeAttachment(part, mimeType, filename, disposition, is);
    attachmentSeen = true;
  }

  /**
   * A multipart reaches body() only when the parser found no boundary parameter (e.g. it sits on an
   * unfolded line). Its first delimiter line gives the boundary away: parse the part again with it,
   * through this same handler, instead of keeping the whole thing as one opaque attachment.
   */
  private boolean parseWithFoundBoundary(String mimeType, InputStream is)
      throws IOException, MimeException {
    BufferedInputStream buffered = new BufferedInputStream(is, 16 * 1024);
    buffered.mark(16 * 1024);
    String head = new String(buffered.readNBytes(16 * 1024), StandardCharsets.ISO_8859_1);
    buffered.reset();
    Matcher m = DELIMITER.matcher(head);
    if (!m.find()) {
      return false;
    }
    String boundary = m.group(1);
    recoveries++;
    warnings.add(mimeType + " without a boundary parameter: used the delimiter found in its body");
    byte[] header =
        ("Content-Type: " + mimeType + "; boundary=\"" + boundary + "\"\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    MimeStreamParser nested = MailParser.streamParser(config, warnings, this);
    nested.parse(new SequenceInputStream(new ByteArrayInputStream(header), buffered));
    return true;
  }

  private Multipart nearestAlternative() {
    for (Multipart m : multiparts) { // innermost first
      if (m.alternative()) {
        return m;
      }
    }
    return null;
  }

  /**
   * Gives the part to the sink, unless the message reached its attachment cap or the part would
   * take it past its decoded byte budget: then the part is read to its end, counted as dropped, and
   * the sink keeps nothing of it.
   */
  private void storeAttachment(
      PartHeaders part, String mimeType, String filename, String disposition, InputStream is)
      throws IOException {
    if (attachments.size() >= maxAttachments) {
      drop(is);
      return;
    }
    InputStream content = is;
    if (filename == null) {
      if (mimeType.equals("message/rfc822")) {
        BufferedInputStream buffered = new BufferedInputStream(is, AttachmentNames.PEEK);
        filename = names.forEmbeddedMessage(part, buffered);
        content = buffered;
      } else {
        filename = names.forUnnamed(part, mimeType);
      }
    }
    String contentId = part.contentId();
    // Only a part the HTML body can reference (cid:) is inline: Apple Mail marks every attachment
    // "inline".
    boolean inline = contentId != null && !disposition.equals("attachment");
    AttachmentMeta meta =
        new AttachmentMeta(attachments.size(), filename, mimeType, contentId, inline);
    BudgetedInputStream budgeted = new BudgetedInputStream(content, maxDecodedBytes - decodedBytes);
    MeasuringInputStream measured = new MeasuringInputStream(budgeted);
    StoredAttachment stored;
    try {
      stored = sink.store(meta, measured);
    } catch (AttachmentSink.OverBudget e) {
      drop(content);
      return;
    } catch (RuntimeException e) {
      throw new SinkFailure(e);
    }
    budgeted.disarm(); // stored: what the sink left unread is only drained
    measured.drain(); // what the sink left unread must not be taken for the next part
    decodedBytes += measured.size();
    if (stored == null) {
      stored = new StoredAttachment(meta, null, measured.size(), measured.sha256Hex());
    }
    attachments.add(stored);
  }

  private void drop(InputStream part) throws IOException {
    attachmentsDropped++;
    part.transferTo(OutputStream.nullOutputStream());
  }

  /**
   * A text part's decoded text: at most {@link MailParser#MAX_TEXT_BYTES} bytes read into memory.
   */
  private String readText(InputStream is, PartHeaders part, String kind) throws IOException {
    // Grows from small: a message of thousands of tiny text parts must not allocate 8 KB for each.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buf = readBuffer;
    long total = 0;
    int n;
    while ((n = is.read(buf)) >= 0) {
      total += n;
      if (bytes.size() < MailParser.MAX_TEXT_BYTES) {
        bytes.write(buf, 0, (int) Math.min(n, MailParser.MAX_TEXT_BYTES - bytes.size()));
      }
    }
    if (total > MailParser.MAX_TEXT_BYTES) {
      warnings.add(kind + " part of " + total + " bytes cut to " + MailParser.MAX_TEXT_BYTES);
    }
    String charset = part.contentType(warnings).param("charset");
    String text = MailCharsets.decode(bytes.toByteArray(), charset, warnings, kind);
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
  }

  ParsedMail result() {
    if (attachmentsDropped > 0) {
      warnings.add(
          attachmentsDropped
              + " attachments not stored: past "
              + maxAttachments
              + " attachments or "
              + maxDecodedBytes
              + " decoded bytes");
    }
    PartHeaders h = top == null ? new PartHeaders(charsetHints, warnings) : top;
    Map<String, String> headers = new LinkedHashMap<>();
    for (RawHeader field : h.fields()) {
      if (!field.hasFieldName() || headers.containsKey(field.name())) {
        continue;
      }
      String value = field.text(charsetHints, warnings);
      headers.put(
          field.name(),
          field.name().equals("content-type") ? value : EncodedWords.decode(value, warnings));
    }
    String subject = h.first("subject");
    return new ParsedMail(
        MessageIds.first(h.first("message-id")),
        MessageIds.all(h.first("in-reply-to")),
        MessageIds.all(h.first("references")),
        sender(h),
        AddressParser.parseList(String.join(", ", h.all("to")), warnings),
        AddressParser.parseList(String.join(", ", h.all("cc")), warnings),
        AddressParser.parseList(h.first("reply-to"), warnings),
        MessageIds.returnPath(h.first("return-path")),
        subject == null ? "" : EncodedWords.decode(subject, warnings),
        MailDates.parse(h.first("date")),
        body.text(),
        body.contentType(),
        attachments,
        attachmentsDropped,
        headers,
        warnings.toList());
  }

  /**
   * The first From mailbox (the parser keeps only valid addresses; a From of several mailboxes
   * gives its first). A message without one (missing or "<>" From, spam does this) falls back to
   * Reply-To, as Zammad does, so the sender can still be answered; a warning says so.
   */
  private MailAddress sender(PartHeaders h) {
    for (String value : h.all("from")) {
      List<MailAddress> mailboxes = AddressParser.parseList(value, warnings);
      if (!mailboxes.isEmpty()) {
        return mailboxes.getFirst();
      }
    }
    MailAddress replyTo = AddressParser.parseFirst(h.first("reply-to"), warnings);
    if (replyTo != null) {
      warnings.add("no usable From address, used Reply-To");
    }
    return replyTo;
  }

  /**
   * A failure of the sink, carried through mime4j so that {@link MailParser} rethrows it, not a
   * warning.
   */
  static final class SinkFailure extends RuntimeException {
    SinkFailure(RuntimeException cause) {
      super(cause);
    }
  }
}
