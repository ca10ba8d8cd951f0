package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailDatesTest {

  @Test
  void readsTheUsualAndObsoleteForms() {
    Instant expected = Instant.parse("2026-11-24T18:46:19Z");
    assertEquals(expected, MailDates.parse("Tue, 24 Nov 2026 19:46:19 +0100"));
    assertEquals(expected, MailDates.parse("24-Nov-2026 19:46:19 +0100 (CET)"));
    assertEquals(expected, MailDates.parse("Tue, 24 - Nov - 26 19:46:19 CET"));
    assertEquals(expected, MailDates.parse("24 November 2026 18:46:19"));
    assertNull(MailDates.parse("yesterday"));
  }

  @Test
  void aDateOfLongWhiteSpaceRunsIsReadInLinearTime() {
    // "\s*[- ]\s*" backtracked quadratically over a run of spaces after a digit.
    String spaces = " ".repeat(60_000);
    for (String date :
        new String[] {"1" + spaces + "x", "1 Nov" + spaces + "x", ("1" + spaces).repeat(3)}) {
      assertNull(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> MailDates.parse(date)));
    }
  }
}
