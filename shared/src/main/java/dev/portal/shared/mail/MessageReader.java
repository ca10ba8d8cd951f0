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
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;

/**
 * The mime4j content handler for one message: keeps the top-level headers, collects the body text parts (capped),
 * and hands every other part to the {@link AttachmentSink} while the parser reads it. One instance per message.
 *
 * <p>Which parts are the body: inline text/plain and text/html parts without a file name, in message order. A
 * multipart/alternative group gives one piece of body, its plain rendering when that is not blank, else its HTML
 * one as text. Outside alternatives every such part is a piece of the body (mail that interleaves text and images,
 * or adds an HTML signature part), except an HTML part that comes after an attachment once there is body text:
 * that is a document of its own and kept as an attachment ({@code document.html}), as Zammad does. Everything
 * else, including embedded messages (message/rfc822 is not descended into) and delivery reports, is an
 * attachment.
 */
final class MessageReader implements ContentHandler {

    private static final Map<String, String[]> DEFAULT_NAMES = Map.ofEntries(
            Map.entry("text/html", new String[] {"document", "html"}),
            Map.entry("image/jpeg", new String[] {"image", "jpg"}),
            Map.entry("image/jpg", new String[] {"image", "jpg"}),
            Map.entry("image/pjpeg", new String[] {"image", "jpg"}),
            Map.entry("image/png", new String[] {"image", "png"}),
            Map.entry("image/gif", new String[] {"image", "gif"}),
            Map.entry("video/quicktime", new String[] {"video", "mov"}),
            Map.entry("video/mp4", new String[] {"video", "mp4"}),
            Map.entry("application/pdf", new String[] {"document", "pdf"}),
            Map.entry("text/calendar", new String[] {"calendar", "ics"}));
    private static final Pattern DELIMITER = Pattern.compile("(?m)^--([!-~]{1,70}?)[ \t]*\r?$");
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>]*)>");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9_.:-]+)");
    private static final Pattern SUBJECT = Pattern.compile("(?im)^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)");

    private final AttachmentSink sink;
    private final Warnings warnings;

    private final Deque<Multipart> multiparts = new ArrayDeque<>();
    private PartHeaders top;
    private PartHeaders current;
    private int depth;

    private final List<Segment> segments = new ArrayList<>();
    private int keptChars; // body characters kept so far, plain and HTML, against the caps
    private boolean attachmentSeen;
    private final Map<String, Integer> generatedNames = new java.util.HashMap<>();
    private final List<StoredAttachment> attachments = new ArrayList<>();
    // Charsets the message declares anywhere: the best guess for raw 8-bit bytes in its headers.
    private final java.util.Set<String> charsetHints = new java.util.LinkedHashSet<>();

    private final MimeConfig config;
    private int recoveries;

    MessageReader(AttachmentSink sink, Warnings warnings, MimeConfig config) {
        this.sink = sink;
        this.warnings = warnings;
        this.config = config;
    }

    /** An open multipart entity; an alternative group carries the body segment its renderings go to. */
    private record Multipart(boolean alternative, Segment segment) {}

    /** One piece of the body: a lone text part, or the plain and HTML renderings of an alternative group. */
    private static final class Segment {
        final StringBuilder plain = new StringBuilder();
        final StringBuilder html = new StringBuilder();
        boolean hasPlain;
        boolean hasHtml;

        boolean usesPlain() {
            return hasPlain && (!plain.toString().isBlank() || !hasHtml);
        }

        String text() {
            if (usesPlain()) {
                return plain.toString();
            }
            return hasHtml ? HtmlText.toText(html.toString()) : "";
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
        current = new PartHeaders(charsetHints, warnings);
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
    public void startMultipart(BodyDescriptor bd) {
        boolean alternative = "multipart/alternative".equalsIgnoreCase(bd.getMimeType());
        Multipart outer = nearestAlternative();
        Segment segment = null;
        if (alternative && outer != null) {
            segment = outer.segment(); // nested alternatives render the same piece of body
        } else if (alternative) {
            segment = new Segment();
            segments.add(segment); // reserved now, so the body keeps message order
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
        boolean textBody = (mimeType.equals("text/plain") || mimeType.equals("text/html"))
                && !disposition.equals("attachment") && filename == null;
        if (mimeType.startsWith("multipart/") && recoveries < 3 && parseWithFoundBoundary(mimeType, is)) {
            return;
        }
        if (textBody) {
            boolean plain = mimeType.equals("text/plain");
            Multipart alternative = nearestAlternative();
            if (alternative != null) {
                Segment segment = alternative.segment();
                boolean duplicate = multiparts.peek() == alternative && (plain ? segment.hasPlain : segment.hasHtml);
                if (!duplicate) { // a second rendering of one kind directly in the group adds nothing
                    collect(segment, plain, readText(is, part, mimeType));
                }
                return;
            }
            if (plain || !attachmentSeen || segments.isEmpty()) {
                Segment segment = new Segment();
                segments.add(segment);
                collect(segment, plain, readText(is, part, mimeType));
                return;
            }
            filename = nameWithoutFilename(part, mimeType);
        }
        storeAttachment(part, mimeType, filename, disposition, is);
        attachmentSeen = true;
    }

    /**
     * A multipart reaches body() only when the parser found no boundary parameter (e.g. it sits on an unfolded
     * line). Its first delimiter line gives the boundary away: parse the part again with it, through this same
     * handler, instead of keeping the whole thing as one opaque attachment.
     */
    private boolean parseWithFoundBoundary(String mimeType, InputStream is) throws IOException, MimeException {
        BufferedInputStream buffered = new BufferedInputStream(is, 16 * 1024);
        buffered.mark(16 * 1024);
        String head = new String(buffered.readNBytes(16 * 1024), StandardCharsets.ISO_8859_1);
        buffered.reset();
        Matcher m = DELIMITER.matcher(head);
        if (!m.find()) {
            return false;
        }
        String boundary = m.group(1);
        if (boundary.endsWith("--") && head.indexOf("--" + boundary.substring(0, boundary.length() - 2)) < m.start()) {
            return false;
        }
        recoveries++;
        warnings.add(mimeType + " without a boundary parameter: used the delimiter found in its body");
        byte[] header = ("Content-Type: " + mimeType + "; boundary=\"" + boundary + "\"\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        MimeStreamParser nested = new MimeStreamParser(config);
        nested.setContentDecoding(false);
        nested.setNoRecurse();
        nested.setContentHandler(this);
        nested.parse(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(header), buffered));
        return true;
    }

    private void collect(Segment segment, boolean plain, String text) {
        if (plain) {
            appendText(segment.plain, text, true);
            segment.hasPlain = true;
        } else {
            appendText(segment.html, text, false);
            segment.hasHtml = true;
        }
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
    /** The name Zammad and most clients give an embedded message: its subject, else its description, with .eml. */
    private String embeddedMessageName(PartHeaders part, BufferedInputStream in) throws IOException {
        in.mark(64 * 1024);
        byte[] head = in.readNBytes(64 * 1024);
        in.reset();
        String headers = new String(head, StandardCharsets.ISO_8859_1);
        int end = headers.indexOf("\r\n\r\n");
        if (end < 0) {
            end = headers.indexOf("\n\n");
        }
        Matcher m = SUBJECT.matcher(end < 0 ? headers : headers.substring(0, end));
        if (m.find()) {
            // Raw 8-bit bytes in the embedded subject are most likely in a charset the embedded message declares.
            java.util.Set<String> hints = new java.util.LinkedHashSet<>();
            Matcher cs = CHARSET.matcher(headers);
            while (cs.find() && hints.size() < 5) {
                hints.add(cs.group(1));
                if (charsetHints.size() < 10) {
                    charsetHints.add(cs.group(1)); // declared in this message, so a hint for its raw headers too
                }
            }
            hints.addAll(charsetHints);
            byte[] subjectBytes = m.group(1).getBytes(StandardCharsets.ISO_8859_1);
            String subject = EncodedWords.decode(RawHeader.unfold(
                    MailCharsets.decodeWithHints(subjectBytes, hints, warnings, "embedded subject")), warnings)
                    .strip();
            if (!subject.isEmpty()) {
                return subject + ".eml";
            }
        }
        String description = part.first("content-description");
        if (description != null && !description.isBlank()) {
            return EncodedWords.decode(description, warnings).strip() + ".eml";
        }
        return "message.eml";
    }

    /**
     * A name for a part that has none, as Zammad gives it: delivery reports by their description, common types by
     * kind ("image.jpg", "video.mov", "document.html"; repeats numbered "video1.mov"), else the Content-ID's local
     * part, else "file".
     */
    private String nameWithoutFilename(PartHeaders part, String mimeType) {
        String description = part.first("content-description");
        if (mimeType.equals("message/delivery-status")) {
            return description != null && !description.isBlank()
                    ? EncodedWords.decode(description, warnings).strip() + ".txt" : "delivery-status.txt";
        }
        String[] kind = DEFAULT_NAMES.get(mimeType);
        if (kind != null) {
            int n = generatedNames.merge(kind[0] + "." + kind[1], 1, Integer::sum) - 1;
            return kind[0] + (n == 0 ? "" : String.valueOf(n)) + "." + kind[1];
        }
        String contentId = part.contentId();
        if (contentId != null) {
            int at = contentId.indexOf('@');
            return at > 0 ? contentId.substring(0, at) : contentId;
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
        return normaliseNewlines(MailCharsets.decode(bytes.toByteArray(), charset, warnings, kind));
    }

    // Plain text and raw HTML share one budget: HTML shrinks when turned into text, so it may use more of it.
    private void appendText(StringBuilder target, String text, boolean plain) {
        if (!target.isEmpty() && !text.isEmpty()) {
            target.append('\n');
        }
        int room = (plain ? MailParser.MAX_TEXT_CHARS : MailParser.MAX_TEXT_BYTES) - keptChars;
        if (text.length() > room) {
            warnings.add("body text cut: text parts hold more than " + MailParser.MAX_TEXT_CHARS + " characters");
        }
        int n = Math.max(0, Math.min(text.length(), room));
        target.append(text, 0, n);
        keptChars += n;
    }

    ParsedMail result() {
        PartHeaders h = top == null ? new PartHeaders(charsetHints, warnings) : top;
        Map<String, String> headers = new LinkedHashMap<>();
        for (RawHeader field : h.fields()) {
            if (field.name().isEmpty() || field.name().contains(" ") || headers.containsKey(field.name())) {
                continue;
            }
            String value = field.text(charsetHints, warnings);
            headers.put(field.name(), field.name().equals("content-type") ? value : EncodedWords.decode(value, warnings));
        }
        MailAddress from = sender(h);
        StringBuilder body = new StringBuilder();
        boolean anyPlain = false;
        boolean anyHtml = false;
        for (Segment segment : segments) {
            String piece = segment.text();
            if (segment.usesPlain()) {
                anyPlain = true;
            } else if (segment.hasHtml) {
                anyHtml = true;
            }
            if (piece.isBlank()) {
                continue;
            }
            if (!body.isEmpty()) {
                body.append('\n');
            }
            body.append(piece);
        }
        String text = body.toString();
        if (text.length() > MailParser.MAX_TEXT_CHARS) {
            text = text.substring(0, MailParser.MAX_TEXT_CHARS);
            warnings.add("body text cut to " + MailParser.MAX_TEXT_CHARS + " characters");
        }
        String bodyType = anyPlain || !anyHtml ? "text/plain" : "text/html";
        String subject = h.first("subject");
        return new ParsedMail(
                firstId(h.first("message-id")),
                ids(h.first("in-reply-to")),
                ids(h.first("references")),
                from,
                AddressParser.parseList(String.join(", ", h.all("to")), warnings),
                AddressParser.parseList(String.join(", ", h.all("cc")), warnings),
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

    /**
     * The first From mailbox that has an address. A message without one (missing or "<>" From, spam does this)
     * falls back to Reply-To, as Zammad does, so the sender can still be answered; a warning says so.
     */
    private MailAddress sender(PartHeaders h) {
        MailAddress fallback = null;
        for (String value : h.all("from")) {
            for (MailAddress a : AddressParser.parseList(value, warnings)) {
                if (a.email().contains("@")) {
                    return a;
                }
                if (fallback == null) {
                    fallback = a;
                }
            }
        }
        MailAddress replyTo = AddressParser.parseFirst(h.first("reply-to"), warnings);
        if (replyTo != null && replyTo.email().contains("@")) {
            warnings.add("no usable From address, used Reply-To");
            return replyTo;
        }
        return fallback;
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
