package dev.portal.shared.mail;

import java.util.Locale;

/**
 * One header field as read: lower-cased name and the unfolded value as text (raw, encoded words not yet decoded).
 * 8-bit bytes in a header, which RFC 5322 forbids but senders write, are read as UTF-8 when valid, else
 * windows-1252.
 */
record RawHeader(String name, String value) {

    static RawHeader of(byte[] line, int len, Warnings warnings) {
        int colon = -1;
        for (int i = 0; i < len; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        String text = MailCharsets.decode(line, 0, len, null, warnings, "header");
        if (colon < 0) {
            return new RawHeader("", unfold(text));
        }
        // The colon is ASCII, so its index in the bytes is its index in the text only when the name is ASCII;
        // look it up again in the text to be safe.
        int textColon = text.indexOf(':');
        String name = text.substring(0, textColon).trim().toLowerCase(Locale.ROOT);
        return new RawHeader(name, unfold(text.substring(textColon + 1)).strip());
    }

    /** RFC 5322 unfolding: a line break followed by white space is the white space alone. */
    static String unfold(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return text.replaceAll("\r?\n(?=[ \t])", "").replaceAll("[\r\n]+$", "").replace("\r\n", " ").replace('\n', ' ');
    }
}
