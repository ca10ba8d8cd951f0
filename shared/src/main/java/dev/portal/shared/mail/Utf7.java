package dev.portal.shared.mail;

/**
 * A decoder for UTF-7 (RFC 2152), which the JDK does not ship and old Outlook still sends ({@code
 * unicode-1-1-utf-7}). Written here because it is a few lines and no library on our classpath has
 * one. Never throws: a malformed shift sequence keeps what could be decoded.
 */
final class Utf7 {

  private Utf7() {}

  static String decode(byte[] bytes, int off, int len) {
    StringBuilder out = new StringBuilder(len);
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = bytes[i] & 0xff;
      if (c != '+') {
        out.append((char) c);
        i++;
        continue;
      }
      i++;
      if (i < end && bytes[i] == '-') {
        out.append('+'); // "+-" is a literal plus
        i++;
        continue;
      }
      // Modified base64 of UTF-16 code units, ended by any non-base64 character; a '-' there is
      // absorbed.
      int bits = 0;
      int nbits = 0;
      while (i < end && value(bytes[i]) >= 0) {
        bits = (bits << 6) | value(bytes[i]);
        nbits += 6;
        if (nbits >= 16) {
          nbits -= 16;
          out.append((char) ((bits >>> nbits) & 0xffff));
        }
        i++;
      }
      if (i < end && bytes[i] == '-') {
        i++;
      }
    }
    return out.toString();
  }

  private static int value(byte b) {
    if (b >= 'A' && b <= 'Z') {
      return b - 'A';
    }
    if (b >= 'a' && b <= 'z') {
      return b - 'a' + 26;
    }
    if (b >= '0' && b <= '9') {
      return b - '0' + 52;
    }
    if (b == '+') {
      return 62;
    }
    if (b == '/') {
      return 63;
    }
    return -1;
  }
}
