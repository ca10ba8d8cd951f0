package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.portal.shared.email.InboundMailService;
import dev.portal.shared.mail.AttachmentSink;
import dev.portal.shared.mail.MailParser;
import dev.portal.shared.mail.ParsedMail;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every mail of the Zammad corpus through the real pipeline: raw bytes into the bucket on moto, the
 * SES notification in an SQS event, the inbound-email function, then the mail log and the ticket as
 * the API shows them. Parse-level fidelity to Zammad is the parser's own test (shared,
 * ZammadCorpusTest); this one checks the pipeline: each message is logged once, the bounces and
 * automatic mails are rejected, and every other one becomes a ticket or a comment carrying the
 * parser's sender, subject, text and attachment count. The corpus is read from {@code
 * ../shared/corpora/zammad} beside the repository, or {@code MAIL_CORPUS_DIR}; it is never copied
 * in, and a missing corpus fails the test.
 */
class CorpusPipelineIT {
  /**
   * By file name without ".eml": mail078 is a bounce, mail078-content_transfer_encoding_x_uuencode
   * is not.
   */
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
          "mail090",
          // Spam whose From is no address by RFC 5322 ("... <power quadrant system@example.com>", a
          // local part with
          // spaces; '"Millions Lottery Spain transfer"@example.com>', a quoted local part with a
          // stray '>'), and no
          // Reply-To or Return-Path either: nobody to answer, so no ticket ("no sender address").
          "mail071",
          "mail076");

  private static final Pattern EXPECTED_FROM =
      Pattern.compile("\"fromEmail\"\\s*:\\s*\"([^\"]*)\"");

  static Path corpusDir() {
    String env = System.getenv("MAIL_CORPUS_DIR");
    Path dir =
        env != null
            ? Path.of(env)
            : Path.of(System.getProperty("portal.repo.root", ".."))
                .resolve("../shared/corpora/zammad")
                .normalize();
    if (!Files.isDirectory(dir)) {
      fail(
          "mail corpus not found at "
              + dir.toAbsolutePath()
              + ": set MAIL_CORPUS_DIR or put shared/ beside the repository");
    }
    return dir;
  }

  @Test
  void everyCorpusMailGoesThroughThePipelineAndIsLoggedWithTheRightOutcome() throws Exception {
    Path dir = corpusDir();
    List<Path> mails;
    try (Stream<Path> files = Files.list(dir)) {
      mails = files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
    }
    assertEquals(112, mails.size(), "the corpus has 112 mails");

    // One tenant per mail: the corpus reuses Message-IDs across unrelated test mails (mail089/090,
    // twelve share one
    // id), and within one tenant the contract makes the second of those a duplicate. Duplicates and
    // threading have
    // their own tests (EmailIT).
    TreeMap<String, Integer> outcomes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int zammadSenderAgrees = 0;
    for (Path eml : mails) {
      String id = eml.getFileName().toString().replaceFirst("\\.eml$", "");
      // Each mail has its own tenant and needs nothing of the others; an empty table keeps moto's
      // Query (a read of
      // every item) as fast for the last mail as for the first (see FreshTable).
      Backend.get().recreateTable();
      Fixtures f = new Fixtures();
      MailKit mail = new MailKit(f);
      byte[] raw = Files.readAllBytes(eml);
      ParsedMail parsed =
          new MailParser().parse(new ByteArrayInputStream(raw), AttachmentSink.DISCARD);

      SQSBatchResponse response =
          mail.inbound(MailKit.batch(mail.store(raw, List.of(mail.mailbox), "PASS", "PASS")));
      if (!response.getBatchItemFailures().isEmpty()) {
        problems.add(id + ": batch item failure");
        continue;
      }
      Backend.Res log = mail.mailLog("limit", "100");
      assertEquals(1, count(mail, log), id + ": one log entry per message");
      JsonNode entry = log.items().values().iterator().next();
      String outcome = entry.get("outcome").getStringValue();
      outcomes.merge(outcome, 1, Integer::sum);
      String sender =
          InboundMailService.senderOf(parsed) == null
              ? null
              : InboundMailService.senderOf(parsed).toLowerCase(Locale.ROOT);
      String entryFrom = entry.get("from").isNull() ? null : entry.get("from").getStringValue();
      if (!java.util.Objects.equals(sender, entryFrom))
        problems.add(id + ": logged sender " + entryFrom + " != " + sender);
      Path expectedJson =
          eml.resolveSibling(
              id + ".expected.json"); // a few mails (Zammad could not parse them) have none
      if (Files.exists(expectedJson)) {
        Matcher m = EXPECTED_FROM.matcher(Files.readString(expectedJson));
        if (m.find() && m.group(1).equalsIgnoreCase(String.valueOf(entryFrom)))
          zammadSenderAgrees++;
      }

      if (REJECTED.contains(id)) {
        if (!outcome.equals("rejected"))
          problems.add(id + ": automatic mail was " + outcome + ", not rejected");
        continue;
      }
      if (!outcome.equals("ticket")) {
        problems.add(
            id
                + ": "
                + outcome
                + " ("
                + (entry.get("reason").isNull() ? "" : entry.get("reason").getStringValue())
                + ")");
        continue;
      }
      String ticketId = entry.get("ticketId").getStringValue();
      Backend.Res events =
          Req.from("ticket-status-events.json")
              .as(f.agent)
              .path("/v1/tickets/" + ticketId + "/events")
              .query("limit", "100")
              .send(mail.api.ticketStatus);
      List<JsonNode> timeline = new ArrayList<>();
      events.items().values().forEach(timeline::add);
      int lastMail = -1;
      for (int i = 0; i < timeline.size(); i++) {
        if (timeline.get(i).get("type").getStringValue().equals("email_received")) lastMail = i;
      }
      if (lastMail < 0) {
        problems.add(id + ": no email_received event");
        continue;
      }
      JsonNode data = timeline.get(lastMail).get("data");
      if (!String.valueOf(sender).equals(data.get("from").getStringValue()))
        problems.add(id + ": event sender differs");
      String expectedSubject =
          parsed.subject().strip().isEmpty() ? "(no subject)" : parsed.subject().strip();
      if (expectedSubject.length() > 200) expectedSubject = expectedSubject.substring(0, 200);
      if (!expectedSubject.equals(data.get("subject").getStringValue())) {
        problems.add(
            id + ": subject " + data.get("subject").getStringValue() + " != " + expectedSubject);
      }
      if (!parsed.text().isBlank() && data.get("body").getStringValue().isBlank())
        problems.add(id + ": body text lost");
      long attachments =
          timeline.subList(lastMail + 1, timeline.size()).stream()
              .filter(e -> e.get("type").getStringValue().equals("attachment_added"))
              .count();
      if (attachments != Math.min(parsed.attachments().size(), 90)) {
        problems.add(
            id
                + ": "
                + attachments
                + " attachment events, the parser found "
                + parsed.attachments().size());
      }
      if (outcome.equals("ticket")) {
        Backend.Res ticket = f.get(f.agent, ticketId);
        if (!String.valueOf(sender)
            .equals(ticket.json().get("requester").get("email").getStringValue())) {
          problems.add(id + ": requester differs");
        }
        assertEquals("email", ticket.str("channel"));
      }
    }
    System.out.println(
        "corpus through the pipeline: "
            + mails.size()
            + " mails, outcomes "
            + outcomes
            + ", sender as Zammad read it: "
            + zammadSenderAgrees
            + "/"
            + mails.size());
    assertTrue(
        problems.isEmpty(), () -> problems.size() + " problems:\n" + String.join("\n", problems));
    assertEquals(
        REJECTED.size(),
        outcomes.getOrDefault("rejected", 0),
        "exactly the automatic mails are rejected");
    assertFalse(outcomes.containsKey("quarantined"));
  }

  private static int count(MailKit mail, Backend.Res firstPage) {
    int n = 0;
    Backend.Res page = firstPage;
    while (true) {
      n += page.items().size();
      String cursor = page.str("nextCursor");
      if (cursor == null) return n;
      page = mail.mailLog("limit", "100", "cursor", cursor);
    }
  }
}
