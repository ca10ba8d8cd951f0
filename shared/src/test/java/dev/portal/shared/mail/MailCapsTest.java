package dev.portal.shared.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Past a cap the parser degrades, says so, and goes on: nothing a sender adds can hide the rest of the message. */
class MailCapsTest {

    private static ParsedMail parse(String message) throws IOException {
        return new MailParser().parse(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)),
                AttachmentSink.DISCARD);
    }

    @Test
    void aHeaderOverOneMebibyteBeforeFromIsCutAndParsingGoesOn() throws IOException {
        String oneLine = "X-Big: " + "a".repeat(1_100_000) + "\r\n";
        String folded = "X-Folded: x\r\n" + (" " + "b".repeat(998) + "\r\n").repeat(1_100);
        for (String big : new String[] {oneLine, folded}) {
            ParsedMail mail = parse(big + "From: Alice <alice@client.example>\r\nSubject: hi\r\n\r\nbody\r\n");
            assertEquals("alice@client.example", mail.from() == null ? null : mail.from().email(), mail.warnings()::toString);
            assertEquals("hi", mail.subject());
            assertEquals("body", mail.text().strip());
            String name = big.substring(0, big.indexOf(':')).toLowerCase(java.util.Locale.ROOT);
            assertTrue(mail.header(name).length() <= MailLimits.MAX_HEADER_BYTES, name);
            assertTrue(mail.warnings().stream().anyMatch(w -> w.contains("cut to")), mail.warnings()::toString);
        }
    }

    @Test
    void aHeaderSectionOfThousandsOfFieldsKeepsTheFirstThousandAndStillFindsFrom() throws IOException {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            fields.append("X-Field-").append(i).append(": y\r\n");
        }
        ParsedMail mail = parse(fields + "From: Alice <alice@client.example>\r\nSubject: hi\r\n\r\nbody\r\n");
        assertEquals("alice@client.example", mail.from() == null ? null : mail.from().email());
        assertEquals("hi", mail.subject());
        assertTrue(mail.headers().size() <= PartHeaders.MAX_FIELDS + 2, () -> mail.headers().size() + " headers kept");
        assertTrue(mail.warnings().stream().anyMatch(w -> w.contains("header fields")), mail.warnings()::toString);
    }

    @Test
    void mimeNestedDeeperThanTheCapStopsParsingWithAWarning() throws IOException {
        StringBuilder sb = new StringBuilder("From: a@client.example\r\nSubject: deep\r\n"
                + "Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
        int depth = 5_000;
        for (int d = 1; d <= depth; d++) {
            sb.append("--b").append(d - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(d).append("\r\n\r\n");
        }
        sb.append("--b").append(depth).append("\r\nContent-Type: text/plain\r\n\r\ndeepest\r\n");
        for (int d = depth; d >= 0; d--) {
            sb.append("--b").append(d).append("--\r\n");
        }
        ParsedMail mail = parse(sb.toString());
        assertEquals("a@client.example", mail.from().email());
        assertTrue(mail.warnings().stream().anyMatch(w -> w.contains("nested deeper than")), mail.warnings()::toString);
    }
}
