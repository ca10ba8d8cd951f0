package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.Mailbox;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Staff;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.mail.AttachmentSink;
import dev.portal.shared.mail.ParsedMail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A staff member's mail to the tenant's mailbox (issue 11): only an active member whose address SES
 * verified, answering a ticket of the tenant, becomes an agent comment; every other staff mail is
 * quarantined or rejected with its reason, and never opens a ticket or comments as a client.
 */
class AgentMailReplyTest {
  private static final String AGENT = "dana@acme.example";
  private static final String CLIENT = "alice@client.example";

  private final MailPipeline p = new MailPipeline();

  AgentMailReplyTest() {
    p.directory.putStaff(
        MailPipeline.TENANT, new Staff(AGENT, "Dana", Role.AGENT, true, p.clock.instant()));
  }

  private static String mail(
      String from, String subject, String messageId, String body, String... headers) {
    StringBuilder b = new StringBuilder();
    b.append("From: ").append(from).append("\r\nTo: ").append(MailPipeline.MAILBOX);
    b.append("\r\nSubject: ").append(subject);
    if (messageId != null) b.append("\r\nMessage-ID: <").append(messageId).append(">");
    for (String h : headers) b.append("\r\n").append(h);
    b.append("\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n");
    return b.append(body.replace("\n", "\r\n")).toString();
  }

  /** The client's ticket, opened by mail; its acknowledgement sent. */
  private Ticket clientTicket() throws IOException {
    MailLogEntry opened =
        p.deliver(mail(CLIENT, "Printer on fire", "c1@client.example", "It smokes.\n")).getFirst();
    assertEquals(MailOutcome.TICKET, opened.outcome());
    p.sendQueued();
    return p.ticket(1);
  }

  private List<MailPipeline.Sent> sentTo(String address) {
    return p.sendQueued().stream().filter(s -> s.to().contains(address)).toList();
  }

  private long commentsBy(ActorKind kind, long seq) {
    return p.events(seq).stream()
        .filter(e -> e.type() == EventType.COMMENT && e.actor().kind() == kind)
        .count();
  }

  private static String reply(String number) {
    return "The toner was the cause; it is replaced.\n\n"
        + "On Tue, 24 Nov 2026 at 19:46, Alice <"
        + CLIENT
        + "> wrote:\n> It smokes.\n";
  }

  @Test
  void aVerifiedActiveAgentsReplyIsTheirPublicCommentTrimmedAndMailedToTheRequesterOnce()
      throws IOException {
    Ticket t = clientTicket();
    assertNull(t.firstResponseAt());
    p.clock.advance(Duration.ofMinutes(7));
    MailLogEntry e =
        p.deliver(
                mail(
                    "Dana <DANA@acme.example>",
                    "Re: [" + t.number() + "] Printer on fire",
                    "a1@acme.example",
                    reply(t.number())))
            .getFirst();

    assertEquals(MailOutcome.COMMENT, e.outcome());
    assertEquals(InboundMailService.AGENT_REPLY, e.reason());
    assertEquals(t.id(), e.ticketId());
    TicketEvent comment = p.events(t.seq()).getLast();
    assertEquals(EventType.COMMENT, comment.type());
    assertEquals(ActorKind.AGENT, comment.actor().kind());
    assertEquals(AGENT, comment.actor().email());
    assertTrue(comment.isPublic());
    assertEquals("The toner was the cause; it is replaced.", comment.data().get("body"));
    assertEquals("email", comment.data().get("channel"));
    assertEquals("a1@acme.example", comment.data().get("messageId"));
    assertEquals(0, commentsBy(ActorKind.CLIENT, t.seq()));
    Ticket after = p.ticket(t.seq());
    assertEquals(p.clock.instant(), after.firstResponseAt(), "the first response");
    assertEquals(t.status(), after.status());

    List<MailPipeline.Sent> toClient = sentTo(CLIENT);
    assertEquals(2, toClient.size(), "the acknowledgement, then the agent's reply");
    ParsedMail sentReply =
        InboundMailService.parse(
            new ByteArrayInputStream(toClient.getLast().raw()), AttachmentSink.DISCARD);
    assertTrue(
        sentReply.text().startsWith("The toner was the cause; it is replaced.\n"),
        sentReply.text());
    assertFalse(sentReply.text().contains("It smokes."), "the quoted history is not sent back");
    assertEquals("[" + t.number() + "] Re: Printer on fire", sentReply.subject());
    assertEquals(2, sentTo(CLIENT).size(), "a second run of the outbox mails nobody again");
  }

  @Test
  void aSecondAgentReplyLeavesTheFirstResponseWhereItWas() throws IOException {
    Ticket t = clientTicket();
    p.deliver(mail(AGENT, "[" + t.number() + "] x", "a1@acme.example", "First.\n"));
    java.time.Instant first = p.ticket(t.seq()).firstResponseAt();
    p.clock.advance(Duration.ofMinutes(30));
    p.deliver(mail(AGENT, "[" + t.number() + "] x", "a2@acme.example", "Second.\n"));
    assertEquals(first, p.ticket(t.seq()).firstResponseAt());
    assertEquals(2, commentsBy(ActorKind.AGENT, t.seq()));
  }

