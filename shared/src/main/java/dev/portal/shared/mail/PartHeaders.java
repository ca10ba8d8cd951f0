package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.List;

/** The headers of one entity (the message or a body part), with what the parser needs to know about it. */
final class PartHeaders {

    private final List<RawHeader> fields = new ArrayList<>();
    private final Iterable<String> charsetHints;
    private final Warnings warnings;
    private HeaderParams contentType;
    private HeaderParams disposition;

    PartHeaders(Iterable<String> charsetHints, Warnings warnings) {
        this.charsetHints = charsetHints;
        this.warnings = warnings;
    }

    void add(RawHeader header) {
        fields.add(header);
        contentType = null;
        disposition = null;
    }

    List<RawHeader> fields() {
        return fields;
    }

    /** The first value of a header as text (encoded words not decoded), or null. */
    String first(String name) {
        for (RawHeader h : fields) {
            if (h.name().equals(name)) {
                return h.text(charsetHints, warnings);
            }
        }
        return null;
    }

    /** Every value of a header as text, in order. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (RawHeader h : fields) {
            if (h.name().equals(name)) {
                values.add(h.text(charsetHints, warnings));
            }
        }
        return values;
    }

    HeaderParams contentType(Warnings warnings) {
        if (contentType == null) {
            contentType = HeaderParams.parse(first("content-type"), warnings);
        }
        return contentType;
    }

    HeaderParams disposition(Warnings warnings) {
        if (disposition == null) {
            disposition = HeaderParams.parse(first("content-disposition"), warnings);
        }
        return disposition;
    }

    /** The media type; text/plain when absent or malformed (RFC 2045 section 5.2). */
    String mimeType(Warnings warnings) {
        String type = contentType(warnings).value();
        return type.indexOf('/') > 0 ? type : "text/plain";
    }

    /** The file name from Content-Disposition, else from Content-Type's name; null when neither has one. */
    String filename(Warnings warnings) {
        String name = disposition(warnings).param("filename");
        if (name == null || name.isBlank()) {
            name = contentType(warnings).param("name");
        }
        if (name == null) {
            return null;
        }
        name = name.strip();
        // Some clients send a path; the name is its last element.
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0 && slash < name.length() - 1) {
            name = name.substring(slash + 1);
        }
        return name.isEmpty() ? null : name;
    }

    String contentId() {
        String id = first("content-id");
        if (id == null) {
            return null;
        }
        String v = id.strip();
        if (v.startsWith("<")) {
            int end = v.indexOf('>');
            v = end > 0 ? v.substring(1, end) : v.substring(1);
        }
        return v.isBlank() ? null : v.strip();
    }
}
