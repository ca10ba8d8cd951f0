package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.LocalOutbox;
import org.junit.jupiter.api.Test;

/**
 * The tenant's settings in its outbound mail, through the real pipeline (mail in, the notifier
 * draining the queue, moto's SES read back): its acknowledgement wording and language, and its
 * sender display name in the From header.
 */
class TenantMailIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);

  private String alice() {
    return "alice@" + mail.globexDomain();
  }

  private LocalOutbox.SentMail acknowledgementOf(String subject, String messageId) {
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            subject,
            messageId + "@" + mail.globexDomain(),
            "It broke.\n"));
    mail.drainOutbound();
    mail.drainOutbound();
    return mail.sentTo(alice()).stream()
        .filter(m -> m.subject().endsWith(subject))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no acknowledgement of " + subject + ": " + mail.sentTo(alice())));
  }

  @Test
  void theAcknowledgementSpeaksTheTenantsWordsAndLanguageFromItsSenderName() {
    mail.addContact(f.globex, alice(), "Alice Example");
    LocalOutbox.SentMail plain = acknowledgementOf("Before", "m1");
    assertTrue(plain.text().startsWith("Thank you for your message."), plain.text());
    assertEquals(
        mail.mailbox, plain.headers().get("from"), "no display name until the tenant names one");

    Backend.Res patched =
        Req.from("tenant-admin-patch-tenant.json")
            .as(f.admin)
            .body(
                "{\"language\":\"ru\",\"senderName\":\"Acme Support\","
                    + "\"acknowledgement\":\"Мы получили ваше письмо: заявка {ticket} ({subject}).\"}")
            .send(f.api.tenantAdmin);
    assertEquals(200, patched.status(), patched::describe);
    // The tests share one application context, so the notifier's settings cache is the one the
    // PATCH refreshed; in
    // AWS another container's cache shows the change within TenantSettingsCache.LIFETIME.
    LocalOutbox.SentMail ack = acknowledgementOf("After", "m2");
    String number = ack.subject().substring(1, ack.subject().indexOf(']'));
    assertTrue(
        ack.text().startsWith("Мы получили ваше письмо: заявка " + number + " (After)."),
        ack.text());
    assertTrue(
        ack.text().contains("Чтобы дополнить её, ответьте на это письмо"),
        "the footer in Russian: " + ack.text());
    assertEquals("\"Acme Support\" <" + mail.mailbox + ">", ack.headers().get("from"));
  }
}