  @Test
  void aReplyThreadedOnlyByInReplyToTheClientsMessageIsTheAgentsComment() throws IOException {
    Ticket t = clientTicket();
    MailLogEntry e =
        p.deliver(
                mail(
                    AGENT,
                    "Re: Printer on fire",
                    "a1@acme.example",
                    "Coming over.\n",
                    "In-Reply-To: <c1@client.example>"))
            .getFirst();
    assertEquals(MailOutcome.COMMENT, e.outcome());
    assertEquals(1, commentsBy(ActorKind.AGENT, t.seq()));
  }

  @Test
  void aReplyToAStaffNotificationThreadsByItsSubjectTagAndTheFooterSaysSo() throws IOException {
    Ticket t = clientTicket();
    // A notification's Message-ID is mapped to no ticket: only the subject's [NUMBER] names it.
    String notification = NotifierService.subject(t, OutboundMail.AGENT_NEW_TICKET);
    MailLogEntry e =
        p.deliver(
                mail(
                    AGENT,
                    "Re: " + notification,
                    "a1@acme.example",
                    "On it.\n\n> A new ticket is in your queue\n",
                    "In-Reply-To: <notification-1@acme.example>"))
            .getFirst();
    assertEquals(MailOutcome.COMMENT, e.outcome());
    assertEquals("On it.", p.events(t.seq()).getLast().data().get("body"));
    String en = NotifierService.staffFooter(t, false);
    String ru = NotifierService.staffFooter(t, true);
    assertTrue(en.contains("public comment") && en.contains("mailed to the client"), en);
    assertTrue(ru.contains("публичным комментарием") && ru.contains("отправлен клиенту"), ru);
    assertFalse(en.contains("not read"), en);
  }

  @Test
  void aDeactivatedAgentsReplyIsRejectedAndWritesNothing() throws IOException {
    Ticket t = clientTicket();
    p.directory.putStaff(
        MailPipeline.TENANT, new Staff(AGENT, "Dana", Role.AGENT, false, p.clock.instant()));
    MailLogEntry e =
        p.deliver(mail(AGENT, "[" + t.number() + "] x", "a1@acme.example", "Still here.\n"))
            .getFirst();
    assertEquals(MailOutcome.REJECTED, e.outcome());
    assertEquals("from a deactivated staff member", e.reason());
    assertEquals(0, commentsBy(ActorKind.AGENT, t.seq()) + commentsBy(ActorKind.CLIENT, t.seq()));
    assertEquals(t.version(), p.ticket(t.seq()).version(), "the ticket is untouched");
    assertTrue(p.tickets.find(MailPipeline.TENANT, 2).isEmpty(), "no ticket opened");
    assertEquals(1, sentTo(CLIENT).size(), "only the acknowledgement");
  }

  @Test
  void anAgentAddressSesDidNotVerifyIsQuarantinedWhetherSpfFailedOrDmarcDid() throws IOException {
    Ticket t = clientTicket();
    MailLogEntry spf =
        p.deliver(
                mail(AGENT, "[" + t.number() + "] x", "f1@acme.example", "Refund them.\n"),
                new InboundNotification.Verdicts("PASS", "PASS", "FAIL", "FAIL", "GRAY", null),
                "dana@acme.example")
            .getFirst();
    assertEquals(MailOutcome.QUARANTINED, spf.outcome());
    assertEquals(Boolean.FALSE, spf.senderVerified());
    assertTrue(spf.reason().startsWith("a staff member's address, but"), spf.reason());
    MailLogEntry dmarc =
        p.deliver(
                mail(AGENT, "[" + t.number() + "] x", "f2@acme.example", "Refund them.\n"),
                new InboundNotification.Verdicts("PASS", "PASS", "PASS", "PASS", "FAIL", "NONE"),
                "dana@acme.example")
            .getFirst();
    assertEquals(MailOutcome.QUARANTINED, dmarc.outcome());
    // Without the verdicts, SPF passing for some other envelope domain verifies nothing either.
    MailLogEntry unaligned =
        p.deliver(
                mail(AGENT, "[" + t.number() + "] x", "f3@acme.example", "Refund them.\n"),
                new InboundNotification.Verdicts("PASS", "PASS", "PASS", "PASS", "GRAY", null),
                "bounce@attacker.example")
            .getFirst();
    assertEquals(MailOutcome.QUARANTINED, unaligned.outcome());
    assertEquals(0, commentsBy(ActorKind.AGENT, t.seq()) + commentsBy(ActorKind.CLIENT, t.seq()));
    assertTrue(p.tickets.find(MailPipeline.TENANT, 2).isEmpty(), "no triage ticket in her name");
  }

