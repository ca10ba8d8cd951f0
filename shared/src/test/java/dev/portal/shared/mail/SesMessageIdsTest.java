package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SES replaces the Message-ID of every message it sends with {@code <id@email.amazonses.com>} (a
 * regional domain outside us-east-1), where id is what SendEmail returned: a reply quoting either
 * form threads by the id alone, and nothing else may reach that key.
 */
class SesMessageIdsTest {
  private static final String ID = "0100018c2e7f6c1a-5b1f8a7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-000000";

  @Test
  void theUsEastOneAndRegionalFormsOfOneIdShareTheirThreadingKey() {
    String global = SesMessageIds.threadingKey(ID + "@email.amazonses.com");
    assertEquals(global, SesMessageIds.threadingKey(ID + "@eu-west-1.amazonses.com"));
    assertEquals(global, SesMessageIds.threadingKey(ID + "@us-gov-west-1.amazonses.com"));
    assertEquals(global, SesMessageIds.threadingKey(SesMessageIds.headerId(ID).orElseThrow()));
    assertEquals(Optional.of(ID), SesMessageIds.sesId(ID + "@ap-southeast-2.amazonses.com"));
  }

  @Test
  void theDomainIsMatchedWithoutRegardToCaseAndTheIdExactly() {
    assertEquals(Optional.of(ID), SesMessageIds.sesId(ID + "@EMAIL.AmazonSES.com"));
    assertEquals(
        Optional.of(ID.toUpperCase()),
        SesMessageIds.sesId(ID.toUpperCase() + "@email.amazonses.com"));
    assertNotEquals(
        SesMessageIds.threadingKey(ID + "@email.amazonses.com"),
        SesMessageIds.threadingKey(ID.toUpperCase() + "@email.amazonses.com"),
        "another id, not the same one");
  }

  @Test
  void lookAlikeDomainsAreOrdinaryMessageIds() {
    for (String domain :
        new String[] {
          "evil.amazonses.com.example",
          "amazonses.com",
          "amazonses.com.",
          "xamazonses.com",
          "email.amazonses.co",
          "a.b.amazonses.com",
          "-bad.amazonses.com",
          "bad-.amazonses.com",
          ".amazonses.com",
          "email..amazonses.com",
          "email.amazonses.com.evil.example",
          "[127.0.0.1]"
        }) {
      String id = ID + "@" + domain;
      assertEquals(Optional.empty(), SesMessageIds.sesId(id), id);
      assertEquals(id.strip(), SesMessageIds.threadingKey(id), "kept as it is: " + id);
    }
  }

  @Test
  void aStrangersIdNeverSharesAKeyWithAnSesOne() {
    String ses = SesMessageIds.threadingKey(ID + "@email.amazonses.com");
    assertNotEquals(ses, SesMessageIds.threadingKey(ID + "@evil.amazonses.com.example"));
    assertNotEquals(ses, SesMessageIds.threadingKey(ID + "@amazonses.com"));
    // Every other id is its own key and holds an '@'; SES's keys hold none, so no Message-ID can be
    // one.
    assertTrue(!MailSyntax.isMessageId(ses) && ses.indexOf('@') < 0, ses);
  }

  @Test
  void idPartsOutsideSesGrammarOrTooLongAreNotSesIds() {
    for (String local :
        new String[] {
          "", "a.b", "a_b", "a+b", "a b", "a\"b", "a%b", "x".repeat(SesMessageIds.MAX_ID + 1)
        }) {
      assertEquals(Optional.empty(), SesMessageIds.sesId(local + "@email.amazonses.com"), local);
    }
    assertTrue(
        SesMessageIds.sesId("x".repeat(SesMessageIds.MAX_ID) + "@email.amazonses.com").isPresent());
    String longLabel = "r".repeat(64);
    assertEquals(
        Optional.empty(),
        SesMessageIds.sesId(ID + "@" + longLabel + ".amazonses.com"),
        "a label over 63");
    assertEquals(Optional.empty(), SesMessageIds.sesId(null));
    assertEquals(
        Optional.empty(), SesMessageIds.headerId("not/an id"), "SendEmail's answer is checked too");
    assertEquals(Optional.empty(), SesMessageIds.headerId(null));
  }
}
