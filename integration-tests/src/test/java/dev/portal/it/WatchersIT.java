package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.LocalOutbox;
import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Suppression;
import dev.portal.shared.store.MailStore;
import io.micronaut.json.tree.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Watchers (CCs) of a ticket (issue 11): active contacts of the ticket's client, chosen by agents,
 * the requester or the client's admins, who see the ticket as its requester does and are mailed its
 * public replies and its resolution through the one mail path (outbox, stream, queue, notifier on
 * moto), each under their own choices and suppression.
 */
class WatchersIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);
  private final Who dave = Who.client(f.tenant, f.globex, "dave@globex.example");

  WatchersIT() {
    mail.addContact(f.globex, f.carol.email(), "Carol Example");
    mail.addContact(f.globex, dave.email(), "Dave Example");
    mail.addContact(f.initech, f.ivan.email(), "Ivan Example");
  }

  private Backend.Res list(Who who, String ticket) {
    return Req.from("ticket-actions-watchers-list.json")
        .as(who)
        .path("/v1/tickets/" + ticket + "/watchers")
        .send(f.api.ticketActions);
  }

  private Backend.Res add(Who who, String ticket, String email) {
    return Req.from("ticket-actions-watcher-add.json")
        .as(who)
        .path("/v1/tickets/" + ticket + "/watchers/" + email)
        .send(f.api.ticketActions);
  }

  private Backend.Res remove(Who who, String ticket, String email) {
    return Req.from("ticket-actions-watcher-remove.json")
        .as(who)
        .path("/v1/tickets/" + ticket + "/watchers/" + email)
        .send(f.api.ticketActions);
  }

  private List<String> watchers(Who who, String ticket) {
    Backend.Res r = list(who, ticket);
    assertEquals(200, r.status(), r::describe);
    List<String> out = new ArrayList<>();
    for (JsonNode w : r.json().get("items").values()) out.add(w.get("email").getStringValue());
    return out;
  }

  private List<String> types(Who who, String ticket) {
    Backend.Res r = f.events(who, ticket);
    assertEquals(200, r.status(), r::describe);
    List<String> out = new ArrayList<>();
    for (JsonNode e : r.items().values()) out.add(e.get("type").getStringValue());
    return out;
  }

  private List<LocalOutbox.SentMail> mailsTo(Who who) {
    mail.drainOutbound();
    return mail.sentFrom(mail.mailbox).stream().filter(m -> m.to().contains(who.email())).toList();
  }

  private static List<String> subjects(List<LocalOutbox.SentMail> mails) {
    return mails.stream().map(LocalOutbox.SentMail::subject).toList();
  }

  private static List<String> fields(Backend.Res r) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : r.json().get("errors").values()) out.add(e.get("field").getStringValue());
    return out;
  }

  @Test
  void theRequesterCopiesAColleagueWhoThenSeesTheTicketUntilTakenOff() {
    String ticket = f.ticket(f.alice, "Scanner offline");
    assertEquals(404, f.get(f.carol, ticket).status(), "a colleague does not see it yet");

    Backend.Res added = add(f.alice, ticket, f.carol.email());
    assertEquals(201, added.status(), added::describe);
    assertEquals(f.carol.email(), added.str("email"));
    assertEquals("Carol Example", added.str("name"));
    assertEquals(f.alice.email(), added.str("addedBy"));
    Backend.Res again = add(f.alice, ticket, f.carol.email().toUpperCase());
    assertEquals(200, again.status(), "a second PUT changes nothing: " + again.describe());
    assertEquals(List.of(f.carol.email()), watchers(f.agent, ticket));
    assertEquals(List.of(f.carol.email()), watchers(f.bob, ticket));

    assertEquals(200, f.get(f.carol, ticket).status(), "a watcher sees the ticket");
    assertEquals(List.of(f.carol.email()), watchers(f.carol, ticket));
    Backend.Res comment = f.comment(f.carol, ticket, "{\"body\":\"It is the one on floor 2\"}");
    assertEquals(201, comment.status(), comment::describe);
    assertEquals("client", comment.json().get("actor").get("kind").getStringValue());
    assertEquals(
        403, add(f.carol, ticket, dave.email()).status(), "a watcher does not choose watchers");
    assertEquals(403, remove(f.carol, ticket, "nobody@globex.example").status());

    assertEquals(201, add(f.bob, ticket, dave.email()).status(), "a client admin may");
    assertEquals(204, remove(f.agent, ticket, dave.email()).status(), "an agent may");
    assertEquals(404, remove(f.agent, ticket, dave.email()).status(), "gone already");
    assertEquals(204, remove(f.carol, ticket, f.carol.email()).status(), "one takes oneself off");
    assertEquals(404, f.get(f.carol, ticket).status(), "and no longer sees it");
    assertEquals(404, f.events(f.carol, ticket).status());
    assertEquals(List.of(), watchers(f.alice, ticket));

    List<String> seen = types(f.alice, ticket);
    assertEquals(2, seen.stream().filter("watcher_added"::equals).count(), seen::toString);
    assertEquals(2, seen.stream().filter("watcher_removed"::equals).count(), seen::toString);
  }

  /** The requests docs/data-model.md gives each watcher route, pinned. */
  @Test
  void eachWatcherRouteCostsTheRequestsItsAccessPatternSays() {
    String ticket = f.ticket(f.alice, "Counted");
    DynamoRequests.start();
    assertEquals(201, add(f.alice, ticket, f.carol.email()).status());
    assertEquals(
        List.of("GetItem", "GetItem", "GetItem", "TransactWriteItems"),
        DynamoRequests.stop(),
        "ticket, watcher, contact, then the event with the watcher and the count");
    DynamoRequests.start();
    assertEquals(200, add(f.alice, ticket, f.carol.email()).status());
    assertEquals(List.of("GetItem", "GetItem"), DynamoRequests.stop(), "a repeat writes nothing");
    DynamoRequests.start();
    assertEquals(List.of(f.carol.email()), watchers(f.alice, ticket));
    assertEquals(List.of("GetItem", "Query"), DynamoRequests.stop());
    DynamoRequests.start();
    assertEquals(200, f.get(f.alice, ticket).status());
    List<String> requester = DynamoRequests.stop();
    DynamoRequests.start();
    assertEquals(200, f.get(f.carol, ticket).status());
    List<String> watcher = DynamoRequests.stop();
    List<String> expected = new ArrayList<>(requester);
    expected.add(1, "GetItem");
    assertEquals(expected, watcher, "a watcher's read costs one GetItem more than the requester's");
    DynamoRequests.start();
    assertEquals(204, remove(f.alice, ticket, f.carol.email()).status());
    assertEquals(List.of("GetItem", "TransactWriteItems"), DynamoRequests.stop());
  }

  @Test
  void aWatcherIsAnActiveContactOfTheTicketsOwnClient() {
    String ticket = f.ticket(f.alice, "Who may watch");
    for (String email :
        List.of(f.ivan.email(), "stranger@globex.example", f.alice.email(), "not-an-address")) {
      Backend.Res r = add(f.agent, ticket, email);
      assertEquals(400, r.status(), () -> email + " -> " + r.describe());
      assertEquals(List.of("email"), fields(r), r::describe);
    }
    Backend.Res off =
        Req.from("tenant-admin-patch-client.json")
            .as(f.admin)
            .path("/v1/clients/" + f.globex + "/contacts/" + dave.email())
            .body("{\"active\":false}")
            .send(f.api.tenantAdmin);
    assertEquals(200, off.status(), off::describe);
    assertEquals(400, add(f.agent, ticket, dave.email()).status(), "a deactivated contact");
    assertEquals(List.of(), watchers(f.agent, ticket));
    assertTrue(types(f.agent, ticket).stream().noneMatch(t -> t.startsWith("watcher_")));
  }

  @Test
  void aTicketTakesAtMostTheCappedNumberOfWatchers() {
    String ticket = f.ticket(f.alice, "Everyone wants to know");
    for (int i = 0; i < Caps.WATCHERS; i++) {
      String email = "w" + i + "@globex.example";
      mail.addContact(f.globex, email, "W " + i);
      Backend.Res r = add(f.agent, ticket, email);
      assertEquals(201, r.status(), r::describe);
    }
    assertEquals(Caps.WATCHERS, watchers(f.agent, ticket).size());
    Backend.Res full = add(f.agent, ticket, f.carol.email());
    assertEquals(409, full.status(), full::describe);
    assertEquals(204, remove(f.agent, ticket, "w0@globex.example").status());
    assertEquals(201, add(f.agent, ticket, f.carol.email()).status(), "room again");
  }

  @Test
  void watchersAreGuardedAcrossTenantClientAndRole() {
    String ticket = f.ticket(f.alice, "Guarded");
    assertEquals(201, add(f.alice, ticket, f.carol.email()).status());

    assertEquals(
        401,
        Req.from("ticket-actions-watchers-list.json")
            .anonymous()
            .path("/v1/tickets/" + ticket + "/watchers")
            .send(f.api.ticketActions)
            .status());
    assertEquals(403, list(Who.roleless(f.tenant), ticket).status());
    Who otherTenantsAgent = Who.agent(Backend.newTenant());
    assertEquals(404, list(otherTenantsAgent, ticket).status(), "another tenant's agent");
    assertEquals(404, add(otherTenantsAgent, ticket, dave.email()).status());
    assertEquals(404, remove(otherTenantsAgent, ticket, f.carol.email()).status());
    assertEquals(404, list(f.ivan, ticket).status(), "another client's admin");
    assertEquals(404, add(f.ivan, ticket, f.ivan.email()).status());
    assertEquals(404, remove(f.ivan, ticket, f.carol.email()).status());
    assertEquals(404, list(dave, ticket).status(), "a colleague who is neither requester nor CC");
    assertEquals(404, add(dave, ticket, dave.email()).status(), "nobody copies themselves in");
    assertEquals(List.of(f.carol.email()), watchers(f.agent, ticket));

    // A watcher of one ticket sees no other ticket of the requester's.
    String other = f.ticket(f.alice, "Private");
    assertEquals(404, f.get(f.carol, other).status());
    assertEquals(404, list(f.carol, other).status());
  }

  @Test
  void aWatcherIsMailedPublicRepliesAndTheResolutionNeverAnInternalNote() {
    String ticket = f.ticket(f.alice, "Laptop fan");
    String number = f.get(f.agent, ticket).str("number");
    assertEquals(201, add(f.alice, ticket, f.carol.email()).status());
    assertEquals(201, add(f.alice, ticket, dave.email()).status());
    Backend.Res muted =
        Req.from("tenant-admin-patch-notifications.json")
            .as(dave)
            .body("{\"agent_reply\":false}")
            .send(f.api.tenantAdmin);
    assertEquals(200, muted.status(), muted::describe);

    assertEquals(
        201,
        f.comment(f.agent, ticket, "{\"body\":\"internal: order a fan\",\"public\":false}")
            .status());
    assertEquals(List.of(), mailsTo(f.carol), "an internal note is nobody's mail");
    assertEquals(
        201, f.comment(f.agent, ticket, "{\"body\":\"A new fan is on its way.\"}").status());
    List<LocalOutbox.SentMail> toCarol = mailsTo(f.carol);
    assertEquals(List.of("[" + number + "] Re: Laptop fan"), subjects(toCarol));
    assertTrue(toCarol.getFirst().text().startsWith("A new fan is on its way."));
    assertTrue(!toCarol.getFirst().text().contains("order a fan"));
    assertTrue(
        toCarol
            .getFirst()
            .text()
            .contains("You are copied on it (requester: alice@globex.example)"),
        toCarol.getFirst().text());
    assertTrue(!mailsTo(f.alice).getFirst().text().contains("copied"), "the requester's is hers");
    assertEquals(1, mailsTo(f.alice).size(), "the requester has hers");
    assertEquals(List.of(), mailsTo(dave), "dave turned replies off");

    assertEquals(200, f.patch(f.agent, ticket, "{\"status\":\"resolved\"}").status());
    assertEquals(
        List.of("[" + number + "] Re: Laptop fan", "[" + number + "] Resolved: Laptop fan"),
        subjects(mailsTo(f.carol)));
    assertTrue(
        mailsTo(f.carol).getLast().text().startsWith("Ticket " + number + " (Laptop fan) has been"),
        () -> mailsTo(f.carol).getLast().text());
    assertTrue(
        mailsTo(f.alice).getLast().text().startsWith("Your ticket " + number),
        () -> mailsTo(f.alice).getLast().text());
    assertEquals(
        List.of("[" + number + "] Resolved: Laptop fan"),
        subjects(mailsTo(dave)),
        "the resolution is another kind, still on");
    mail.drainOutbound();
    assertEquals(2, mailsTo(f.carol).size(), "a second drain mails nobody twice");

    // The client's side sees each mail in the timeline.
    long sentToCarol = 0;
    for (JsonNode e : f.events(f.alice, ticket).items().values()) {
      if ("email_sent".equals(e.get("type").getStringValue())
          && f.carol.email().equals(e.get("data").get("to").getStringValue())) sentToCarol++;
    }
    assertEquals(2, sentToCarol);
  }

  @Test
  void aSuppressedWatcherGetsNothingAndTheTimelineSaysWhy() {
    mail.api
        .context
        .getBean(MailStore.class)
        .suppress(
            f.tenant,
            f.carol.email(),
            new Suppression(Suppression.Reason.BOUNCE, "General", Instant.now(), "ses-2"));
    String ticket = f.ticket(f.alice, "Bounced watcher");
    assertEquals(201, add(f.alice, ticket, f.carol.email()).status());
    assertEquals(201, f.comment(f.agent, ticket, "{\"body\":\"Looking into it.\"}").status());
    assertEquals(List.of(), mailsTo(f.carol));
    assertEquals(1, mailsTo(f.alice).size(), "the requester is still mailed");
    boolean told = false;
    for (JsonNode e : f.events(f.agent, ticket).items().values()) {
      if ("email_not_sent".equals(e.get("type").getStringValue())
          && f.carol.email().equals(e.get("data").get("to").getStringValue())) told = true;
    }
    assertTrue(told, "an internal email_not_sent names the suppressed watcher");
  }

  @Test
  void aWatchersMailReplyThreadsIntoTheTicketAsTheirComment() {
    String ticket = f.ticket(f.alice, "Projector");
    String number = f.get(f.agent, ticket).str("number");
    assertEquals(201, add(f.alice, ticket, f.carol.email()).status());
    mail.deliver(
        MailKit.message(
            "Carol <" + f.carol.email() + ">",
            mail.mailbox,
            "Re: [" + number + "] Projector",
            "carol-1@globex.example",
            "The bulb is out too.\n"));
    JsonNode received = null;
    for (JsonNode e : f.events(f.agent, ticket).items().values())
      if ("email_received".equals(e.get("type").getStringValue())) received = e;
    assertTrue(received != null, "the watcher's mail is on the ticket");
    assertEquals("client", received.get("actor").get("kind").getStringValue());
    assertEquals(f.carol.email(), received.get("actor").get("email").getStringValue());
  }
}
