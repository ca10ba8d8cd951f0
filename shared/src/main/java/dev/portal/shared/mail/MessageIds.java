package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Message-ID, In-Reply-To, References and Return-Path values: angle-bracketed tokens, leniently. */
final class MessageIds {

    private static final Pattern BRACKETED = Pattern.compile("<([^<>]*)>");

    private MessageIds() {}

    /** The first id without brackets; a bare id when the sender left the brackets out; null when none. */
    static String first(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = BRACKETED.matcher(value);
        if (m.find() && !m.group(1).isBlank()) {
            return m.group(1).strip();
        }
        String bare = value.strip().split("\\s+")[0];
        return bare.isEmpty() ? null : bare;
    }

    /** Every id, in order; bare tokens with an '@' when there are no brackets at all. */
    static List<String> all(String value) {
        List<String> ids = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return ids;
        }
        Matcher m = BRACKETED.matcher(value);
        while (m.find()) {
            if (!m.group(1).isBlank()) {
                ids.add(m.group(1).strip());
            }
        }
        if (ids.isEmpty()) {
            for (String token : value.split("[\\s,]+")) {
                if (token.contains("@")) {
                    ids.add(token);
                }
            }
        }
        return ids;
    }

    /** Return-Path without brackets: null when absent, "" for the null sender {@code <>}. */
    static String returnPath(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        Matcher m = BRACKETED.matcher(v);
        return m.find() ? m.group(1).strip() : v;
    }
}
