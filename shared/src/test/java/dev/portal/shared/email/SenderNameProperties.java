package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.SenderName;
import dev.portal.shared.domain.TenantSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a tenant's stored sender name holds (it may predate the API's rule), the From header the
 * notifier writes has no control character, stays on its line (folding aside) and names exactly the
 * mailbox: no display name can add a header, a recipient or a second address.
 */
class SenderNameProperties {
  private static final String MAILBOX = "support@acme.example";
  private static final Pattern ENCODED_WORD =
      Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");

  @Provide
  Arbitrary<String> hostileNames() {
    Arbitrary<String> pieces =
        Arbitraries.oneOf(
            Arbitraries.of(
                "\r",
                "\n",
                "\r\n",
                "\u0000",
                "\t",
                "\u000b",
                "\u007f",
                "\u0085",
                "\u2028",
                "\u2029",
                "\"",
                "<",
                ">",
                "\\",
                ",",
                ";",
                ":",
                "@",
                " ",
                "Bcc: evil@x.example",
                "=?UTF-8?B?DQpCY2M6IHg=?=",
                "\uD83D",
                "\uDE00",
                "\uD83D\uDE00",
                "Служба поддержки",
                "Acme IT"),
            Arbitraries.strings().all().ofMaxLength(8));
    return pieces.list().ofMaxSize(12).map(l -> String.join("", l));
  }

  @Property(tries = 2000)
  void theFromHeaderCarriesNoControlCharacterAndOneAddress(@ForAll("hostileNames") String stored) {
    String name =
        NotifierService.fromName(
            new TenantSettings(
                "acme",
                "ACME",
                ZoneId.of("UTC"),
                null,
                dev.portal.shared.domain.BusinessHours.STANDARD,
                List.of(),
                dev.portal.shared.domain.Language.EN,
                null,
                null,
                stored));
    OutboundMessage m =
        OutboundMessage.write(
            MAILBOX,
            name,
            "alice@globex.example",
            null,
            "[ACME-1] VPN",
            "text",
            null,
            List.of(),
            null,
            Instant.parse("2026-11-27T10:00:00Z"));
    String head = new String(m.bytes(), StandardCharsets.US_ASCII);
    head = head.substring(0, head.indexOf("\r\n\r\n") + 2);
    int start = head.indexOf("From: ");
    int end = start;
    do {
      end = head.indexOf("\r\n", end) + 2;
    } while (end < head.length() && head.charAt(end) == ' ');
    String unfolded = head.substring(start, end - 2).replace("\r\n ", " ");
    for (char c : unfolded.toCharArray()) {
      assertTrue(c >= 0x20 && c < 0x7f, "a control or non-ASCII character in " + unfolded);
    }
    assertTrue(
        unfolded.endsWith("<" + MAILBOX + ">") || unfolded.equals("From: " + MAILBOX), unfolded);
    assertEquals(1, unfolded.chars().filter(c -> c == '@').count(), unfolded);

    // What a reader decodes from the display name is as safe as what is on the wire.
    if (name != null) {
      assertNull(SenderName.problem(name), name);
      Matcher words = ENCODED_WORD.matcher(unfolded);
      StringBuilder decoded = new StringBuilder();
      while (words.find())
        decoded.append(
            new String(Base64.getDecoder().decode(words.group(1)), StandardCharsets.UTF_8));
      for (char c : decoded.toString().toCharArray()) {
        assertTrue(
            !Character.isISOControl(c) && c != '\u2028' && c != '\u2029', "decoded: " + decoded);
      }
    }
  }

  @Property(tries = 500)
  void aNameTheApiAcceptsReachesTheHeaderUnchanged(@ForAll("hostileNames") String raw) {
    String name = raw.strip();
    if (name.isEmpty()
        || SenderName.problem(name) != null
        || name.codePointCount(0, name.length()) > 64) return;
    assertEquals(name, SenderName.headerSafe(name));
  }
}
