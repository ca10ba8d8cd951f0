package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.LocalOutbox;
import dev.portal.shared.domain.Role;
import dev.portal.shared.store.MembershipStore;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An agent's reply by mail (issue 11) through the real inbound path on moto: raw mail in S3, SES's
 * receipt notification through the inbound function, the comment's outbox through the table's
 * stream and the notifier to moto's SES. Only an active staff member whose address SES verified
 * comments; everyone else who writes a staff address gets nothing on the ticket.
 */
class AgentMailIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);
  private final Who dana = Who.agent(f.tenant, "dana");

  AgentMailIT() {
    f.staff(dana, Role.AGENT);
  }

  private String alice() {
    return "alice@" + mail.globexDomain();
  }

  /** Alice's ticket, opened by mail to the mailbox; returns its number. */
  private Backend.Res aliceTicket(String subject) {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            subject,
            "c-" + subject.hashCode() + "@" + mail.globexDomain(),
            "It smokes.\n"));
    Backend.Res log = mail.mailLog("outcome", "ticket");
    String id = log.items().values().iterator().next().get("ticketId").getStringValue();
    return f.get(f.agent, id);
  }

  private static String reply(String text) {
    return text + "\n\nOn Tue, 24 Nov 2026 at 19:46, Alice wrote:\n> It smokes.\n";
  }

  private List<JsonNode> comments(String ticketId) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : f.events(f.agent, ticketId).items().values())
      if ("comment".equals(e.get("type").getStringValue())) out.add(e);
    return out;
  }

  private List<LocalOutbox.SentMail> repliesToAlice() {
    mail.drainOutbound();
    return mail.sentTo(alice()).stream().filter(m -> m.subject().contains("] Re: ")).toList();
  }

  private JsonNode logEntry(String messageId) {
    for (JsonNode e : mail.mailLog().items().values())
      if (messageId.equals(e.get("messageId").getStringValue())) return e;
    throw new AssertionError("no mail-log entry for " + messageId);
  }

  @Test
  void aVerifiedActiveAgentsReplyIsTheirCommentAndTheRequesterIsMailedOnce() {
    Backend.Res ticket = aliceTicket("Printer on fire");
    String id = ticket.str("id");
    String number = ticket.str("number");
    assertTrue(ticket.json().get("firstResponseAt").isNull(), ticket::describe);

    mail.deliver(
        MailKit.message(
            "Dana <" + dana.email() + ">",
            mail.mailbox,
            "Re: [" + number + "] Printer on fire",
            "a1@" + f.tenant + ".example",
            reply("Toner replaced; it works again.")));

    JsonNode entry = logEntry("a1@" + f.tenant + ".example");
    assertEquals("comment", entry.get("outcome").getStringValue());
    assertEquals(id, entry.get("ticketId").getStringValue());
    List<JsonNode> comments = comments(id);
    assertEquals(1, comments.size());
    JsonNode c = comments.getFirst();
    assertEquals("agent", c.get("actor").get("kind").getStringValue());
    assertEquals(dana.email(), c.get("actor").get("email").getStringValue());
    assertTrue(c.get("public").getBooleanValue());
    assertEquals("Toner replaced; it works again.", c.get("data").get("body").getStringValue());
    assertEquals("email", c.get("data").get("channel").getStringValue());
    Backend.Res after = f.get(f.agent, id);
    assertEquals(
        c.get("at").getStringValue(),
        after.str("firstResponseAt"),
        "the agent's mail is the first response");
    Who aliceToken = Who.client(f.tenant, f.globex, alice());
    long seen = 0;
    for (JsonNode e : f.events(aliceToken, id).items().values())
      if ("comment".equals(e.get("type").getStringValue())) seen++;
    assertEquals(1, seen, "the client sees the reply as the agent's public comment");

    List<LocalOutbox.SentMail> replies = repliesToAlice();
    assertEquals(1, replies.size(), replies::toString);
    LocalOutbox.SentMail sent = replies.getFirst();
    assertEquals(mail.mailbox, sent.from());
    assertEquals("[" + number + "] Re: Printer on fire", sent.subject());
    assertTrue(sent.text().startsWith("Toner replaced; it works again."), sent.text());
    assertTrue(!sent.text().contains("It smokes."), "the quoted history is not sent back");
    assertEquals(1, repliesToAlice().size(), "a second drain sends nothing again");
  }

  @Test
  void aReplyToAStaffNotificationThreadsByItsNumberAsTheFooterPromises() {
    Backend.Res group =
        Req.from("tenant-admin-create-group.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body(
                "{\"name\":\"First line\",\"members\":[\"" + dana.email() + "\"],\"default\":true}")
            .send(f.api.tenantAdmin);
    assertEquals(201, group.status(), group::describe);
    Backend.Res ticket = aliceTicket("VPN down");
    mail.drainOutbound();
    LocalOutbox.SentMail note =
        mail.sentTo(dana.email()).stream()
            .filter(m -> m.subject().contains("New ticket: VPN down"))
            .findFirst()
            .orElseThrow();
    assertTrue(note.text().contains("becomes your public comment"), note.text());

    mail.deliver(
        MailKit.message(
            dana.email(),
            mail.mailbox,
            "Re: " + note.subject(),
            "a2@" + f.tenant + ".example",
            "Restarting the concentrator now.\n\n> A new ticket is in your queue\n",
            "In-Reply-To: " + note.headers().get("message-id")));

    List<JsonNode> comments = comments(ticket.str("id"));
    assertEquals(1, comments.size());
    assertEquals(
        "Restarting the concentrator now.",
        comments.getFirst().get("data").get("body").getStringValue());
    assertEquals(1, repliesToAlice().size());
  }

  @Test
  void aDeactivatedAgentsReplyIsRejectedAndNobodyIsMailed() {
    Backend.Res ticket = aliceTicket("Deactivated");
    f.api
        .context
        .getBean(MembershipStore.class)
        .updateStaff(f.tenant, dana.email(), false, null, null);
    mail.deliver(
        MailKit.message(
            dana.email(),
            mail.mailbox,
            "Re: [" + ticket.str("number") + "] Deactivated",
            "a3@" + f.tenant + ".example",
            "Still here.\n"));
    JsonNode entry = logEntry("a3@" + f.tenant + ".example");
    assertEquals("rejected", entry.get("outcome").getStringValue());
    assertEquals("from a deactivated staff member", entry.get("reason").getStringValue());
    assertEquals(0, comments(ticket.str("id")).size());
    assertEquals(0, repliesToAlice().size());
    assertEquals(1, mail.mailLog("outcome", "ticket").items().size(), "no ticket in her name");
  }

  @Test
  void anAgentAddressSesDidNotVerifyIsQuarantinedNotAComment() {
    Backend.Res ticket = aliceTicket("Forged");
    mail.deliverJudged(
        MailKit.message(
            dana.email(),
            mail.mailbox,
            "Re: [" + ticket.str("number") + "] Forged",
            "a4@" + f.tenant + ".example",
            "Please wire the refund to the account below.\n"),
        "FAIL",
        "FAIL",
        "GRAY");
    JsonNode entry = logEntry("a4@" + f.tenant + ".example");
    assertEquals("quarantined", entry.get("outcome").getStringValue());
    assertEquals(false, entry.get("senderVerified").getBooleanValue());
    assertEquals(0, comments(ticket.str("id")).size());
    assertEquals(0, repliesToAlice().size());
    assertEquals(1, mail.mailLog("outcome", "ticket").items().size(), "no triage ticket either");
  }

  @Test
  void anAgentOfAnotherTenantWritesNoCommentOnThisTenantsTicket() {
    Fixtures other = new Fixtures();
    Backend.Res ticket = aliceTicket("Cross tenant");
    // other.agent is staff of the other tenant only: to this tenant a stranger.
    mail.deliver(
        MailKit.message(
            other.agent.email(),
            mail.mailbox,
            "Re: [" + ticket.str("number") + "] Cross tenant",
            "a5@" + other.tenant + ".example",
            "Closing this.\n",
            "In-Reply-To: <c-" + "Cross tenant".hashCode() + "@" + mail.globexDomain() + ">"));
    JsonNode entry = logEntry("a5@" + other.tenant + ".example");
    assertNotEquals("comment", entry.get("outcome").getStringValue(), entry::toString);
    JsonNode madeTicket = entry.get("ticketId");
    if (madeTicket != null && !madeTicket.isNull()) {
      // To this tenant they are a stranger of no client: at most an agents-only ticket of theirs.
      assertNotEquals(ticket.str("id"), madeTicket.getStringValue());
      assertTrue(f.get(f.agent, madeTicket.getStringValue()).json().get("clientId").isNull());
    }
    assertEquals(0, comments(ticket.str("id")).size());
    assertEquals(0, repliesToAlice().size());
    for (JsonNode e : f.events(f.agent, ticket.str("id")).items().values())
      assertTrue(
          e.get("actor").get("email").isNull()
              || !other.agent.email().equals(e.get("actor").get("email").getStringValue()),
          e::toString);
  }

  @Test
  void mailFromTheTenantsOwnMailboxStaysRejected() {
    Backend.Res ticket = aliceTicket("Loop");
    mail.deliver(
        MailKit.message(
            mail.mailbox,
            mail.mailbox,
            "Re: [" + ticket.str("number") + "] Loop",
            "loop@help-" + f.tenant + ".example",
            "Our own mail, come back.\n"));
    JsonNode entry = logEntry("loop@help-" + f.tenant + ".example");
    assertEquals("rejected", entry.get("outcome").getStringValue());
    assertEquals("from one of the tenant's own mailboxes", entry.get("reason").getStringValue());
    assertEquals(0, comments(ticket.str("id")).size());
    assertEquals(0, repliesToAlice().size());
  }
}
