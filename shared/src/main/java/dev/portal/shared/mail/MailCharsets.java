package dev.portal.shared.mail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns bytes in a declared charset into text, the way mail really is rather than how it is
 * labelled. Never throws: the worst outcome is replacement characters plus a warning.
 *
 * <p>What it corrects: {@code iso-8859-1}/{@code us-ascii} are read as windows-1252 (its superset,
 * which is what senders mean), and as UTF-8 when the bytes are valid UTF-8 with multi-byte
 * sequences (a common lie); GB2312 as GB18030 (a superset of GBK); {@code ks_c_5601-1987} as
 * windows-949; UTF-7 with our own decoder; undeclared 8-bit text as strict UTF-8, else
 * windows-1252. When the declared charset yields replacement characters or implausible text (e.g.
 * Korean-labelled bytes that are really windows-1251 or KOI8-R Cyrillic), a few fallbacks are tried
 * and the best-scoring decoding wins.
 */
final class MailCharsets {

  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("iso-8859-1", "windows-1252"),
          Map.entry("iso8859-1", "windows-1252"),
          Map.entry("latin1", "windows-1252"),
          Map.entry("latin-1", "windows-1252"),
          Map.entry("us-ascii", "windows-1252"),
          Map.entry("ascii", "windows-1252"),
          Map.entry("ansi_x3.4-1968", "windows-1252"),
          Map.entry("cp1252", "windows-1252"),
          Map.entry("gb2312", "GB18030"),
          Map.entry("gbk", "GB18030"),
          Map.entry("x-gbk", "GB18030"),
          Map.entry("euc-cn", "GB18030"),
          Map.entry("cp936", "GB18030"),
          Map.entry("ks_c_5601-1987", "x-windows-949"),
          Map.entry("ks_c_5601", "x-windows-949"),
          Map.entry("ks_c_5601-1989", "x-windows-949"),
          Map.entry("euc-kr", "x-windows-949"),
          Map.entry("korean", "x-windows-949"),
          Map.entry("cp949", "x-windows-949"),
          Map.entry("iso-2022-jp", "x-windows-iso2022jp"),
          Map.entry("shift_jis", "windows-31j"),
          Map.entry("shift-jis", "windows-31j"),
          Map.entry("sjis", "windows-31j"),
          Map.entry("x-sjis", "windows-31j"),
          Map.entry("cp-1251", "windows-1251"),
          Map.entry("cp-1250", "windows-1250"),
          Map.entry("cp-1252", "windows-1252"),
          Map.entry("utf8", "UTF-8"),
          Map.entry("unicode-1-1-utf-8", "UTF-8"),
          Map.entry("x-unknown", ""),
          Map.entry("unknown-8bit", ""),
          Map.entry("unknown", ""),
          Map.entry("default", ""),
          Map.entry("x-user-defined", ""));

  private static final Charset KOI8_R = Charset.forName("KOI8-R");
  private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

  private MailCharsets() {}

  /** True for the UTF-7 labels, which the JDK cannot decode. */
  static boolean isUtf7(String label) {
    String l = normalise(label);
    return l.equals("utf-7")
        || l.equals("unicode-1-1-utf-7")
        || l.equals("utf7")
        || l.equals("x-utf-7");
  }

  /**
   * The charset Java should use for a label, after the corrections above; null when the label is
   * absent, unknown or UTF-7 (the caller decides then).
   */
  static Charset lookup(String label) {
    String l = normalise(label);
    if (l.isEmpty() || isUtf7(l)) {
      return null;
    }
    String mapped = ALIASES.getOrDefault(l, l);
    if (mapped.isEmpty()) {
      return null;
    }
    try {
      return Charset.forName(mapped);
    } catch (RuntimeException e) { // IllegalCharsetNameException, UnsupportedCharsetException
      return null;
    }
  }

  static String decode(byte[] bytes, String declared, Warnings warnings, String where) {
    return decode(bytes, 0, bytes.length, declared, warnings, where);
  }

  static String decode(
      byte[] bytes, int off, int len, String declared, Warnings warnings, String where) {
    if (isUtf7(declared)) {
      return Utf7.decode(bytes, off, len);
    }
    String label = normalise(declared);
    Charset charset = lookup(label);
    if (!label.isEmpty() && charset == null && !ALIASES.containsKey(label)) {
      warnings.add(where + ": unknown charset '" + label + "'");
    }
    if (isPlainAscii(bytes, off, len) && (charset == null || asciiCompatible(charset))) {
      return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
    }
    if (charset == null) {
      // Undeclared 8-bit: today's senders mean UTF-8; older ones a Western code page.
      String utf8 = strict(bytes, off, len, StandardCharsets.UTF_8);
      if (utf8 != null) {
        return utf8;
      }
      if (mostlyUtf8(bytes, off, len)) {
        warnings.add(where + ": utf-8 with stray non-utf-8 bytes, read those as windows-1252");
        return utf8WithWindows1252Bytes(bytes, off, len);
      }
      return best(
          bytes, off, len, WINDOWS_1252, label.isEmpty() ? "undeclared" : label, warnings, where);
    }
    if (charset.equals(WINDOWS_1252) || charset.name().startsWith("ISO-8859")) {
      String utf8 = strict(bytes, off, len, StandardCharsets.UTF_8);
      if (utf8 != null) {
        warnings.add(where + ": declared " + label + " but the bytes are UTF-8");
        return utf8;
      }
    }
    String declaredText = strict(bytes, off, len, charset);
    if (declaredText != null && implausibility(declaredText) == 0) {
      return declaredText;
    }
    if (declaredText == null
        && charset.equals(StandardCharsets.UTF_8)
        && mostlyUtf8(bytes, off, len)) {
      // Real UTF-8 with a few bytes that are not (pasted Latin-1 text, a cut character): keep it
      // UTF-8.
      warnings.add(where + ": utf-8 with stray non-utf-8 bytes, read those as windows-1252");
      return utf8WithWindows1252Bytes(bytes, off, len);
    }
    return best(bytes, off, len, charset, label, warnings, where);
  }

  /**
   * Tries the declared charset and a few usual suspects; the lowest implausibility wins, declared
   * on ties.
   */
  private static String best(
      byte[] bytes,
      int off,
      int len,
      Charset declared,
      String label,
      Warnings warnings,
      String where) {
    List<Charset> candidates = new ArrayList<>();
    candidates.add(declared);
    candidates.addAll(relatives(declared));
    candidates.addAll(List.of(StandardCharsets.UTF_8, WINDOWS_1251, KOI8_R, WINDOWS_1252));
    String bestText = null;
    Charset bestCharset = null;
    long bestScore = Long.MAX_VALUE;
    for (Charset candidate : new java.util.LinkedHashSet<>(candidates)) {
      String text = lenient(bytes, off, len, candidate);
      long score = implausibility(text);
      if (score < bestScore) {
        bestScore = score;
        bestText = text;
        bestCharset = candidate;
      }
    }
    if (!bestCharset.equals(declared)) {
      warnings.add(
          where + ": " + label + " did not fit the bytes, decoded as " + bestCharset.name());
    } else if (bestText.indexOf('\uFFFD') >= 0) {
      warnings.add(where + ": malformed " + label + " bytes replaced");
    }
    return bestText;
  }

  /**
   * Charsets that senders confuse with the declared one: the other encodings of the same language.
   */
  private static List<Charset> relatives(Charset declared) {
    String name = declared.name().toUpperCase(Locale.ROOT);
    List<String> names;
    if ((name.contains("2022") && name.contains("JP"))
        || name.contains("JIS")
        || name.contains("EUC-JP")
        || name.contains("31J")) {
      names = List.of("windows-31j", "EUC-JP", "x-windows-iso2022jp");
    } else if (name.contains("GB") || name.contains("BIG5") || name.contains("EUC-CN")) {
      names = List.of("GB18030", "Big5");
    } else if (name.contains("949") || name.contains("EUC-KR")) {
      names = List.of("x-windows-949");
    } else {
      names = List.of();
    }
    List<Charset> list = new ArrayList<>();
    for (String n : names) {
      try {
        list.add(Charset.forName(n));
      } catch (RuntimeException e) {
        // not in this JDK: skip
      }
    }
    return list;
  }

  /**
   * Decodes 8-bit bytes that came without a charset (raw bytes in a header): strict UTF-8 when
   * valid, else the best of the charsets the message declares elsewhere (hints), then windows-1252.
   */
  static String decodeWithHints(
      byte[] bytes, Iterable<String> hints, Warnings warnings, String where) {
    if (isPlainAscii(bytes, 0, bytes.length)) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    String utf8 = strict(bytes, 0, bytes.length, StandardCharsets.UTF_8);
    if (utf8 != null) {
      return utf8;
    }
    String bestText = null;
    long bestScore = Long.MAX_VALUE;
    java.util.Set<Charset> tried = new java.util.LinkedHashSet<>();
    for (String hint : hints) {
      Charset c = lookup(hint);
      if (c != null && !c.equals(WINDOWS_1252) && !c.equals(StandardCharsets.UTF_8)) {
        tried.add(c);
        tried.addAll(relatives(c));
      }
    }
    tried.add(WINDOWS_1252);
    for (Charset c : tried) {
      String text = lenient(bytes, 0, bytes.length, c);
      long score = implausibility(text);
      if (score < bestScore) {
        bestScore = score;
        bestText = text;
      }
    }
    warnings.add(where + ": raw 8-bit bytes without a charset");
    return bestText;
  }

  /**
   * How unlikely a decoding is to be what the sender wrote: replacement characters and control
   * characters weigh most; then the symptoms of a wrong single-byte code page (upper case after
   * lower case inside a word, as windows-1251 read as KOI8-R gives) and of scripts mixed inside one
   * word (Cyrillic read as Korean gives Hangul next to Hanja).
   */
  static long implausibility(String text) {
    long score = 0;
    int prevLetterScript = -1;
    boolean prevLower = false;
    int prev = 0;
    int latin1Run = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      // Western words mix plain letters with accented ones; four accented letters in a row
      // ("Ïðèâåò") is
      // what windows-1252 makes of Cyrillic.
      latin1Run = cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7 ? latin1Run + 1 : 0;
      if (latin1Run > 3) {
        score += 3;
      }
      if (prev >= 0xC2 && prev <= 0xDF && isContinuationAs1252(cp)) {
        score += 50; // "Ã¼": a UTF-8 sequence read as windows-1252
      }
      prev = cp;
      if (cp == 0xFFFD) {
        score += 100;
      } else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\f')
          || (cp >= 0x80 && cp < 0xA0)) {
        score += 20;
      } else if (cp >= 0x2500 && cp <= 0x259F) {
        score += 10; // box drawing: what KOI8-R makes of bytes that are not KOI8-R
      }
      Character.UnicodeScript unicodeScript =
          Character.isLetter(cp) ? Character.UnicodeScript.of(cp) : null;
      if (unicodeScript == Character.UnicodeScript.COMMON
          || unicodeScript == Character.UnicodeScript.INHERITED) {
        continue; // e.g. the Japanese long-vowel mark: belongs to no script, neutral
      }
      if (unicodeScript != null) {
        int script = unicodeScript.ordinal();
        boolean upper = Character.isUpperCase(cp);
        if (prevLetterScript >= 0) {
          if (script != prevLetterScript && !sameFamily(script, prevLetterScript)) {
            score += 3;
          }
          if (upper && prevLower) {
            score += 5;
          }
        }
        prevLetterScript = script;
        prevLower = Character.isLowerCase(cp);
      } else {
        prevLetterScript = -1;
        prevLower = false;
      }
    }
    return score;
  }

  // What windows-1252 makes of the bytes 0x80-0xBF, which in UTF-8 continue a multi-byte sequence.
  private static boolean isContinuationAs1252(int cp) {
    return (cp >= 0xA0 && cp <= 0xBF) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".indexOf(cp) >= 0;
  }

  // Japanese mixes Han, Hiragana and Katakana inside words; that is normal, not a sign of a wrong
  // charset.
  private static boolean sameFamily(int a, int b) {
    return isJapanese(a) && isJapanese(b);
  }

  private static boolean isJapanese(int script) {
    return script == Character.UnicodeScript.HAN.ordinal()
        || script == Character.UnicodeScript.HIRAGANA.ordinal()
        || script == Character.UnicodeScript.KATAKANA.ordinal();
  }

  private static String strict(byte[] bytes, int off, int len, Charset charset) {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes, off, len)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static String lenient(byte[] bytes, int off, int len, Charset charset) {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .replaceWith("\uFFFD");
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, off, len));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, off, len, StandardCharsets.ISO_8859_1); // cannot happen with REPLACE
    }
  }

  /**
   * UTF-8, except that a byte which starts no valid sequence is read as windows-1252: text
   * assembled from a UTF-8 and a Latin-1 source (a quoted reply, a pasted signature) comes out
   * whole.
   */
  static String utf8WithWindows1252Bytes(byte[] bytes, int off, int len) {
    StringBuilder out = new StringBuilder(len);
    int i = off;
    int end = off + len;
    while (i < end) {
      int need = sequenceLength(bytes, i, end);
      if (need > 0) {
        out.append(new String(bytes, i, need, StandardCharsets.UTF_8));
        i += need;
      } else {
        out.append(new String(bytes, i, 1, WINDOWS_1252));
        i++;
      }
    }
    return out.toString();
  }

  // Length of the valid UTF-8 sequence at i (1 for ASCII), or 0 when none starts there.
  private static int sequenceLength(byte[] bytes, int i, int end) {
    int b = bytes[i] & 0xff;
    if (b < 0x80) {
      return 1;
    }
    int need =
        b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
    if (need < 0 || i + need >= end) {
      return 0;
    }
    for (int k = 1; k <= need; k++) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return 0;
      }
    }
    // Overlong 3-byte forms and UTF-16 surrogates are not valid UTF-8.
    if (need == 2
        && ((b == 0xE0 && (bytes[i + 1] & 0xff) < 0xA0)
            || (b == 0xED && (bytes[i + 1] & 0xff) > 0x9F))) {
      return 0;
    }
    if (need == 3
        && ((b == 0xF0 && (bytes[i + 1] & 0xff) < 0x90)
            || (b == 0xF4 && (bytes[i + 1] & 0xff) > 0x8F))) {
      return 0;
    }
    return need + 1;
  }

  /**
   * True when valid multi-byte UTF-8 sequences are at least as many as bytes that fit no sequence.
   */
  static boolean mostlyUtf8(byte[] bytes, int off, int len) {
    int valid = 0;
    int invalid = 0;
    int i = off;
    int end = off + len;
    while (i < end) {
      int n = sequenceLength(bytes, i, end);
      if (n > 1) {
        valid++;
      } else if (n == 0) {
        invalid++;
      }
      i += Math.max(n, 1);
    }
    return valid > 0 && valid >= invalid;
  }

  private static boolean isPlainAscii(byte[] bytes, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (bytes[i] < 0 || bytes[i] == 0x1B) { // ESC starts ISO-2022 shifts
        return false;
      }
    }
    return true;
  }

  private static boolean asciiCompatible(Charset charset) {
    String name = charset.name().toUpperCase(Locale.ROOT);
    return !(name.startsWith("UTF-16")
        || name.startsWith("UTF-32")
        || name.contains("2022")
        || name.equals("X-UTF-16LE-BOM")
        || name.startsWith("HZ"));
  }

  private static String normalise(String label) {
    if (label == null) {
      return "";
    }
    String l = label.trim().toLowerCase(Locale.ROOT);
    if (l.length() >= 2 && (l.startsWith("\"") || l.startsWith("'"))) {
      l = l.substring(1, l.length() - (l.endsWith("\"") || l.endsWith("'") ? 1 : 0)).trim();
    }
    int star = l.indexOf('*'); // RFC 2231 language suffix in encoded words: utf-8*de
    return star > 0 ? l.substring(0, star) : l;
  }
}
