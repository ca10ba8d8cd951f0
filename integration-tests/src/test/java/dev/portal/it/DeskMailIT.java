package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.LocalOutbox;
import dev.portal.shared.domain.Role;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.store.MailStore;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mails people expect (issue 11), through the one mail path: the timeline event's outbox, the
 * table's stream, the outbound queue and the notifier on moto. Agents hear of a new ticket in their
 * queue, an assignment to them and a client's answer; requesters of waiting for them; each can turn
 * a kind off, and suppressed addresses stay unmailed.
 */
class DeskMailIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);
  private final Who dana = Who.agent(f.tenant, "dana");
  private final Who erin = Who.agent(f.tenant, "erin");

  DeskMailIT() {
    f.staff(dana, Role.AGENT);
    f.staff(erin, Role.AGENT);
  }

  private String group(String name, boolean isDefault, Who... members) {
    StringBuilder emails = new StringBuilder();
    for (Who m : members)
      emails.append(emails.isEmpty() ? "" : ",").append('"').append(m.email()).append('"');
    Backend.Res r =
        Req.from("tenant-admin-create-group.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .body(
                "{\"name\":\""
                    + name
                    + "\",\"members\":["
                    + emails
                    + "],\"default\":"
                    + isDefault
                    + "}")
            .send(f.api.tenantAdmin);
    assertEquals(201, r.status(), r::describe);
    return r.str("id");
  }

  private Backend.Res mute(Who who, String json) {
    return Req.from("tenant-admin-patch-notifications.json")
        .as(who)
        .body(json)
        .send(f.api.tenantAdmin);
  }

  /** The caller's mail choices as GET /v1/me/notifications answers them. */
  private JsonNode choices(Who who) {
    Backend.Res r = Req.from("tenant-admin-get-notifications.json").as(who).send(f.api.tenantAdmin);
    assertEquals(200, r.status(), r::describe);
    return r.json().get("notifications");
  }

  /** Mails from this test's mailbox to {@code who}, after the outbox and the notifier ran. */
  private List<LocalOutbox.SentMail> mailsTo(Who who) {
    mail.drainOutbound();
    return mail.sentFrom(mail.mailbox).stream().filter(m -> m.to().contains(who.email())).toList();
  }

  private static List<String> subjects(List<LocalOutbox.SentMail> mails) {
    return mails.stream().map(LocalOutbox.SentMail::subject).toList();
  }

  @Test
  void aNewTicketInAQueueAnAssignmentAndAClientsAnswerEachMailTheAgentsConcerned() {
    group("First line", true, dana, erin);
    Backend.Res created = f.createTicket(f.alice, "VPN down");
    assertEquals(201, created.status(), created::describe);
    String ticket = created.str("id");
    String number = created.str("number");
    assertEquals(List.of("[" + number + "] New ticket: VPN down"), subjects(mailsTo(dana)));
    assertEquals(List.of("[" + number + "] New ticket: VPN down"), subjects(mailsTo(erin)));

    assertEquals(
        200,
        f.patch(dana, ticket, "{\"assigneeId\":\"" + erin.email() + "\",\"note\":\"your area\"}")
            .status());
    List<LocalOutbox.SentMail> toErin = mailsTo(erin);
    assertEquals("[" + number + "] Assigned to you: VPN down", toErin.getLast().subject());
    assertTrue(toErin.getLast().text().contains("your area"), toErin.getLast().text());
    assertEquals(1, mailsTo(dana).size(), "the agent who moved it is not told");

    assertEquals(201, f.comment(f.alice, ticket, "{\"body\":\"Still down at 10:00\"}").status());
    toErin = mailsTo(erin);
    assertEquals("[" + number + "] Client replied: VPN down", toErin.getLast().subject());
    assertTrue(toErin.getLast().text().contains("Still down at 10:00"), toErin.getLast().text());
    assertEquals(1, mailsTo(dana).size(), "only the assignee hears of the answer");

    // Each mail to staff is an internal email_sent: agents see it, the client does not.
    long internal = 0;
    for (JsonNode e : f.events(f.agent, ticket).items().values()) {
      if (e.get("type").getStringValue().equals("email_sent") && !e.get("public").getBooleanValue())
        internal++;
    }
    assertEquals(4, internal);
    for (JsonNode e : f.events(f.alice, ticket).items().values()) {
      assertTrue(
          !e.get("type").getStringValue().equals("email_sent"), "the client sees no staff mail");
    }
    // A replayed stream and a second drain send nothing twice (one claim per recipient).
    mail.drainOutbound();
    assertEquals(3, mailsTo(erin).size());
  }

  @Test
  void anEscalationMailsTheNewGroupsMembers() {
    String devs = group("Developers", false, erin, dana);
    String ticket = f.ticket(f.alice, "Crash on save");
    assertEquals(
        200,
        f.patch(dana, ticket, "{\"groupId\":\"" + devs + "\",\"note\":\"stack trace attached\"}")
            .status());
    assertEquals(1, mailsTo(erin).size());
    assertEquals(0, mailsTo(dana).size(), "the agent who escalated is not told");
  }

  @Test
  void waitingForTheClientMailsTheRequester() {
    String ticket = f.ticket(f.alice, "Need logs");
    assertEquals(200, f.patch(f.agent, ticket, "{\"status\":\"waiting_for_client\"}").status());
    List<LocalOutbox.SentMail> toAlice = mailsTo(f.alice);
    assertEquals(1, toAlice.size());
    assertTrue(
        toAlice.getFirst().subject().contains("Waiting for your answer: Need logs"),
        toAlice.getFirst().subject());
  }

  @Test
  void aPersonWhoTurnedAKindOffGetsNoneOfItTheOthersStillDo() {
    group("First line", true, dana, erin);
    assertEquals(true, choices(dana).get("agent_new_ticket").getBooleanValue(), "on by default");
    assertEquals(null, choices(dana).get("waiting_for_you"), "staff don't choose requester mails");
    assertEquals(true, choices(f.alice).get("waiting_for_you").getBooleanValue());
    Backend.Res off = mute(dana, "{\"agent_new_ticket\":false}");
    assertEquals(200, off.status(), off::describe);
    assertEquals(false, off.json().get("notifications").get("agent_new_ticket").getBooleanValue());
    assertEquals(true, off.json().get("notifications").get("agent_assigned").getBooleanValue());
    Backend.Res aliceOff = mute(f.alice, "{\"waiting_for_you\":false}");
    assertEquals(200, aliceOff.status(), aliceOff::describe);
    assertEquals(
        400,
        mute(f.alice, "{\"agent_new_ticket\":false}").status(),
        "a contact chooses among requester mails");
    assertEquals(400, mute(dana, "{\"agent_new_ticket\":\"no\"}").status());

    String ticket = f.ticket(f.alice, "Muted");
    assertEquals(200, f.patch(f.agent, ticket, "{\"status\":\"waiting_for_client\"}").status());
    assertEquals(0, mailsTo(dana).size());
    assertEquals(1, mailsTo(erin).size());
    assertEquals(0, mailsTo(f.alice).size());

    assertEquals(false, choices(dana).get("agent_new_ticket").getBooleanValue(), "kept");
    assertEquals(true, choices(dana).get("agent_assigned").getBooleanValue());
    assertEquals(false, choices(f.alice).get("waiting_for_you").getBooleanValue());
    assertEquals(true, choices(erin).get("agent_new_ticket").getBooleanValue(), "one's own only");
    assertEquals(200, mute(dana, "{\"agent_new_ticket\":true}").status(), "on again");
    f.ticket(f.alice, "Heard again");
    assertEquals(1, mailsTo(dana).size());
  }

  @Test
  void aSuppressedStaffAddressIsNotMailedAndTheTimelineSaysWhy() {
    mail.api
        .context
        .getBean(MailStore.class)
        .suppress(
            f.tenant,
            erin.email(),
            new Suppression(Suppression.Reason.BOUNCE, "General", Instant.now(), "ses-1"));
    String ticket = f.ticket(f.alice, "Bounced agent");
    assertEquals(200, f.patch(dana, ticket, "{\"assigneeId\":\"" + erin.email() + "\"}").status());
    assertEquals(0, mailsTo(erin).size());
    JsonNode last = null;
    for (JsonNode e : f.events(f.agent, ticket).items().values()) last = e;
    assertEquals("email_not_sent", last.get("type").getStringValue());
    assertEquals(erin.email(), last.get("data").get("to").getStringValue());
  }
}
