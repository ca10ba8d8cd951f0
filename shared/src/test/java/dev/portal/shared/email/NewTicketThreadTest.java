package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.shared.domain.MailThread;
import dev.portal.shared.store.TicketStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ticket opened by mail gets its mail thread in the ticket's own transaction: no read of a thread
 * that cannot exist yet (the number was just drawn), no write after the commit, and no moment when
 * the acknowledgement the commit triggers could find the ticket without its thread.
 */
class NewTicketThreadTest {
  private static final String MAIL =
      """
      From: Alice <alice@globex.example>\r
      To: support@acme.example\r
      Subject: Printer on fire\r
      Message-ID: <first@globex.example>\r
      \r
      It is on fire.\r
      """;

  @Test
  void theThreadIsWrittenWithTheTicketAndNeverReadOrPutAfter() throws Exception {
    MailPipeline p = new MailPipeline();
    List<TicketStore.Also> written = new ArrayList<>();
    var toMail = p.tickets.alsoWrites;
    p.tickets.alsoWrites =
        (tenant, also) -> {
          written.addAll(also);
          toMail.accept(tenant, also);
        };

    p.deliver(MAIL);

    MailThread expected =
        new MailThread(
            MailPipeline.MAILBOX, "first@globex.example", List.of("first@globex.example"));
    assertEquals(
        List.of(new TicketStore.Also.Thread(1, expected)),
        written.stream().filter(a -> a instanceof TicketStore.Also.Thread).toList());
    assertEquals(0, p.mail.threadReads, "thread reads");
    assertEquals(0, p.mail.threadPuts, "thread puts after the commit");
    assertEquals(expected, p.mail.thread(MailPipeline.TENANT, 1).orElseThrow());
    // The Message-ID's mapping stays a write of its own after the commit (first wins).
    assertEquals(
        java.util.Optional.of(1L),
        p.mail.ticketOfMessage(MailPipeline.TENANT, "first@globex.example"));
  }

  @Test
  void anUnauthenticatedSendersMessageIdIsNotRemembered() throws Exception {
    MailPipeline p = new MailPipeline();

    p.deliver(
        MAIL, new InboundNotification.Verdicts("PASS", "PASS", "FAIL", "FAIL", "GRAY", null), "");

    assertEquals(
        new MailThread(MailPipeline.MAILBOX, null, List.of()),
        p.mail.thread(MailPipeline.TENANT, 1).orElseThrow());
    assertEquals(0, p.mail.threadPuts, "thread puts after the commit");
    assertEquals(
        java.util.Optional.empty(),
        p.mail.ticketOfMessage(MailPipeline.TENANT, "first@globex.example"));
  }
}
