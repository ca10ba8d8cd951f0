package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Drops the quoted history from a reply so a ticket comment shows what the sender wrote now. Cuts at the first
 * line that starts the history: an attribution ("On ... wrote:", German "Am ... schrieb ...:", Russian
 * "... написал(а):", French, Spanish, Dutch...), an Outlook separator ("-----Original Message-----", a line of
 * underscores, a "From: ... Sent: ..." block), or the signature separator "-- "; then removes any remaining
 * {@code >}-quoted lines. Never returns an empty string for a non-blank input: if nothing would be left, the text
 * comes back untrimmed.
 */
public final class QuoteTrimmer {

    private static final String VERB = "(wrote|schrieb|a\\s+écrit|escribió|schreef|ha\\s+scritto|skrev|kirjoitti"
            + "|napisał|написал|написала|написал\\(а\\))";
    // "On <date>, <name> wrote:" and its translations: history whatever follows.
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "(?iU)^\\s*(on|am|le|el|op|il|den|в|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}-\\d{2}-\\d{2})\\b.*\\s" + VERB
                    + "(\\s.*)?:\\s*$");
    // "<name> wrote:" alone is history only when quoted lines follow, so a sentence ending in "wrote:" stays.
    private static final Pattern LOOSE_ATTRIBUTION = Pattern.compile("(?i)^.*\\S.*\\s" + VERB + "(\\s.*)?:\\s*$");
    // An attribution often wraps: "On Mon, 1 Jan 2026 at 10:00, Alice <a@b>" / "wrote:".
    private static final Pattern ATTRIBUTION_START = Pattern.compile("(?i)^\\s*(on|am|le|el|op|il)\\s.+\\S");
    private static final Pattern ATTRIBUTION_END = Pattern.compile("(?i)^.*" + VERB + "(\\s.*)?:\\s*$");
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "(?i)^\\s*-{2,}\\s*(original message|ursprüngliche nachricht|original nachricht|исходное сообщение"
                    + "|message d'origine|mensaje original|forwarded message|weitergeleitete nachricht)\\s*-{2,}\\s*$");
    private static final Pattern UNDERSCORES = Pattern.compile("^\\s*_{10,}\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile("(?i)^\\s*\\*?(from|von|от|de)\\s*:\\*?\\s*.+");
    private static final Pattern HEADER_SENT = Pattern.compile(
            "(?i)^\\s*\\*?(sent|date|gesendet|datum|отправлено|дата|envoyé|enviado)\\s*:\\*?\\s*.+");
    private static final Pattern SIGNATURE = Pattern.compile("^-- ?$");

    private QuoteTrimmer() {}

    /** The reply without its quoted history and signature; the input unchanged when nothing would be left. */
    public static String trim(String text) {
        if (text == null || text.isBlank()) {
            return text == null ? "" : text;
        }
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int cut = lines.length;
        for (int i = 0; i < lines.length; i++) {
            if (startsHistory(lines, i)) {
                cut = i;
                break;
            }
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < cut; i++) {
            if (!lines[i].stripLeading().startsWith(">")) {
                kept.add(lines[i]);
            }
        }
        String result = String.join("\n", kept).strip();
        if (!result.isEmpty()) {
            return result;
        }
        // Nothing above the history: a bottom-posted reply. Keep what is neither quoted nor attribution, up to the
        // signature or an Outlook separator.
        String below = bottomPosted(lines);
        return below.isEmpty() ? text : below;
    }

    private static String bottomPosted(String[] lines) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.stripLeading().startsWith(">")) {
                continue;
            }
            if (ATTRIBUTION.matcher(line).matches() || LOOSE_ATTRIBUTION.matcher(line).matches()) {
                continue;
            }
            if (!kept.isEmpty() && !String.join("", kept).isBlank() && startsHistory(lines, i)) {
                break;
            }
            kept.add(line);
        }
        return String.join("\n", kept).strip();
    }

    private static boolean startsHistory(String[] lines, int i) {
        String line = lines[i];
        if (SIGNATURE.matcher(line).matches()) {
            return true;
        }
        if (ORIGINAL_MESSAGE.matcher(line).matches() || UNDERSCORES.matcher(line).matches()) {
            return true;
        }
        if (HEADER_FROM.matcher(line).matches() && headerBlockFollows(lines, i, HEADER_SENT)) {
            return true;
        }
        if (HEADER_SENT.matcher(line).matches() && headerBlockFollows(lines, i, HEADER_FROM)) {
            return true; // web mailers write "Gesendet: ..." before "Von: ..."
        }
        if (ATTRIBUTION.matcher(line).matches()) {
            return true;
        }
        if (LOOSE_ATTRIBUTION.matcher(line).matches() && quotedNext(lines, i + 1)) {
            return true;
        }
        // Wrapped attribution: "On ..., Alice" then "<a@b> wrote:".
        return ATTRIBUTION_START.matcher(line).matches() && i + 1 < lines.length
                && ATTRIBUTION_END.matcher(lines[i + 1]).matches();
    }

    // "From: x" starts an Outlook header block only when "Sent:"/"Date:" follows within a few lines (or the reverse).
    private static boolean headerBlockFollows(String[] lines, int i, Pattern next) {
        for (int k = i + 1; k < Math.min(lines.length, i + 4); k++) {
            if (next.matcher(lines[k]).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean quotedNext(String[] lines, int from) {
        for (int k = from; k < lines.length; k++) {
            if (!lines[k].isBlank()) {
                return lines[k].stripLeading().startsWith(">");
            }
        }
        return false;
    }
}
