package dev.portal.shared.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * Address-list headers (From, To, Cc, Reply-To) read leniently: {@code "Name" <a@b>}, {@code Name
 * <a@b>}, {@code a@b (Name)}, bare {@code a@b}, groups ({@code team: a@b, c@d;}), and the usual
 * breakage (names without quotes holding commas inside encoded words, stray brackets, a name
 * without angle brackets before the address). Encoded words are kept whole while splitting, then
 * decoded, so a comma inside one does not split a mailbox.
 *
 * <p>Only valid addresses come out ({@link MailSyntax#isAddress}); a mailbox whose address is not
 * one is dropped with a warning. Angle brackets holding several addresses ({@code <a@x,b@y>}) give
 * one mailbox each, never one address with commas in it. One pass over the header; at most {@link
 * #MAX_MAILBOXES} mailboxes are kept.
 */
final class AddressParser {

  /**
   * Mailboxes kept from one header: real mail names fewer, and a hostile header of thousands costs
   * no more.
   */
  static final int MAX_MAILBOXES = 100;

  private AddressParser() {}

  static List<MailAddress> parseList(String header, Warnings warnings) {
    List<MailAddress> result = new ArrayList<>();
    if (header == null || header.isBlank()) {
      return result;
    }
    Chunk chunk = new Chunk();
    int n = header.length();
    for (int i = 0; i < n; i++) {
      char c = header.charAt(i);
      if (c == '"') {
        int end = i + 1;
        StringBuilder q = new StringBuilder();
        while (end < n && header.charAt(end) != '"') {
          char qc = header.charAt(end);
          if (qc == '\\' && end + 1 < n) {
            qc = header.charAt(++end);
          }
          q.append(qc);
          end++;
        }
        chunk.raw.append('"').append(q).append('"');
        chunk.display.append(q);
        i = end; // at the closing quote (or the end)
      } else if (c == '(') {
        int depth = 1;
        int end = i + 1;
        StringBuilder comment = new StringBuilder();
        while (end < n && depth > 0) {
          char cc = header.charAt(end);
          if (cc == '\\' && end + 1 < n) {
            comment.append(header.charAt(++end));
          } else if (cc == '(') {
            depth++;
            comment.append(cc);
          } else if (cc == ')') {
            depth--;
            if (depth > 0) {
              comment.append(cc);
            }
          } else {
            comment.append(cc);
          }
          end++;
        }
        if (chunk.comment == null) {
          chunk.comment = comment.toString();
        }
        i = end - 1;
      } else if (c == '<' && chunk.angle == null) {
        int end = header.indexOf('>', i + 1);
        if (end < 0) {
          end = n;
        }
        chunk.angle = header.substring(i + 1, end);
        i = end;
      } else if (c == '=' && i + 1 < n && header.charAt(i + 1) == '?') {
        int end = encodedWordEnd(header, i);
        chunk.raw.append(header, i, end);
        chunk.display.append(header, i, end);
        i = end - 1;
      } else if (c == ',' || c == ';') {
        chunk.addTo(result, warnings);
        chunk = new Chunk();
      } else if (c == ':' && chunk.angle == null && chunk.raw.indexOf("@") < 0) {
        chunk = new Chunk(); // "group name:" starts a group; its members follow
      } else {
        chunk.raw.append(c);
        chunk.display.append(c);
      }
    }
    chunk.addTo(result, warnings);
    if (result.size() > MAX_MAILBOXES) {
      warnings.add("address list of " + result.size() + " mailboxes cut to " + MAX_MAILBOXES);
      return new ArrayList<>(result.subList(0, MAX_MAILBOXES));
    }
    return result;
  }

  /** First mailbox of the header, or null when there is none. */
  static MailAddress parseFirst(String header, Warnings warnings) {
    List<MailAddress> list = parseList(header, warnings);
    return list.isEmpty() ? null : list.getFirst();
  }

  // An encoded word "=?cs?X?text?=" runs to its closing "?=", which is after the third '?'.
  private static int encodedWordEnd(String s, int start) {
    int q = start + 1;
    for (int k = 0; k < 3; k++) {
      q = s.indexOf('?', q + 1);
      if (q < 0) {
        return start + 2;
      }
    }
    if (q + 1 < s.length() && s.charAt(q + 1) == '=') {
      return q + 2;
    }
    return start + 2;
  }

  private static final class Chunk {
    final StringBuilder raw =
        new StringBuilder(); // outside angle brackets and comments, quotes kept
    final StringBuilder display = new StringBuilder(); // the same with quotes removed
    String angle;
    String comment;

    void addTo(List<MailAddress> out, Warnings warnings) {
      String email;
      String name;
      if (angle != null) {
        email = stripRoute(angle.trim());
        name = display.toString();
        if (name.isBlank() && comment != null) {
          name = comment;
        }
      } else {
        String text = raw.toString().trim();
        if (text.isEmpty()) {
          return;
        }
        int lastSpace = lastSpaceOutsideQuotes(text);
        if (lastSpace > 0 && text.substring(lastSpace + 1).contains("@")) {
          // "Name a@b": a display name without the angle brackets
          email = text.substring(lastSpace + 1);
          name = unquote(text.substring(0, lastSpace));
        } else {
          email = text;
          name = comment;
        }
        email = email.replace(">", "").trim();
        if (email.startsWith("\"") && email.endsWith("\"") && email.length() > 1) {
          email = email.substring(1, email.length() - 1); // a quoted address: "a@b"
        }
      }
      // "<a@x,b@y>" is several mailboxes in one pair of brackets: each its own, the name goes with
      // the first.
      String cleanName = cleanName(name, warnings);
      for (String piece : email.split(",", -1)) {
        String address = piece.trim();
        if (out.size() > MAX_MAILBOXES) {
          return; // the list is cut anyway (parseList says so once)
        }
        if (address.isEmpty()) {
          continue;
        }
        if (!MailSyntax.isAddress(address)) {
          warnings.add("mailbox without a valid address dropped");
          continue;
        }
        out.add(new MailAddress(address, cleanName));
        cleanName = null;
      }
    }

    private static String stripRoute(String addr) {
      int colon = addr.indexOf(':'); // obsolete source route: <@a,@b:user@host>
      return addr.startsWith("@") && colon > 0 ? addr.substring(colon + 1) : addr;
    }

    private static int lastSpaceOutsideQuotes(String text) {
      boolean quoted = false;
      int last = -1;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted && Character.isWhitespace(c)) {
          last = i;
        }
      }
      return last;
    }

    private static String unquote(String s) {
      return s.replace("\"", "");
    }

    private static String cleanName(String name, Warnings warnings) {
      if (name == null) {
        return null;
      }
      String decoded = EncodedWords.decode(name.strip(), warnings).strip();
      if (decoded.length() > 1 && decoded.startsWith("\"") && decoded.endsWith("\"")) {
        decoded = decoded.substring(1, decoded.length() - 1).strip();
      }
      return decoded.isEmpty() ? null : decoded;
    }
  }
}
