package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QuoteTrimmerTest {

  @Test
  void dropsGreaterThanQuotesAndTheEnglishAttribution() {
    String reply =
        "Thanks, works now.\n\nOn Tue, 24 Nov 2026 at 12:00, Support <s@x.example> wrote:\n> restarted\n> try";
    assertEquals("Thanks, works now.", QuoteTrimmer.trim(reply));
  }

  @Test
  void dropsAWrappedAttribution() {
    String reply =
        "Fine.\n\nOn Tue, 24 Nov 2026 at 12:00, Support Team\n<s@x.example> wrote:\n\n> old";
    assertEquals("Fine.", QuoteTrimmer.trim(reply));
  }

  @Test
  void dropsGermanAndRussianAttributions() {
    assertEquals(
        "Danke!",
        QuoteTrimmer.trim(
            "Danke!\n\nAm 24.11.2026 um 12:00 schrieb Support <s@x.example>:\n> alt"));
    assertEquals(
        "Спасибо!",
        QuoteTrimmer.trim(
            "Спасибо!\n\n24 нояб. 2026 г., в 12:00, Поддержка <s@x.example> написал(а):\n> старое"));
  }

  @Test
  void dropsOutlookHistory() {
    assertEquals(
        "New text",
        QuoteTrimmer.trim("New text\n\n-----Original Message-----\nFrom: a\nSent: b\nold"));
    assertEquals(
        "New text",
        QuoteTrimmer.trim(
            "New text\n\nFrom: Support <s@x.example>\nSent: Tuesday, 24 November 2026 12:00\nTo: me\nSubject: x\nold"));
    assertEquals(
        "New text", QuoteTrimmer.trim("New text\n________________________________\nVon: x\nold"));
    assertEquals(
        "Neu",
        QuoteTrimmer.trim(
            "Neu\n\nGesendet: Mittwoch, 03. Februar 2016 um 12:43 Uhr\nVon: \"M\" <m@x.example>\nAn: y\nalt"));
  }

  @Test
  void dropsTheSignature() {
    assertEquals("Body", QuoteTrimmer.trim("Body\n-- \nAlice\nACME Ltd"));
  }

  @Test
  void keepsASentenceEndingInWroteWhenNoQuoteFollows() {
    String text = "Here is what the customer wrote:\nthe printer is broken";
    assertEquals(text, QuoteTrimmer.trim(text));
  }

  @Test
  void keepsABottomPostedReply() {
    String reply =
        "Am 07.05.2012 08:10, schrieb Support:\n> Hallo Marc,\n> wann passt es?\n\nHallo Martin,\n"
            + "Donnerstag passt.\n\n-- \nMarc";
    assertEquals("Hallo Martin,\nDonnerstag passt.", QuoteTrimmer.trim(reply));
  }

  @Test
  void neverReturnsEmptyForTextWithContent() {
    String onlyQuote = "> all of it is quoted\n> really";
    assertEquals(onlyQuote, QuoteTrimmer.trim(onlyQuote));
    String onlySignature = "-- \nAlice";
    assertEquals(onlySignature, QuoteTrimmer.trim(onlySignature));
    assertEquals("", QuoteTrimmer.trim(""));
  }

  @Test
  void dropsFrenchSpanishAndDutchAttributionsWithWordsAfterTheVerb() {
    assertEquals(
        "Merci",
        QuoteTrimmer.trim(
            "Merci\n\nLe 24 nov. 2026 à 12:00, Support <s@x.example> a écrit :\n> vieux"));
    assertEquals(
        "Gracias", QuoteTrimmer.trim("Gracias\n\nEl mar, 24 nov 2026, Soporte escribió:\n> viejo"));
    assertEquals(
        "Dank", QuoteTrimmer.trim("Dank\n\nOp 24-11-2026 schreef Support het volgende:\n> oud"));
    assertEquals(
        "Ok", QuoteTrimmer.trim("Ok\n\n24.11.2026 12:00, Support wrote:\nold, not quoted"));
  }

  @Test
  void keepsLinesWhereTheVerbIsNotTheAttributionsEnd() {
    assertEquals(
        "On Monday Alice wrote: the printer is fine",
        QuoteTrimmer.trim("On Monday Alice wrote: the printer is fine\n> q"));
    assertEquals(
        "Ontario wrote:\nnothing quoted", QuoteTrimmer.trim("Ontario wrote:\nnothing quoted"));
    assertEquals("Text\nwrote:", QuoteTrimmer.trim("Text\nwrote:\n> q"));
    assertEquals("Alice rewrote:\nx", QuoteTrimmer.trim("Alice rewrote:\nx\n> q"));
    assertEquals("Bob", QuoteTrimmer.trim("Bob\nOn Monday\nthe printer wrote it:\nx"));
  }

  @Test
  void aLineOfRepeatedWroteIsTrimmedInLinearTime() {
    // Finding 4 of issue 9: one line of "x wrote " x 625 (5,000 characters) took 60 s, 3,200
    // characters 16 s:
    // the attribution patterns backtracked cubically.
    for (int times : new int[] {400, 625}) {
      String line = "x wrote ".repeat(times).strip();
      assertEquals(line, trimWithinTwoSeconds(line));
      assertEquals(line + ":", trimWithinTwoSeconds(line + ":"));
      for (String history :
          new String[] {
            "On " + line + ":\n> old", line + ":\n> old", "On Monday\n" + line + ":\n> old"
          }) {
        String trimmed = trimWithinTwoSeconds("Thanks\n\n" + history);
        if (times == 400) {
          assertEquals("Thanks", trimmed, history.substring(0, 20));
        }
      }
    }
  }

  private static String trimWithinTwoSeconds(String reply) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> QuoteTrimmer.trim(reply),
        () -> "trimming " + reply.length() + " characters");
  }

  @Test
  void ownTextOfAReplyThatIsNothingButTheQuoteIsEmptyWhileTrimKeepsTheText() {
    String onlyQuote = "On Tue, 24 Nov 2026 at 12:00, Alice <a@x.example> wrote:\n> it smokes\n";
    assertEquals("", QuoteTrimmer.ownText(onlyQuote));
    assertEquals(onlyQuote, QuoteTrimmer.trim(onlyQuote));
    assertEquals("Replaced.", QuoteTrimmer.ownText("Replaced.\n\n" + onlyQuote));
    assertEquals("Replaced.", QuoteTrimmer.ownText(onlyQuote + "\nReplaced.\n"));
  }
}
