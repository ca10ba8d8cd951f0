package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Ticket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the inbound path knows of a claimed message's sender (the ticket its Message-ID opened, a
 * mailbox, staff member or contact at its address) comes from one read of the mail store, {@code
 * senderFacts}, made right after the claim, never from the single reads it replaces; and the
 * decisions taken on it are those the single reads led to.
 */
class SenderFactsTest {
  private static final String ALICE = "alice@globex.example";
  private static final String BOB = "bob@globex.example";

  private final MailPipeline p = new MailPipeline();

  private void globexWithContacts() {
    p.directory.createClient(
        MailPipeline.TENANT,
        new Client("cli_globex", "Globex", List.of("globex.example"), p.clock.instant()));
    p.directory.createContact(
        MailPipeline.TENANT,
        new Contact(ALICE, "Alice Example", "cli_globex", Role.CLIENT, p.clock.instant()));
    p.directory.createContact(
        MailPipeline.TENANT,
        new Contact(BOB, "Bob Example", "cli_globex", Role.CLIENT, p.clock.instant()));
  }

  private static String mail(String from, String subject, String messageId) {
    return "From: "
        + from
        + "\r\nTo: "
        + MailPipeline.MAILBOX
        + "\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + messageId
        + ">\r\n\r\nIt is on fire.\r\n";
  }

  @Test
  void aTypicalNewTicketMailReadsItsSenderInOneRequestAfterRoutingIt() throws Exception {
    globexWithContacts();

    MailLogEntry e =
        p.deliver(mail("Alice <" + ALICE + ">", "Printer on fire", "first@globex.example"))
            .getFirst();

    assertEquals(MailOutcome.TICKET, e.outcome());
    Ticket t = p.ticket(1);
    assertEquals("cli_globex", t.clientId(), "the contact's client");
    assertEquals("Alice Example", t.requester().name(), "the contact's name");
    assertEquals(
        List.of(
            "mailboxesAt:" + MailPipeline.MAILBOX,
            "senderFacts:" + ALICE + ":first@globex.example"),
        p.mail.reads,
        "the mail store's reads: routing, then the sender's facts");
    assertEquals(List.of(), p.directory.singleReads, "no staff or contact read of its own");
  }

  @Test
  void aColleaguesReplyToAClientTicketUsesTheFactsContactToo() throws Exception {
    globexWithContacts();
    p.deliver(mail("Alice <" + ALICE + ">", "Printer on fire", "first@globex.example"));
    Ticket t = p.ticket(1);
    p.mail.reads.clear();

    MailLogEntry e =
        p.deliver(mail("Bob <" + BOB + ">", "Re: [" + t.number() + "] x", "bob1@globex.example"))
            .getFirst();

    assertEquals(MailOutcome.COMMENT, e.outcome(), e::reason);
    assertEquals(t.id(), e.ticketId());
    assertEquals(
        List.of(
            "mailboxesAt:" + MailPipeline.MAILBOX, "senderFacts:" + BOB + ":bob1@globex.example"),
        p.mail.reads);
    assertEquals(List.of(), p.directory.singleReads);
  }

  @Test
  void aMessageIdOfTheSendersTicketMakesARetakenClaimADuplicate() throws Exception {
    globexWithContacts();
    String raw = mail("Alice <" + ALICE + ">", "Printer on fire", "first@globex.example");
    p.deliver(raw);
    // A delivery that died after the ticket's write, before its claim was done: the claim is
    // taken over.
    p.mail.inboundClaims.clear();

    MailLogEntry again = p.deliver(raw).getFirst();

    assertEquals(MailOutcome.DUPLICATE, again.outcome());
    assertEquals("its Message-ID belongs to a ticket already", again.reason());
    assertTrue(p.tickets.find(MailPipeline.TENANT, 2).isEmpty(), "no second ticket");
  }

  @Test
  void someoneElsesUseOfTheMessageIdIsNoDuplicate() throws Exception {
    globexWithContacts();
    p.deliver(mail("Alice <" + ALICE + ">", "Printer on fire", "first@globex.example"));

    MailLogEntry e =
        p.deliver(mail("Bob <" + BOB + ">", "Mine too", "first@globex.example")).getFirst();

    assertEquals(MailOutcome.TICKET, e.outcome(), e::reason);
  }
}
