package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * Parses every mail of the Zammad corpus ({@code shared/corpora/zammad} beside the repository, or
 * env {@code MAIL_CORPUS_DIR}) and compares with what Zammad's parser made of it, field by field. A
 * corpus that cannot be found fails the test: it must never pass by checking nothing.
 *
 * <p>How we compare (fairly, per the corpus README):
 *
 * <ul>
 *   <li>fromEmail, fromDisplayName, subject: exactly; an absent value on either side counts as "".
 *   <li>body: both sides as text (Zammad's HTML through jsoup's text(), ours as is), whitespace
 *       collapsed; Zammad's placeholder "no visible content" is "". They agree when equal, or when
 *       the Dice similarity of their character-bigram multisets is at least {@value
 *       #BODY_SIMILARITY} (Zammad often keeps the HTML alternative where we keep the plain one:
 *       same words, different line layout, link targets and bullets).
 *   <li>attachments: the multiset of (filename, type, size, sha256), leaving out Zammad's
 *       contentAlternative parts (the HTML twin of the body it stores as message.html) and, on both
 *       sides, inline images (parts with a Content-ID and an image/* type), which Zammad lists and
 *       we keep as inline attachments.
 *   <li>verdict: the bounces and automatic mails the README names must be rejected; every other
 *       mail accepted.
 * </ul>
 *
 * Every disagreement is either fixed or listed in {@link #KNOWN_DIFFERENCES} with the reason we
 * differ on purpose; an unlisted one fails the test, and so does a listed one that no longer occurs
 * (so the list stays true). The table it prints is copied by hand into docs/mail-corpus.md.
 */
class ZammadCorpusTest {

  static final double BODY_SIMILARITY = 0.9;

  static final Set<String> REJECTED =
      Set.of(
          "mail018",
          "mail033-undelivered-mail-returned-to-sender",
          "mail052",
          "mail053",
          "mail055",
          "mail063",
          "mail078",
          "mail092",
          "mail043",
          "mail089",
          "mail090");

  private static final String LF = "we keep CRLF line ends as sent; Zammad converts the part to LF";
  private static final String PLAIN = "we prefer the text/plain alternative, Zammad the HTML one";

  /** "mailNNN.field" → why we decide differently from Zammad on purpose. */
  static final Map<String, String> KNOWN_DIFFERENCES =
      Map.ofEntries(
          // Line ends: we keep a part's bytes as sent (CRLF, the MIME canonical form); Zammad
          // stores 7bit/8bit
          // text and message parts with LF, so sizes and hashes differ although the content is the
          // same.
          Map.entry("mail014.attachments", LF),
          Map.entry("mail033-undelivered-mail-returned-to-sender.attachments", LF),
          Map.entry("mail038.attachments", LF),
          Map.entry("mail039.attachments", LF),
          Map.entry("mail042.attachments", LF),
          Map.entry("mail092.attachments", LF),
          // Body choice: we prefer text/plain; Zammad keeps the HTML alternative. Where the two
          // alternatives
          // say different things (or the plain one carries link targets and decoration), the texts
          // differ.
          Map.entry("mail010.body", PLAIN + " (plain part adds <url> after each link)"),
          Map.entry("mail062.body", PLAIN + " (plain part adds <url> after each link)"),
          Map.entry("mail011.body", PLAIN + " (plain part starts with a tracking link)"),
          Map.entry(
              "mail026.body", PLAIN + " (the plain part is a different text from the HTML one)"),
          Map.entry("mail043.body", PLAIN + " (the plain part only links to the HTML newsletter)"),
          Map.entry(
              "mail072.body",
              PLAIN
                  + " (plain part shorter; Zammad also decodes the HTML as windows-1250 "
                  + "where the bytes are windows-1258: 'ŕ' for 'à')"),
          Map.entry(
              "mail085.body",
              PLAIN + ": its HTML branch is multipart/mixed of '123' and a longer HTML part"),
          Map.entry(
              "mail085.attachments",
              "Zammad keeps the second HTML part of the HTML alternative as "
                  + "document.html; we treat the whole HTML branch as the twin of the text body we took"),
          Map.entry(
              "mail087.body",
              "a part without Content-Type is text/plain (RFC 2045 section 5.2): our body; "
                  + "Zammad stores it as an attachment 'file' without type"),
          Map.entry("mail087.attachments", "see mail087.body"),
          Map.entry(
              "mail017.body",
              PLAIN + " (the two alternatives of this spam carry different news lists)"),
          // Decoding where Zammad's result is wrong and ours is right.
          Map.entry(
              "mail018.subject",
              "we decode the UTF-7 encoded word (+ANw- is 'Ü'); Zammad leaves it raw"),
          Map.entry(
              "mail046.fromDisplayName",
              "raw 8-bit name: Zammad's is mojibake; we decode it as GB2312, "
                  + "which the message declares (for its embedded message)"),
          Map.entry(
              "mail060.body",
              "a body mixing UTF-8 and Latin-1 under an unknown charset (iso-gb2312): "
                  + "Zammad shows mojibake; we read the UTF-8 sequences as UTF-8 and the stray bytes as windows-1252"),
          Map.entry(
              "mail064.attachments",
              "file name in NFD (e + combining accent): Zammad splits the accents "
                  + "off ('eìcran'), we keep them"),
          Map.entry(
              "mail073.attachments",
              "file name with a raw 8-bit byte: Zammad has U+FFFD, we decode it "
                  + "as windows-1252 ('Wölbung')"),
          Map.entry(
              "mail065.fromDisplayName",
              "an encoded word holding a comma: Zammad splits the mailbox inside "
                  + "it ('=20Andreas?='), we decode 'Bürling, Andreas'"),
          // Broken addresses: we take the address, Zammad keeps the whole broken text.
          Map.entry(
              "mail035.fromEmail", "a quoted address without angle brackets: we drop the quotes"),
          Map.entry("mail076.fromEmail", "stray '>' after the address: we drop it"),
          Map.entry(
              "mail076.fromDisplayName",
              "no display name in the header: Zammad makes one of the address"),
          Map.entry(
              "mail087.fromEmail",
              "'Test test@example.com' is a name and an address without brackets"),
          Map.entry("mail087.fromDisplayName", "see mail087.fromEmail: the name is 'Test'"),
          // Invalid addresses and control characters (issue 9): a requester must be exactly one
          // valid address,
          // and no header value keeps a control character; Zammad keeps both as written.
          Map.entry(
              "mail044.fromEmail",
              "a trailing dot after the domain ('yahoo.com.') is no valid address: "
                  + "dropped, and the mail has no sender"),
          Map.entry(
              "mail044.fromDisplayName", "see mail044.fromEmail: the name goes with the address"),
          Map.entry(
              "mail053.fromEmail",
              "a bare 'MAILER-DAEMON' is no address: dropped (the classifier still "
                  + "reads it from the raw header)"),
          Map.entry("mail053.fromDisplayName", "see mail053.fromEmail"),
          Map.entry(
              "mail071.fromEmail",
              "spaces in the local part ('power quadrant system@') are no address: " + "dropped"),
          Map.entry("mail071.fromDisplayName", "see mail071.fromEmail"),
          Map.entry(
              "mail027.subject",
              "the encoded subject starts with CR LF: Zammad keeps them, we never keep a "
                  + "control character in a header value (each becomes a space)"),
          // Broken MIME.
          Map.entry(
              "mail054.body",
              "multipart/alternative whose boundary parameter sits on an unfolded line: "
                  + "we take the boundary from the first delimiter line and read the parts ('some text'); Zammad "
                  + "finds no body"));

  private static final List<String> FIELDS =
      List.of("fromEmail", "fromDisplayName", "subject", "body", "attachments", "verdict");

  @Test
  void agreesWithZammadOnTheCorpusOrSaysWhyNot() throws IOException {
    Path corpus = corpusDir();
    List<Path> mails;
    try (Stream<Path> files = Files.list(corpus)) {
      mails = files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
    }
    assertTrue(
        mails.size() >= 100,
        "expected the 112 corpus mails in " + corpus + ", found " + mails.size());

    MailParser parser = new MailParser();
    Map<String, int[]> tally = new LinkedHashMap<>();
    FIELDS.forEach(f -> tally.put(f, new int[2]));
    Map<String, String> unexpected = new TreeMap<>();
    Set<String> seenKnown = new java.util.HashSet<>();

    for (Path eml : mails) {
      String file = eml.getFileName().toString();
      String id = file.substring(0, file.length() - ".eml".length()); // mailNNN or mailNNN-what
      Path json = eml.resolveSibling(file.replaceFirst("\\.eml$", ".expected.json"));
      @SuppressWarnings("unchecked")
      Map<String, Object> expected = (Map<String, Object>) SimpleJson.read(json);
      ParsedMail mail;
      try (InputStream in = Files.newInputStream(eml)) {
        mail = parser.parse(in, AttachmentSink.DISCARD);
      }
      if (!mail.text().isBlank() && QuoteTrimmer.trim(mail.text()).isBlank()) {
        unexpected.put(id + ".quoteTrimmer", "trimmed a non-blank body to nothing");
      }
      Map<String, String[]> pairs = new LinkedHashMap<>();
      pairs.put(
          "fromEmail",
          new String[] {
            str(expected.get("fromEmail")), mail.from() == null ? "" : mail.from().email()
          });
      pairs.put(
          "fromDisplayName",
          new String[] {
            str(expected.get("fromDisplayName")),
            mail.from() == null || mail.from().displayName() == null
                ? ""
                : mail.from().displayName()
          });
      pairs.put("subject", new String[] {str(expected.get("subject")), mail.subject()});
      pairs.put("body", bodies(expected, mail));
      pairs.put("attachments", new String[] {expectedAttachments(expected), ourAttachments(mail)});
      boolean rejected = MailClassifier.classify(mail, null, null) instanceof Verdict.Reject;
      pairs.put(
          "verdict",
          new String[] {
            REJECTED.contains(id) ? "reject" : "accept", rejected ? "reject" : "accept"
          });

      for (var e : pairs.entrySet()) {
        String field = e.getKey();
        String[] pair = e.getValue();
        boolean agree = field.equals("body") ? pair.length == 3 : Objects.equals(pair[0], pair[1]);
        int[] t = tally.get(field);
        t[1]++;
        if (agree) {
          t[0]++;
          continue;
        }
        String key = id + "." + field;
        if (KNOWN_DIFFERENCES.containsKey(key)) {
          seenKnown.add(key);
          if (System.getenv("MAIL_CORPUS_VERBOSE") != null) {
            System.out.println(
                "known " + key + ": zammad=" + show(pair[0]) + "\n      ours=" + show(pair[1]));
          }
        } else {
          unexpected.put(key, "zammad=" + show(pair[0]) + "\n      ours=" + show(pair[1]));
        }
      }
    }

    printTable(tally, mails.size());
    List<String> stale =
        KNOWN_DIFFERENCES.keySet().stream().filter(k -> !seenKnown.contains(k)).sorted().toList();
    if (!unexpected.isEmpty() || !stale.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      unexpected.forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(v));
      if (!stale.isEmpty()) {
        sb.append("\n  listed in KNOWN_DIFFERENCES but agreeing now: ").append(stale);
      }
      fail(
          unexpected.size()
              + " unlisted disagreements, "
              + stale.size()
              + " stale known differences:"
              + sb);
    }
    assertEquals(0, unexpected.size());
  }

  /**
   * The corpus: env MAIL_CORPUS_DIR, else shared/corpora/zammad in an ancestor of the working
   * directory.
   */
  static Path corpusDir() {
    String env = System.getenv("MAIL_CORPUS_DIR");
    if (env != null && !env.isBlank()) {
      Path dir = Path.of(env);
      if (!Files.isDirectory(dir)) {
        fail("MAIL_CORPUS_DIR=" + env + " is not a directory");
      }
      return dir;
    }
    // Maven runs with cwd = shared/ of the repository; the corpus sits beside the repository
    // directory.
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("corpora").resolve("zammad");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    fail(
        "the Zammad mail corpus was not found: expected shared/corpora/zammad beside the repository (searched "
            + "every ancestor of "
            + Path.of("").toAbsolutePath()
            + ") or a directory in env MAIL_CORPUS_DIR");
    return null;
  }

  private static String[] bodies(Map<String, Object> expected, ParsedMail mail) {
    String theirs = str(expected.get("body"));
    if ("text/html".equals(expected.get("contentType"))) {
      theirs = Jsoup.parse(theirs).text();
    }
    theirs = collapse(theirs);
    if (theirs.equals("no visible content")) {
      theirs = "";
    }
    String ours = collapse(mail.text());
    boolean agree = theirs.equals(ours) || dice(theirs, ours) >= BODY_SIMILARITY;
    return agree ? new String[] {theirs, ours, "agree"} : new String[] {theirs, ours};
  }

  static String collapse(String s) {
    return s.replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
  }

  /** Dice coefficient of the character-bigram multisets of two strings, white space left out. */
  static double dice(String a, String b) {
    String x = a.replaceAll("\\s+", "");
    String y = b.replaceAll("\\s+", "");
    if (x.length() < 2 || y.length() < 2) {
      return x.equals(y) ? 1 : 0;
    }
    Map<Integer, Integer> grams = new HashMap<>();
    for (int i = 0; i + 1 < x.length(); i++) {
      grams.merge(x.charAt(i) << 16 | x.charAt(i + 1), 1, Integer::sum);
    }
    int common = 0;
    for (int i = 0; i + 1 < y.length(); i++) {
      int key = y.charAt(i) << 16 | y.charAt(i + 1);
      Integer n = grams.get(key);
      if (n != null && n > 0) {
        common++;
        grams.put(key, n - 1);
      }
    }
    return 2.0 * common / (x.length() - 1 + y.length() - 1);
  }

  @SuppressWarnings("unchecked")
  private static String expectedAttachments(Map<String, Object> expected) {
    List<String> list = new ArrayList<>();
    for (Object o : (List<Object>) expected.getOrDefault("attachments", List.of())) {
      Map<String, Object> a = (Map<String, Object>) o;
      if (Boolean.TRUE.equals(a.get("contentAlternative"))) {
        continue;
      }
      String type = str(a.get("mimeType")).toLowerCase(Locale.ROOT);
      if (a.get("contentId") != null && type.startsWith("image/")) {
        continue;
      }
      list.add(
          str(a.get("filename")) + " | " + type + " | " + a.get("size") + " | " + a.get("sha256"));
    }
    return String.join("\n", list.stream().sorted().toList());
  }

  private static String ourAttachments(ParsedMail mail) {
    List<String> list = new ArrayList<>();
    for (StoredAttachment a : mail.attachments()) {
      if (a.meta().contentId() != null && a.meta().mimeType().startsWith("image/")) {
        continue;
      }
      list.add(
          a.meta().filename()
              + " | "
              + a.meta().mimeType()
              + " | "
              + a.size()
              + " | "
              + a.sha256Hex());
    }
    return String.join("\n", list.stream().sorted().toList());
  }

  private static void printTable(Map<String, int[]> tally, int mails) {
    StringBuilder sb = new StringBuilder("\nZammad corpus agreement (" + mails + " mails)\n\n");
    sb.append("| field | agree | total | % |\n|---|---:|---:|---:|\n");
    tally.forEach(
        (field, t) ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.1f |%n",
                    field,
                    t[0],
                    t[1],
                    100.0 * t[0] / t[1])));
    sb.append("\nknown differences listed: ").append(KNOWN_DIFFERENCES.size()).append('\n');
    System.out.println(sb);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static String show(String s) {
    String one = s.replace("\n", " ¶ ");
    return "«" + (one.length() > 600 ? one.substring(0, 600) + "…" : one) + "»";
  }
}
