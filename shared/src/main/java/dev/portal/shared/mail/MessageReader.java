package dev.portal.shared.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;

/**
 * The mime4j content handler for one message: keeps the top-level headers, collects the body text parts (capped),
 * and hands every other part to the {@link AttachmentSink} while the parser reads it. One instance per message.
 *
 * <p>Which part is the body: inline text/plain and text/html parts without a file name. Inside a
 * multipart/alternative only its first part of each kind counts; outside, further text/plain parts are appended
 * (mail that interleaves text and images), and a further unnamed text/html part, once a body exists, is kept as an
 * attachment ({@code document.html}) rather than lost. Everything else, including embedded messages
 * (message/rfc822 is not descended into) and delivery reports, is an attachment.
 */
final class MessageReader implements ContentHandler {

    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>]*)>");

    private final AttachmentSink sink;
    private final Warnings warnings;

    private final Deque<Multipart> multiparts = new ArrayDeque<>();
    private PartHeaders top;
    private PartHeaders current;
    private int depth;

    private final StringBuilder plain = new StringBuilder();
    private final StringBuilder html = new StringBuilder();
    private boolean plainFound;
    private boolean htmlFound;
    private int documentCount;
    private final List<StoredAttachment> attachments = new ArrayList<>();

    MessageReader(AttachmentSink sink, Warnings warnings) {
        this.sink = sink;
        this.warnings = warnings;
    }

    /** An open multipart entity and whether it is an alternative group. */
    private static final class Multipart {
        final boolean alternative;
        boolean plainTaken;
        boolean htmlTaken;

        Multipart(boolean alternative) {
            this.alternative = alternative;
        }
    }

    @Override
    public void startMessage() {
        depth++;
    }

    @Override
    public void endMessage() {
        depth--;
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
        current = new PartHeaders();
        if (top == null) {
            top = current;
        }
    }

    @Override
    public void field(Field field) {
        byte[] raw = field.getRaw() == null ? null : field.getRaw().toByteArray();
        if (raw == null) {
            String text = field.getName() + ": " + field.getBody();
            raw = text.getBytes(StandardCharsets.UTF_8);
        }
        current.add(RawHeader.of(raw, raw.length, warnings));
    }

    @Override
    public void endHeader() {
        // the part's headers are complete; body() or startMultipart() comes next
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
    public void startMultipart(BodyDescriptor bd) {
        multiparts.push(new Multipart("multipart/alternative".equalsIgnoreCase(bd.getMimeType())));
    }

    @Override
    public void endMultipart() {
        multiparts.pop();
    }

    @Override
    public void raw(InputStream is) {
        // not used: the parser runs with content decoding
    }

    @Override
    public void body(BodyDescriptor bd, InputStream is) throws MimeException, IOException {
        PartHeaders part = current;
        String mimeType = part.mimeType(warnings);
        String disposition = part.disposition(warnings).value();
        String filename = part.filename(warnings);
        boolean textBody = (mimeType.equals("text/plain") || mimeType.equals("text/html"))
                && !disposition.equals("attachment") && filename == null;
        Multipart alternative = nearestAlternative();
        if (textBody && mimeType.equals("text/plain")) {
            if (alternative != null && alternative.plainTaken) {
                return; // a second plain text in one alternative group is not more body
            }
            appendText(plain, readText(is, part, "text/plain"));
            plainFound = true;
            if (alternative != null) {
                alternative.plainTaken = true;
            }
            return;
        }
        if (textBody && mimeType.equals("text/html")) {
            if (alternative != null && alternative.htmlTaken) {
                return;
            }
            if (!htmlFound && (!plainFound || alternative != null)) {
                // Kept even beside a plain twin: it becomes the body when the plain part is blank.
                appendText(html, readText(is, part, "text/html"));
                htmlFound = true;
                if (alternative != null) {
                    alternative.htmlTaken = true;
                }
                return;
            }
            if (alternative != null) {
                return; // the HTML twin of a text body we already have
            }
            filename = documentCount++ == 0 ? "document.html" : "document" + (documentCount - 1) + ".html";
        }
        storeAttachment(part, mimeType, filename, disposition, is);
    }

    private Multipart nearestAlternative() {
        for (Multipart m : multiparts) { // innermost first
            if (m.alternative) {
                return m;
            }
        }
        return null;
    }

    private void storeAttachment(PartHeaders part, String mimeType, String filename, String disposition,
                                 InputStream is) throws IOException {
        InputStream body = is;
        if (filename == null) {
            if (mimeType.equals("message/rfc822")) {
                BufferedInputStream buffered = new BufferedInputStream(is, 64 * 1024);
                filename = embeddedMessageName(part, buffered);
                body = buffered;
            } else {
                filename = nameWithoutFilename(part, mimeType);
            }
        }
        String contentId = part.contentId();
        boolean inline = disposition.equals("inline") || (contentId != null && !disposition.equals("attachment"));
        AttachmentMeta meta = new AttachmentMeta(attachments.size(), filename, mimeType, contentId, inline);
        MeasuringInputStream measured = new MeasuringInputStream(body);
        StoredAttachment stored;
        try {
            stored = sink.store(meta, measured);
        } catch (RuntimeException e) {
            throw new SinkFailure(e);
        }
        measured.drain(); // what the sink left unread must not be taken for the next part
        if (stored == null) {
            stored = new StoredAttachment(meta, null, measured.size(), measured.sha256Hex());
        }
        attachments.add(stored);
    }

    /** The name Zammad and most clients give an embedded message: its description or subject, with .eml. */
    private String embeddedMessageName(PartHeaders part, BufferedInputStream in) throws IOException {
        String description = part.first("content-description");
        if (description != null && !description.isBlank()) {
            return EncodedWords.decode(description, warnings).strip() + ".eml";
        }
        in.mark(64 * 1024);
        byte[] head = in.readNBytes(64 * 1024);
        in.reset();
        String headers = new String(head, StandardCharsets.ISO_8859_1);
        int end = headers.indexOf("\r\n\r\n");
        if (end < 0) {
            end = headers.indexOf("\n\n");
        }
        Matcher m = Pattern.compile("(?im)^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)")
                .matcher(end < 0 ? headers : headers.substring(0, end));
        if (m.find()) {
            byte[] subjectBytes = m.group(1).getBytes(StandardCharsets.ISO_8859_1);
            String subject = EncodedWords.decode(RawHeader.unfold(
                    MailCharsets.decode(subjectBytes, null, warnings, "embedded subject")), warnings).strip();
            if (!subject.isEmpty()) {
                return subject + ".eml";
            }
        }
        return "message.eml";
    }

    private String nameWithoutFilename(PartHeaders part, String mimeType) {
        String description = part.first("content-description");
        if (mimeType.equals("message/delivery-status")) {
            return description != null && !description.isBlank()
                    ? EncodedWords.decode(description, warnings).strip() + ".txt" : "delivery-status.txt";
        }
        if (mimeType.equals("text/html")) {
            return "document.html";
        }
        return "file";
    }

    private String readText(InputStream is, PartHeaders part, String kind) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
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
        return MailCharsets.decode(bytes.toByteArray(), charset, warnings, kind);
    }

    private void appendText(StringBuilder target, String text) {
        if (!target.isEmpty() && !text.isEmpty()) {
            target.append('\n');
        }
        int room = MailParser.MAX_TEXT_CHARS - target.length();
        if (room <= 0) {
            return;
        }
        target.append(text, 0, Math.min(text.length(), room));
    }

    ParsedMail result() {
        PartHeaders h = top == null ? new PartHeaders() : top;
        Map<String, String> headers = new LinkedHashMap<>();
        for (RawHeader field : h.fields()) {
            if (field.name().isEmpty() || headers.containsKey(field.name())) {
                continue;
            }
            headers.put(field.name(), field.name().equals("content-type")
                    ? field.value() : EncodedWords.decode(field.value(), warnings));
        }
        MailAddress from = null;
        for (RawHeader field : h.fields()) {
            if (field.name().equals("from")) {
                from = AddressParser.parseFirst(field.value(), warnings);
                if (from != null) {
                    break;
                }
            }
        }
        String text;
        String bodyType;
        String plainText = normaliseNewlines(plain.toString());
        if (!plainText.isBlank() || !htmlFound) {
            text = plainText;
            bodyType = "text/plain";
        } else {
            text = HtmlText.toText(html.toString());
            bodyType = "text/html";
        }
        if (plain.length() >= MailParser.MAX_TEXT_CHARS || text.length() >= MailParser.MAX_TEXT_CHARS) {
            warnings.add("body text cut to " + MailParser.MAX_TEXT_CHARS + " characters");
        }
        String subject = h.first("subject");
        return new ParsedMail(
                firstId(h.first("message-id")),
                ids(h.first("in-reply-to")),
                ids(h.first("references")),
                from,
                AddressParser.parseList(allOf(h, "to"), warnings),
                AddressParser.parseList(allOf(h, "cc"), warnings),
                AddressParser.parseList(h.first("reply-to"), warnings),
                returnPath(h.first("return-path")),
                subject == null ? "" : EncodedWords.decode(subject, warnings),
                MailDates.parse(h.first("date")),
                text,
                bodyType,
                attachments,
                headers,
                warnings.toList());
    }

    private static String allOf(PartHeaders h, String name) {
        StringBuilder sb = new StringBuilder();
        for (RawHeader field : h.fields()) {
            if (field.name().equals(name)) {
                if (!sb.isEmpty()) {
                    sb.append(", ");
                }
                sb.append(field.value());
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static String normaliseNewlines(String s) {
        return s.indexOf('\r') < 0 ? s : s.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String firstId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        if (m.find() && !m.group(1).isBlank()) {
            return m.group(1).strip();
        }
        String bare = value.strip().split("\\s+")[0];
        return bare.isEmpty() ? null : bare;
    }

    private static List<String> ids(String value) {
        List<String> ids = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return ids;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
            if (!m.group(1).isBlank()) {
                ids.add(m.group(1).strip());
            }
        }
        if (ids.isEmpty()) {
            for (String token : value.split("[\\s,]+")) {
                if (token.contains("@")) {
                    ids.add(token);
                }
            }
        }
        return ids;
    }

    private static String returnPath(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        Matcher m = MESSAGE_ID.matcher(v);
        if (m.find()) {
            return m.group(1).strip();
        }
        return v;
    }

    /** A failure of the sink, carried through mime4j so that {@link MailParser} rethrows it, not a warning. */
    static final class SinkFailure extends RuntimeException {
        SinkFailure(RuntimeException cause) {
            super(cause);
        }
    }

}
