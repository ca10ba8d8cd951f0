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
 * Turns bytes in a declared charset into text, the way mail really is rather than how it is labelled. Never throws:
 * the worst outcome is replacement characters plus a warning.
 *
 * <p>What it corrects: {@code iso-8859-1}/{@code us-ascii} are read as windows-1252 (its superset, which is what
 * senders mean), and as UTF-8 when the bytes are valid UTF-8 with multi-byte sequences (a common lie); GB2312 as
 * GB18030 (a superset of GBK); {@code ks_c_5601-1987} as windows-949; UTF-7 with our own decoder; undeclared 8-bit
 * text as strict UTF-8, else windows-1252. When the declared charset yields replacement characters or implausible
 * text (e.g. Korean-labelled bytes that are really windows-1251 or KOI8-R Cyrillic), a few fallbacks are tried and
 * the best-scoring decoding wins.
 */
final class MailCharsets {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static final Map<String, String> ALIASES = Map.ofEntries(
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
        return l.equals("utf-7") || l.equals("unicode-1-1-utf-7") || l.equals("utf7") || l.equals("x-utf-7");
    }

    /**
     * The charset Java should use for a label, after the corrections above; null when the label is absent,
     * unknown or UTF-7 (the caller decides then).
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

    static String decode(byte[] bytes, int off, int len, String declared, Warnings warnings, String where) {
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
            return best(bytes, off, len, WINDOWS_1252, label.isEmpty() ? "undeclared" : label, warnings, where);
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
        return best(bytes, off, len, charset, label, warnings, where);
    }

    /** Tries the declared charset and a few usual suspects; the lowest implausibility wins, declared on ties. */
    private static String best(byte[] bytes, int off, int len, Charset declared, String label, Warnings warnings,
                               String where) {
        List<Charset> candidates = new ArrayList<>(List.of(declared, StandardCharsets.UTF_8, WINDOWS_1251, KOI8_R,
                WINDOWS_1252));
        String bestText = null;
        Charset bestCharset = null;
        long bestScore = Long.MAX_VALUE;
        for (Charset candidate : candidates) {
            if (bestCharset != null && candidate.equals(bestCharset)) {
                continue;
            }
            String text = lenient(bytes, off, len, candidate);
            long score = implausibility(text);
            if (score < bestScore) {
                bestScore = score;
                bestText = text;
                bestCharset = candidate;
            }
        }
        if (!bestCharset.equals(declared)) {
            warnings.add(where + ": " + label + " did not fit the bytes, decoded as " + bestCharset.name());
        } else if (bestText.indexOf('\uFFFD') >= 0) {
            warnings.add(where + ": malformed " + label + " bytes replaced");
        }
        return bestText;
    }

    /**
     * How unlikely a decoding is to be what the sender wrote: replacement characters and control characters weigh
     * most; then the symptoms of a wrong single-byte code page (upper case after lower case inside a word, as
     * windows-1251 read as KOI8-R gives) and of scripts mixed inside one word (Cyrillic read as Korean gives Hangul
     * next to Hanja).
     */
    static long implausibility(String text) {
        long score = 0;
        int prevLetterScript = -1;
        boolean prevLower = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0xFFFD) {
                score += 100;
            } else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r' && cp != '\f') || (cp >= 0x80 && cp < 0xA0)) {
                score += 20;
            }
            if (Character.isLetter(cp)) {
                int script = Character.UnicodeScript.of(cp).ordinal();
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

    // Japanese mixes Han, Hiragana and Katakana inside words; that is normal, not a sign of a wrong charset.
    private static boolean sameFamily(int a, int b) {
        return isJapanese(a) && isJapanese(b);
    }

    private static boolean isJapanese(int script) {
        return script == Character.UnicodeScript.HAN.ordinal()
                || script == Character.UnicodeScript.HIRAGANA.ordinal()
                || script == Character.UnicodeScript.KATAKANA.ordinal();
    }

    private static String strict(byte[] bytes, int off, int len, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String lenient(byte[] bytes, int off, int len, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
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
        return !(name.startsWith("UTF-16") || name.startsWith("UTF-32") || name.contains("2022")
                || name.equals("X-UTF-16LE-BOM") || name.startsWith("HZ"));
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
