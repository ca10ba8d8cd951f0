package dev.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.shared.email.InboundNotification.Verdicts;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalVerdictsTest {
  private static LocalVerdicts.Result strip(String raw) {
    return LocalVerdicts.strip(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheHeaderEveryVerdictPassesAndTheMessageIsUntouched() {
    String raw = "From: a@b.example\r\nSubject: hi\r\n\r\nX-Local-Verdicts: dmarc=fail\r\n";
    LocalVerdicts.Result r = strip(raw);
    assertEquals(Verdicts.ALL_PASS, r.verdicts());
    assertEquals(
        raw, new String(r.raw(), StandardCharsets.UTF_8), "a line in the body is no header");
  }

  @Test
  void theHeaderSetsTheNamedVerdictsAndIsRemovedWithItsContinuation() {
    String raw =
        "From: a@b.example\r\nx-local-verdicts : spf=fail\r\n dmarc=GRAY\r\nSubject: hi\r\n\r\nbody\r\n";
    LocalVerdicts.Result r = strip(raw);
    assertEquals(new Verdicts("PASS", "PASS", "FAIL", "PASS", "GRAY", null), r.verdicts());
    assertEquals(
        "From: a@b.example\r\nSubject: hi\r\n\r\nbody\r\n",
        new String(r.raw(), StandardCharsets.UTF_8));
  }

  @Test
  void unknownNamesAndValuesAreIgnored() {
    LocalVerdicts.Result r = strip("X-Local-Verdicts: dkim=fail spam=fail dmarc=maybe\n\nbody");
    assertEquals(new Verdicts("PASS", "PASS", "PASS", "FAIL", "PASS", null), r.verdicts());
    assertEquals("\nbody", new String(r.raw(), StandardCharsets.UTF_8));
  }
}
