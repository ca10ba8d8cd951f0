package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bounces without multipart/report, from fixtures of our own in src/test/resources/mail/bounces.
 */
class BounceHeuristicsTest {
  private ParsedMail fixture(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/mail/bounces/" + name)) {
      return new MailParser().parse(in, AttachmentSink.DISCARD);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "carrier-mail-error-ja.eml",
        "sns-bounce-notification.eml",
        "exchange-undeliverable.eml",
        "postfix-text-bounce.eml"
      })
  void aBounceWithoutAReportStructureIsRejected(String name) throws IOException {
    ParsedMail mail = fixture(name);
    assertFalse(
        mail.header("content-type") != null
            && mail.header("content-type").startsWith("multipart/report"),
        "the fixture has no report structure");
    Verdict v = MailClassifier.classify(mail, "PASS", "PASS");
    Verdict.Reject reject = assertInstanceOf(Verdict.Reject.class, v, name);
    assertTrue(reject.reason().startsWith("bounce: "), reject.reason());
  }

  @Test
  void aPersonWritingAboutAnUndeliverableMailIsHeard() throws IOException {
    assertEquals(
        new Verdict.Accept(),
        MailClassifier.classify(fixture("person-asks-about-undeliverable.eml"), "PASS", "PASS"));
  }

  @Test
  void aNoReplyAlertIsAcceptedThoughItsSenderIsNeverAnswered() throws IOException {
    ParsedMail alert = fixture("noreply-monitoring-alert.eml");
    assertEquals(new Verdict.Accept(), MailClassifier.classify(alert, "PASS", "PASS"));
    assertTrue(BounceHeuristics.isNoReply(alert.from().email()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no-reply@x.example",
        "NoReply@x.example",
        "do-not-reply@x.example",
        "donotreply@x.example",
        "no_reply+tag@x.example",
        "mailer-daemon@x.example",
        "postmaster@x.example",
        "bounces-123@x.example",
        "noreply.billing@x.example"
      })
  void addressesNoPersonReadsAreNoReply(String address) {
    assertTrue(BounceHeuristics.isNoReply(address), address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice@x.example",
        "norma@x.example",
        "replies@x.example",
        "postmistress@x.example",
        "noreplyx@x.example"
      })
  void ordinaryAddressesAreNot(String address) {
    assertFalse(BounceHeuristics.isNoReply(address), address);
  }

  @Test
  void permanentStatusesAreFoundAndOthersAreNot() {
    assertTrue(BounceHeuristics.hasPermanentStatus("remote server returned '550 5.1.1 resolver'"));
    assertTrue(BounceHeuristics.hasPermanentStatus("status: 5.7.1"));
    assertTrue(BounceHeuristics.hasPermanentStatus("554-5.7.1 rejected"));
    assertFalse(BounceHeuristics.hasPermanentStatus("version 15.1.2 released"));
    assertFalse(BounceHeuristics.hasPermanentStatus("we paid 550 euros"));
    assertFalse(BounceHeuristics.hasPermanentStatus("450 4.2.0 try later"));
  }
}
