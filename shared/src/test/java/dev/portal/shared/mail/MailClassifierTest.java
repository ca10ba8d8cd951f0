package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailClassifierTest {

  private static ParsedMail mail(
      String fromEmail, String returnPath, String subject, String... headerPairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return new ParsedMail(
        "id@x",
        List.of(),
        List.of(),
        new MailAddress(fromEmail, null),
        List.of(),
        List.of(),
        List.of(),
        returnPath,
        subject,
        null,
        "text",
        "text/plain",
        List.of(),
        0,
        headers,
        List.of());
  }

  private static Verdict classify(ParsedMail mail) {
    return MailClassifier.classify(mail, null, null);
  }

  @Test
  void acceptsOrdinaryMail() {
    assertEquals(
        new Verdict.Accept(),
        classify(mail("alice@client.example", "alice@client.example", "Help")));
    assertEquals(
        new Verdict.Accept(),
        MailClassifier.classify(mail("alice@client.example", null, "Help"), "PASS", "PASS"));
  }

  @Test
  void rejectsAutoSubmittedOtherThanNo() {
    assertEquals(
        new Verdict.Reject("auto-submitted: auto-replied"),
        classify(mail("a@x", null, "Out of office", "auto-submitted", "auto-replied")));
    assertEquals(
        new Verdict.Reject("auto-submitted: auto-generated"),
        classify(mail("a@x", null, "x", "auto-submitted", "Auto-Generated; type=x")));
    assertEquals(new Verdict.Accept(), classify(mail("a@x", null, "x", "auto-submitted", "no")));
  }

  @Test
  void rejectsReportsAndBounces() {
    assertEquals(
        new Verdict.Reject("delivery-status report"),
        classify(
            mail(
                "a@x",
                null,
                "x",
                "content-type",
                "multipart/report; report-type=delivery-status; boundary=\"b\"")));
    assertEquals(
        new Verdict.Reject("feedback report"),
        classify(
            mail(
                "a@x",
                null,
                "x",
                "content-type",
                "multipart/report; report-type=\"feedback-report\"")));
    assertEquals(
        new Verdict.Reject("feedback report"),
        classify(mail("a@x", null, "x", "feedback-type", "abuse")));
    assertEquals(
        new Verdict.Reject("bounce: sender mailer-daemon"),
        classify(mail("MAILER-DAEMON@mx.example", null, "Undelivered Mail Returned to Sender")));
    assertEquals(
        new Verdict.Reject("bounce: sender postmaster"), classify(mail("postmaster", null, "x")));
    assertEquals(
        new Verdict.Reject("bounce: x-failed-recipients"),
        classify(mail("a@x", null, "x", "x-failed-recipients", "b@y")));
    assertEquals(
        new Verdict.Reject("bounce: empty return path"),
        classify(mail("robot@x", "", "Delivery Status Notification (Failure)")));
    assertEquals(new Verdict.Accept(), classify(mail("robot@x", "", "Your invoice")));
  }

  @Test
  void rejectsABareMailerDaemonSenderThatIsNoAddress() throws java.io.IOException {
    ParsedMail bounce =
        new MailParser()
            .parse(
                new java.io.ByteArrayInputStream(
                    "From: MAILER-DAEMON (Mail Delivery System)\r\nSubject: Undelivered\r\n\r\nx\r\n"
                        .getBytes()),
                AttachmentSink.DISCARD);
    assertEquals(null, bounce.from());
    assertEquals(new Verdict.Reject("bounce: sender mailer-daemon"), classify(bounce));
  }

  @Test
  void rejectsAutorepliesAndBulkPrecedence() {
    assertEquals(
        new Verdict.Reject("x-autoreply"), classify(mail("a@x", null, "x", "x-autoreply", "yes")));
    assertEquals(
        new Verdict.Reject("x-autorespond"),
        classify(mail("a@x", null, "x", "x-autorespond", "1")));
    assertEquals(
        new Verdict.Reject("precedence: bulk"),
        classify(mail("a@x", null, "x", "precedence", "Bulk")));
    assertEquals(
        new Verdict.Reject("precedence: junk"),
        classify(mail("a@x", null, "x", "precedence", "junk")));
    assertEquals(
        new Verdict.Reject("precedence: list"),
        classify(mail("a@x", null, "x", "precedence", "list")));
    assertEquals(
        new Verdict.Accept(), classify(mail("a@x", null, "x", "precedence", "first-class")));
  }

  @Test
  void autoResponseSuppressAloneIsNotAReject() {
    assertEquals(
        new Verdict.Accept(), classify(mail("a@x", null, "x", "x-auto-response-suppress", "All")));
  }

  @Test
  void quarantinesOnSesVerdictsVirusFirst() {
    ParsedMail autoReply = mail("a@x", null, "x", "auto-submitted", "auto-replied");
    assertEquals(
        new Verdict.Quarantine("ses virus verdict FAIL"),
        MailClassifier.classify(autoReply, "FAIL", "FAIL"));
    assertEquals(
        new Verdict.Quarantine("ses spam verdict FAIL"),
        MailClassifier.classify(autoReply, "FAIL", "PASS"));
    assertEquals(
        new Verdict.Quarantine("ses virus verdict FAIL"),
        MailClassifier.classify(autoReply, "GRAY", "FAIL"));
    assertEquals(
        new Verdict.Reject("auto-submitted: auto-replied"),
        MailClassifier.classify(autoReply, "PROCESSING_FAILED", "GRAY"));
  }
}
