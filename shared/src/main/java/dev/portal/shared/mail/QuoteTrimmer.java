package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Drops the quoted history from a reply so a ticket comment shows what the sender wrote now. Cuts
 * at the first line that starts the history: an attribution ("On ... wrote:", German "Am ...
 * schrieb ...:", Russian "... написал(а):", French, Spanish, Dutch...), an Outlook separator
 * ("-----Original Message-----", a line of underscores, a "From: ... Sent: ..." block), or the
 * signature separator "-- "; then removes any remaining {@code >}-quoted lines. Never returns an
 * empty string for a non-blank input: if nothing would be left, the text comes back untrimmed.
 *
 * <p>Linear in the length of the text: every line check is hand-written and looks at no more than
 * the first {@link MailLimits#MAX_LINE_CHARS} characters of a line (a reply of one line of "x wrote
 * " repeated took a backtracking pattern a minute).
 */
public final class QuoteTrimmer {

  private static final Set<String> ORIGINAL_MESSAGE =
      Set.of(
          "original message",
          "ursprüngliche nachricht",
          "original nachricht",
          "исходное сообщение",
          "message d'origine",
          "mensaje original",
          "forwarded message",
          "weitergeleitete nachricht");
  private static final List<String> HEADER_FROM = List.of("from", "von", "от", "de");
  private static final List<String> HEADER_SENT =
      List.of("sent", "date", "gesendet", "datum", "отправлено", "дата", "envoyé", "enviado");

  private QuoteTrimmer() {}

  /**
   * The reply without its quoted history and signature; the input unchanged when nothing would be
   * left.
   */
  public static String trim(String text) {
    if (text == null || text.isBlank()) {
      return text == null ? "" : text;
    }
    String own = ownText(text);
    return own.isEmpty() ? text : own;
  }

  /**
   * What the sender wrote now, by the same cuts as {@link #trim}, but empty when the reply holds
   * nothing besides quoted history: for a reply that is forwarded on to someone else (an agent's
   * answer mailed to the client), where sending the history back as the answer would be wrong.
   */
  public static String ownText(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    String[] probes = new String[lines.length];
    for (int i = 0; i < lines.length; i++) {
      probes[i] = MailLimits.capped(lines[i]);
    }
    int cut = lines.length;
    for (int i = 0; i < lines.length; i++) {
      if (startsHistory(probes, i)) {
        cut = i;
        break;
      }
    }
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < cut; i++) {
      if (!isQuoted(lines[i])) {
        kept.add(lines[i]);
      }
    }
    String result = String.join("\n", kept).strip();
    if (!result.isEmpty()) {
      return result;
    }
    // Nothing above the history: a bottom-posted reply. Keep what is neither quoted nor
    // attribution, up to the
    // signature or an Outlook separator.
    return bottomPosted(lines, probes);
  }

  private static String bottomPosted(String[] lines, String[] probes) {
    List<String> kept = new ArrayList<>();
    boolean keptText = false;
    for (int i = 0; i < lines.length; i++) {
      if (isQuoted(lines[i]) || Attributions.isFull(probes[i]) || Attributions.isLoose(probes[i])) {
        continue;
      }
      if (keptText && startsHistory(probes, i)) {
        break;
      }
      kept.add(lines[i]);
      keptText |= !lines[i].isBlank();
    }
    return String.join("\n", kept).strip();
  }

  private static boolean startsHistory(String[] lines, int i) {
    String line = lines[i];
    if (line.equals("--") || line.equals("-- ")) {
      return true;
    }
    if (isOriginalMessage(line) || isUnderscores(line)) {
      return true;
    }
    if (isHeader(line, HEADER_FROM) && headerBlockFollows(lines, i, HEADER_SENT)) {
      return true;
    }
    if (isHeader(line, HEADER_SENT) && headerBlockFollows(lines, i, HEADER_FROM)) {
      return true; // web mailers write "Gesendet: ..." before "Von: ..."
    }
    if (Attributions.isFull(line)) {
      return true;
    }
    if (Attributions.isLoose(line) && quotedNext(lines, i + 1)) {
      return true;
    }
    // Wrapped attribution: "On ..., Alice" then "<a@b> wrote:".
    return Attributions.isWrappedStart(line)
        && i + 1 < lines.length
        && Attributions.isWrappedEnd(lines[i + 1]);
  }

  private static boolean isQuoted(String line) {
    return line.stripLeading().startsWith(">");
  }

  // "-----Original Message-----" and its translations: two or more dashes each side of the phrase.
  private static boolean isOriginalMessage(String line) {
    String s = line.strip();
    int start = 0;
    while (start < s.length() && s.charAt(start) == '-') {
      start++;
    }
    int end = s.length();
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return start >= 2
        && s.length() - end >= 2
        && ORIGINAL_MESSAGE.contains(s.substring(start, end).strip().toLowerCase(Locale.ROOT));
  }

  private static boolean isUnderscores(String line) {
    String s = line.strip();
    return s.length() >= 10 && s.chars().allMatch(c -> c == '_');
  }

  // "From: x", "*Von:* x": a label of an Outlook header block, optionally bold, then a colon and
  // something.
  private static boolean isHeader(String line, List<String> labels) {
    int i = 0;
    while (i < line.length() && Attributions.isSpace(line.charAt(i))) {
      i++;
    }
    if (i < line.length() && line.charAt(i) == '*') {
      i++;
    }
    for (String label : labels) {
      if (!line.regionMatches(true, i, label, 0, label.length())) {
        continue;
      }
      int j = i + label.length();
      while (j < line.length() && Attributions.isSpace(line.charAt(j))) {
        j++;
      }
      if (j < line.length() && line.charAt(j) == ':') {
        return j + 1 < line.length();
      }
    }
    return false;
  }

  // "From: x" starts an Outlook header block only when "Sent:"/"Date:" follows within a few lines
  // (or the reverse).
  private static boolean headerBlockFollows(String[] lines, int i, List<String> next) {
    for (int k = i + 1; k < Math.min(lines.length, i + 4); k++) {
      if (isHeader(lines[k], next)) {
        return true;
      }
    }
    return false;
  }

  private static boolean quotedNext(String[] lines, int from) {
    for (int k = from; k < lines.length; k++) {
      if (!lines[k].isBlank()) {
        return isQuoted(lines[k]);
      }
    }
    return false;
  }
}