  @Test
  void anAgentAddressOnlyInReplyToIsNeverAuthenticated() throws IOException {
    Ticket t = clientTicket();
    MailLogEntry e =
        p.deliver(
                mail(
                    "Dana (no address)",
                    "[" + t.number() + "] x",
                    "f1@acme.example",
                    "Refund them.\n",
                    "Reply-To: " + AGENT))
            .getFirst();
    assertEquals(MailOutcome.QUARANTINED, e.outcome());
    assertEquals(0, commentsBy(ActorKind.AGENT, t.seq()));
  }

  @Test
  void anAgentsMailNamingNoTicketIsRejectedNotATicketInTheirName() throws IOException {
    clientTicket();
    MailLogEntry e = p.deliver(mail(AGENT, "Lunch?", "a1@acme.example", "Anyone?\n")).getFirst();
    assertEquals(MailOutcome.REJECTED, e.outcome());
    assertTrue(e.reason().startsWith("from a staff member, answering no ticket"), e.reason());
    assertNull(e.ticketId());
    assertTrue(p.tickets.find(MailPipeline.TENANT, 2).isEmpty());
    assertTrue(sentTo(AGENT).isEmpty(), "no acknowledgement to the agent");
    // A number of no ticket of this tenant (another tenant's prefix, or no such ticket) names none.
    assertEquals(
        MailOutcome.REJECTED,
        p.deliver(mail(AGENT, "[OTHER-1] x", "a2@acme.example", "x\n")).getFirst().outcome());
    assertEquals(
        MailOutcome.REJECTED,
        p.deliver(mail(AGENT, "[ACME-99] x", "a3@acme.example", "x\n")).getFirst().outcome());
  }

  @Test
  void anAgentsReplyOfNothingButTheQuoteIsRejected() throws IOException {
    Ticket t = clientTicket();
    MailLogEntry e =
        p.deliver(
                mail(
                    AGENT,
                    "Re: [" + t.number() + "] Printer on fire",
                    "a1@acme.example",
                    "On Tue, 24 Nov 2026 at 19:46, Alice <" + CLIENT + "> wrote:\n> It smokes.\n"))
            .getFirst();
    assertEquals(MailOutcome.REJECTED, e.outcome());
    assertEquals(0, commentsBy(ActorKind.AGENT, t.seq()));
  }

  @Test
  void anAgentsOutOfOfficeIsRejectedLikeAnyAutoReply() throws IOException {
    Ticket t = clientTicket();
    MailLogEntry e =
        p.deliver(
                mail(
                    AGENT,
                    "Out of office: [" + t.number() + "] New ticket",
                    "ooo@acme.example",
                    "I am away until Monday.\n",
                    "Auto-Submitted: auto-replied"))
            .getFirst();
    assertEquals(MailOutcome.REJECTED, e.outcome());
    assertEquals(0, commentsBy(ActorKind.AGENT, t.seq()));
  }

  @Test
  void mailFromTheTenantsOwnMailboxStaysRejectedEvenWhenAStaffItemNamesIt() throws IOException {
    Ticket t = clientTicket();
    p.directory.putStaff(
        MailPipeline.TENANT,
        new Staff(MailPipeline.MAILBOX, "Desk", Role.AGENT, true, p.clock.instant()));
    MailLogEntry e =
        p.deliver(mail(MailPipeline.MAILBOX, "[" + t.number() + "] x", "loop@acme.example", "x\n"))
            .getFirst();
    assertEquals(MailOutcome.REJECTED, e.outcome());
    assertEquals("from one of the tenant's own mailboxes", e.reason());
    assertEquals(0, commentsBy(ActorKind.AGENT, t.seq()));
  }

  @Test
  void staffOfAnotherTenantIsNobodysAgentHere() throws IOException {
    // Dana is staff of "other", whose mailbox is elsewhere; to acme she is a stranger, and her mail
    // to acme's mailbox follows a stranger's rules: never a comment on acme's ticket.
    p.mail.registerMailbox(new Mailbox("desk@other.example", "other", p.clock.instant()));
    p.directory.putStaff(
        "other", new Staff("erin@other.example", "Erin", Role.AGENT, true, p.clock.instant()));
    Ticket t = clientTicket();
    MailLogEntry e =
        p.deliver(mail("erin@other.example", "[" + t.number() + "] x", "o1@other.example", "x\n"))
            .getFirst();
    assertNotNull(e);
    assertFalse(e.outcome() == MailOutcome.COMMENT, e::toString);
    assertEquals(0, commentsBy(ActorKind.AGENT, t.seq()) + commentsBy(ActorKind.CLIENT, t.seq()));
    assertEquals(
        0,
        p.events(t.seq()).stream()
            .filter(ev -> "erin@other.example".equals(ev.actor().email()))
            .count());
  }
}
