package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * The body as it is read: an ordered list of segments, each a lone inline text part or the plain
 * and HTML renderings of one multipart/alternative group. Plain text and raw HTML share one budget
 * ({@link MailParser#MAX_TEXT_CHARS} for plain, {@link MailParser#MAX_TEXT_BYTES} for HTML, which
 * shrinks when turned into text), so a message full of text parts cannot grow the heap without
 * bound.
 */
final class BodyText {

  /** One piece of the body; an alternative group's renderings all go to the same segment. */
  static final class Segment {
    private final StringBuilder plain = new StringBuilder();
    private final StringBuilder html = new StringBuilder();
    private boolean hasPlain;
    private boolean hasHtml;

    boolean has(boolean plainKind) {
      return plainKind ? hasPlain : hasHtml;
    }

    // The plain rendering wins unless it is blank and an HTML one exists (an empty text/plain
    // twin).
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

  static final int MAX_SEGMENTS = 1_000;

  private final Warnings warnings;
  private final List<Segment> segments = new ArrayList<>();
  private int keptChars;

  BodyText(Warnings warnings) {
    this.warnings = warnings;
  }

  /**
   * A new segment at the end of the body (reserved when an alternative group starts, to keep
   * message order). Past {@link #MAX_SEGMENTS} the last one is reused: a message of a million tiny
   * text parts costs one piece each in text, not an object each.
   */
  Segment newSegment() {
    if (segments.size() >= MAX_SEGMENTS) {
      return segments.getLast();
    }
    Segment segment = new Segment();
    segments.add(segment);
    return segment;
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  void add(Segment segment, boolean plainKind, String text) {
    StringBuilder target = plainKind ? segment.plain : segment.html;
    if (!target.isEmpty() && !text.isEmpty()) {
      target.append('\n');
    }
    int room = (plainKind ? MailParser.MAX_TEXT_CHARS : MailParser.MAX_TEXT_BYTES) - keptChars;
    if (text.length() > room) {
      warnings.add(
          "body text cut: text parts hold more than " + MailParser.MAX_TEXT_CHARS + " characters");
    }
    int n = Math.max(0, Math.min(text.length(), room));
    target.append(text, 0, n);
    keptChars += n;
    if (plainKind) {
      segment.hasPlain = true;
    } else {
      segment.hasHtml = true;
    }
  }

  /**
   * The whole body as text, segments joined by a line break, at most {@link
   * MailParser#MAX_TEXT_CHARS}.
   */
  String text() {
    StringBuilder body = new StringBuilder();
    for (Segment segment : segments) {
      String piece = segment.text();
      if (piece.isBlank()) {
        continue;
      }
      if (!body.isEmpty()) {
        body.append('\n');
      }
      body.append(piece);
    }
    if (body.length() > MailParser.MAX_TEXT_CHARS) {
      warnings.add("body text cut to " + MailParser.MAX_TEXT_CHARS + " characters");
      body.setLength(MailParser.MAX_TEXT_CHARS);
    }
    return body.toString();
  }

  /**
   * "text/plain" when any segment's text came from a plain part (or there is no body), else
   * "text/html".
   */
  String contentType() {
    boolean anyHtml = false;
    for (Segment segment : segments) {
      if (segment.usesPlain()) {
        return "text/plain";
      }
      anyHtml |= segment.hasHtml;
    }
    return anyHtml ? "text/html" : "text/plain";
  }
}
