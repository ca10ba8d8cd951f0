package dev.portal.shared.upload;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * A file name someone else chose, made safe to store and to hand back. The name never becomes part
 * of a storage key; it is only ever shown, and only ever sent in a {@code Content-Disposition}
 * built by {@link #contentDisposition}, so a hostile name can neither reach another object nor
 * split a header, hide its extension behind a right-to-left override, or escape a directory when
 * saved.
 */
public final class FileNames {
  /** Code points kept of a name; the extension survives a cut. */
  public static final int MAX_CODE_POINTS = 180;

  static final String FALLBACK = "file";
  private static final int MAX_EXTENSION = 16;

  private FileNames() {}

  /**
   * NFC, with control, format (bidi overrides, zero-width) and unassigned or lone-surrogate code
   * points dropped, path separators replaced, leading dots and surrounding blanks and trailing dots
   * stripped (no hidden or parent names, nothing Windows would rename), at most {@link
   * #MAX_CODE_POINTS} code points with the extension kept; {@code "file"} when nothing is left.
   */
  public static String sanitise(String name) {
    if (name == null) return FALLBACK;
    String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(Math.min(nfc.length(), 4 * MAX_CODE_POINTS));
    nfc.codePoints()
        .forEach(
            cp -> {
              if (cp == '/' || cp == '\\') out.append('_');
              else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) out.append(' ');
              else if (kept(cp)) out.appendCodePoint(cp);
            });
    String s = out.toString();
    // Dropping a character can leave marks that compose differently, and a cut can end inside a
    // sequence: trim and normalise until nothing changes (twice at most in practice).
    for (int round = 0; round < 4; round++) {
      String next = Normalizer.normalize(capped(trimmed(s)), Normalizer.Form.NFC);
      if (next.equals(s)) break;
      s = next;
    }
    return s.isEmpty() ? FALLBACK : s;
  }

  /**
   * Without surrounding blanks and dots: no hidden or parent name, nothing Windows would rename.
   */
  private static String trimmed(String s) {
    int start = 0;
    while (start < s.length() && (s.charAt(start) == '.' || s.charAt(start) == ' ')) start++;
    int end = s.length();
    while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) end--;
    return s.substring(start, end);
  }

  private static boolean kept(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.UNASSIGNED,
          Character.PRIVATE_USE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /** Cuts at a code point boundary, keeping a short extension so the file still opens right. */
  private static String capped(String s) {
    int count = s.codePointCount(0, s.length());
    if (count <= MAX_CODE_POINTS) return s;
    int dot = s.lastIndexOf('.');
    String ext = "";
    if (dot > 0) {
      String candidate = s.substring(dot);
      int extCount = candidate.codePointCount(0, candidate.length());
      if (extCount <= MAX_EXTENSION) ext = candidate;
    }
    int keep = MAX_CODE_POINTS - ext.codePointCount(0, ext.length());
    return trimmed(s.substring(0, s.offsetByCodePoints(0, keep))) + ext;
  }

  /**
   * {@code attachment; filename="<ASCII stand-in>"; filename*=UTF-8''<percent-encoded>} (RFC 6266,
   * RFC 8187/5987): the quoted form carries printable ASCII only, without quote, backslash or
   * percent; the extended form percent-encodes every byte that is not an {@code attr-char}. Neither
   * can end the header or start another parameter.
   */
  public static String contentDisposition(String name) {
    String safe = sanitise(name);
    StringBuilder ascii = new StringBuilder(safe.length());
    safe.codePoints()
        .forEach(
            cp ->
                ascii.append(
                    cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != '%'
                        ? (char) cp
                        : '_'));
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncoded(safe);
  }

  /** RFC 8187 {@code value-chars}: attr-chars as they are, every other UTF-8 byte as %XX. */
  static String percentEncoded(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (attrChar(c)) out.append((char) c);
      else out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
    }
    return out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static boolean attrChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }
}
