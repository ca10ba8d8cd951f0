package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.error.PortalException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A reply that cannot be written to its ticket: only a ticket closed meanwhile sends the mail to a
 * new ticket. Losing the race with other writers past the retries fails the delivery, so the
 * queue's next one threads it (review of issue 9: the catch took every conflict for "closed").
 */
class ReplyConflictTest {
  private final MailPipeline pipeline = new MailPipeline();

  private static String mail(String subject, String messageId) {
    return "From: Alice <alice@client.example>\r\nTo: "
        + MailPipeline.MAILBOX
        + "\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + messageId
        + ">\r\n\r\nStill smoking.\r\n";
  }

  @Test
  void aReplyThatLosesTheRaceToOtherWritersFailsItsDeliveryInsteadOfOpeningASecondTicket()
      throws IOException {
    pipeline.deliver(mail("Printer on fire", "p1@client.example"));
    String number = pipeline.ticket(1).number();
    pipeline.tickets.refuseUpdate = call -> true;

    assertThrows(
        PortalException.Conflict.class,
        () -> pipeline.deliver(mail("Re: [" + number + "] Printer", "p2@client.example")));
    assertTrue(pipeline.tickets.find(MailPipeline.TENANT, 2).isEmpty(), "no second ticket");

    pipeline.tickets.refuseUpdate = call -> false;
    pipeline.deliver(mail("Re: [" + number + "] Printer", "p2@client.example"));
    assertTrue(pipeline.tickets.find(MailPipeline.TENANT, 2).isEmpty(), "the retry threads it");
    assertEquals(TicketStatus.NEW, pipeline.ticket(1).status());
  }
}
