package dev.portal.shared.mail;

import java.io.ByteArrayOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded words ({@code =?charset?B|Q?...?=}) in header values. Lenient where senders are
 * sloppy: encoded words inside quoted strings or glued to other text are decoded too, and adjacent
 * words in the same charset are joined as bytes before decoding, because encoders split multi-byte
 * characters across words.
 */
final class EncodedWords {

  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?]*?)\\?=");

  private EncodedWords() {}

  /**
   * The value with its encoded words decoded; a control character they held (an encoded CR) is a
   * space.
   */
  static String decode(String value, Warnings warnings) {
    if (value == null || value.indexOf("=?") < 0) {
      return HeaderText.clean(value);
    }
    Matcher m = WORD.matcher(value);
    StringBuilder out = new StringBuilder(value.length());
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    String pendingCharset = null;
    int last = 0;
    while (m.find()) {
      String between = value.substring(last, m.start());
      boolean adjacent = pendingCharset != null && between.isBlank();
      String charset = m.group(1);
      if (!adjacent || !charset.equalsIgnoreCase(pendingCharset)) {
        flush(out, pending, pendingCharset, warnings);
        pendingCharset = null;
        if (!adjacent) {
          out.append(
              between); // whitespace between two encoded words is dropped (RFC 2047 section 6.2)
        }
      }
      byte[] bytes = m.group(2).equalsIgnoreCase("B") ? base64(m.group(3)) : q(m.group(3));
      pending.writeBytes(bytes);
      pendingCharset = charset;
      last = m.end();
    }
    flush(out, pending, pendingCharset, warnings);
    out.append(value, last, value.length());
    return HeaderText.clean(out.toString());
  }

  private static void flush(
      StringBuilder out, ByteArrayOutputStream pending, String charset, Warnings warnings) {
    if (charset != null) {
      out.append(MailCharsets.decode(pending.toByteArray(), charset, warnings, "header"));
      pending.reset();
    }
  }

  /** Base64 that tolerates missing padding and stray characters. */
  static byte[] base64(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 3 / 4 + 1);
    int bits = 0;
    int nbits = 0;
    for (int i = 0; i < text.length(); i++) {
      int v = value(text.charAt(i));
      if (v < 0) {
        if (text.charAt(i) == '=') {
          break;
        }
        continue;
      }
      bits = (bits << 6) | v;
      nbits += 6;
      if (nbits >= 8) {
        nbits -= 8;
        out.write((bits >>> nbits) & 0xff);
      }
    }
    return out.toByteArray();
  }

  private static byte[] q(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        out.write(' ');
      } else if (c == '=' && isHex(text, i + 1) && isHex(text, i + 2)) {
        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        // Raw 8-bit characters in a Q word are a sender bug; keep their low byte.
        out.write(c & 0xff);
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '+' || c == '-') {
      return 62;
    }
    if (c == '/' || c == '_') {
      return 63;
    }
    return -1;
  }
}
