package dev.portal.shared.mail;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One header field as read: lower-cased name and the unfolded value as bytes (encoded words not yet
 * decoded). The bytes are kept because RFC 5322 forbids 8-bit headers but senders write them: which
 * charset they are in is best guessed once the whole message has been seen ({@link
 * MailCharsets#decodeWithHints}).
 */
record RawHeader(String name, byte[] value) {

  static RawHeader of(byte[] line) {
    int colon = -1;
    for (int i = 0; i < line.length; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon < 0) {
      return new RawHeader("", line);
    }
    String name =
        new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
    return new RawHeader(name, java.util.Arrays.copyOfRange(line, colon + 1, line.length));
  }

  /**
   * Whether the name is an RFC 5322 field name: printable ASCII other than the colon, at least one
   * character.
   */
  boolean hasFieldName() {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126) {
        return false;
      }
    }
    return true;
  }

  boolean isAscii() {
    for (byte b : value) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value as text: unfolded, every control character left over (a lone CR, a NUL) turned into a
   * space, 8-bit bytes decoded with the given charset hints, stripped.
   */
  String text(Iterable<String> hints, Warnings warnings) {
    String raw =
        isAscii()
            ? new String(value, StandardCharsets.ISO_8859_1)
            : MailCharsets.decodeWithHints(value, hints, warnings, "header " + name);
    return HeaderText.clean(HeaderText.unfold(raw)).strip();
  }
}
