package dev.portal.shared.mail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names for attachments that come without a file name, the way Zammad (and most mail clients) name
 * them, so agents see something meaningful: an embedded message by its subject, a delivery report
 * by its description, common types by kind ("image.jpg", "video.mov", "document.html", repeats
 * numbered "video1.mov"), else the Content-ID's local part, else "file". One instance per message
 * (it numbers repeats).
 */
final class AttachmentNames {

  private static final Map<String, String[]> BY_TYPE =
      Map.ofEntries(
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
  private static final Pattern CHARSET =
      Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9_.:-]+)");
  // How much of an embedded message is looked at for its subject; its headers are nearly always
  // shorter.
  static final int PEEK = 64 * 1024;

  private final Warnings warnings;
  private final Set<String> charsetHints;
  private final Map<String, Integer> used = new HashMap<>();

  AttachmentNames(Warnings warnings, Set<String> charsetHints) {
    this.warnings = warnings;
    this.charsetHints = charsetHints;
  }

  /**
   * An embedded message's subject, else its Content-Description, with ".eml". Peeks at the head of
   * the stream (which must be marked-resettable for {@link #PEEK} bytes) and resets it.
   */
  String forEmbeddedMessage(PartHeaders part, BufferedInputStream in) throws IOException {
    in.mark(PEEK);
    byte[] head = in.readNBytes(PEEK);
    in.reset();
    String headers = new String(head, StandardCharsets.ISO_8859_1);
    int end = headers.indexOf("\r\n\r\n");
    if (end < 0) {
      end = headers.indexOf("\n\n");
    }
    String field = subjectField(end < 0 ? headers : headers.substring(0, end));
    if (field != null) {
      // Raw 8-bit bytes in the embedded subject are most likely in a charset the embedded message
      // declares;
      // being declared in this message, they are hints for its own raw headers too.
      Set<String> hints = new LinkedHashSet<>();
      Matcher cs = CHARSET.matcher(headers);
      while (cs.find() && hints.size() < 5) {
        hints.add(cs.group(1));
        if (charsetHints.size() < 10) {
          charsetHints.add(cs.group(1));
        }
      }
      hints.addAll(charsetHints);
      byte[] subjectBytes = field.getBytes(StandardCharsets.ISO_8859_1);
      String subject =
          EncodedWords.decode(
                  HeaderText.unfold(
                      MailCharsets.decodeWithHints(
                          subjectBytes, hints, warnings, "embedded subject")),
                  warnings)
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
   * The Subject field's body in a header section, with its folded lines; null when there is none.
   */
  private static String subjectField(String headers) {
    int n = headers.length();
    for (int start = 0; start < n; ) {
      int end = lineEnd(headers, start);
      if (headers.regionMatches(true, start, "subject:", 0, 8)) {
        while (end + 1 < n && (headers.charAt(end + 1) == ' ' || headers.charAt(end + 1) == '\t')) {
          end = lineEnd(headers, end + 1);
        }
        return headers.substring(start + 8, end);
      }
      start = end + 1;
    }
    return null;
  }

  private static int lineEnd(String s, int from) {
    int lf = s.indexOf('\n', from);
    return lf < 0 ? s.length() : lf;
  }

  /** A name for any other part without one. */
  String forUnnamed(PartHeaders part, String mimeType) {
    if (mimeType.equals("message/delivery-status")) {
      String description = part.first("content-description");
      return description != null && !description.isBlank()
          ? EncodedWords.decode(description, warnings).strip() + ".txt"
          : "delivery-status.txt";
    }
    String[] kind = BY_TYPE.get(mimeType);
    if (kind != null) {
      int n = used.merge(kind[0] + "." + kind[1], 1, Integer::sum) - 1;
      return kind[0] + (n == 0 ? "" : String.valueOf(n)) + "." + kind[1];
    }
    String contentId = part.contentId();
    if (contentId != null) {
      int at = contentId.indexOf('@');
      return at > 0 ? contentId.substring(0, at) : contentId;
    }
    return "file";
  }
}
