package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The headers of one entity (the message or a body part), with what the parser needs to know about
 * it.
 */
final class PartHeaders {

  /** Fields kept per header section; see {@link #add}. */
  static final int MAX_FIELDS = 1_000;

  /** Bytes of fields kept per header section; see {@link #add}. */
  static final int MAX_SECTION_BYTES = 1024 * 1024;

  /**
   * What the parser and the classifier read: past the budget, the first field of each of these is
   * still kept.
   */
  private static final Set<String> READ =
      Set.of(
          "from",
          "to",
          "cc",
          "reply-to",
          "return-path",
          "subject",
          "date",
          "message-id",
          "in-reply-to",
          "references",
          "content-type",
          "content-disposition",
          "content-transfer-encoding",
          "content-id",
          "content-description",
          "auto-submitted",
          "precedence",
          "feedback-type",
          "x-failed-recipients",
          "x-autoreply",
          "x-autorespond");

  private final List<RawHeader> fields = new ArrayList<>();
  private final Iterable<String> charsetHints;
  private final Warnings warnings;
  private HeaderParams contentType;
  private HeaderParams disposition;
  private final Set<String> keptNames = new HashSet<>();
  private long bytes;
  private boolean overBudget;

  PartHeaders(Iterable<String> charsetHints, Warnings warnings) {
    this.charsetHints = charsetHints;
    this.warnings = warnings;
  }

  /**
   * Keeps the field while the section holds fewer than {@link #MAX_FIELDS} fields and {@link
   * #MAX_SECTION_BYTES} bytes; past that only the first field of each name in {@link #READ}, so
   * that thousands of junk fields cost neither memory nor the From that follows them.
   */
  void add(RawHeader header) {
    if (fields.size() >= MAX_FIELDS || bytes >= MAX_SECTION_BYTES) {
      if (!overBudget) {
        overBudget = true;
        warnings.add(
            "more than "
                + MAX_FIELDS
                + " header fields or "
                + MAX_SECTION_BYTES
                + " bytes in a header: only the first of each field we read kept after that");
      }
      if (!READ.contains(header.name()) || keptNames.contains(header.name())) {
        return;
      }
    }
    bytes += header.value().length;
    keptNames.add(header.name());
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

  /**
   * The file name from Content-Disposition, else from Content-Type's name; null when neither has
   * one.
   */
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
