package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.portal.local.LocalOutbox;
import dev.portal.shared.domain.MailLogEntry;
import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.email.InboundMailService;
import dev.portal.shared.mail.AttachmentSink;
import dev.portal.shared.mail.MailParser;
import dev.portal.shared.mail.ParsedMail;
import dev.portal.shared.service.TicketService;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.MailStore;
import dev.portal.shared.store.TicketStore;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The email channel end to end: S3 + SES notification → inbound-email → tickets, mail log, notifier
 * → SES (moto).
 */
class EmailIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);

  private String alice() {
    return "alice@" + mail.globexDomain();
  }

  private JsonNode event(Backend.Res events, String type) {
    for (JsonNode e : events.items().values())
      if (type.equals(e.get("type").getStringValue())) return e;
    return null;
  }

  private List<String> types(Backend.Res events) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events.items().values()) out.add(e.get("type").getStringValue());
    return out;
  }

  @Test
  void anUnknownOutcomeFilterIs400AndNamesEveryOutcomeTheLogCanShow() {
    Backend.Res bad = mail.mailLog("outcome", "bogus");
    assertEquals(400, bad.status(), bad::describe);
    for (dev.portal.shared.domain.MailOutcome o : dev.portal.shared.domain.MailOutcome.values()) {
      assertTrue(
          bad.raw().contains("\"" + o.wire() + "\"") || bad.raw().contains(" " + o.wire()),
          () -> o.wire() + " missing from " + bad.raw());
    }
    Backend.Res received = mail.mailLog("outcome", "received");
    assertEquals(200, received.status(), received::describe);
  }

  @Test
  void mailFromAKnownContactOpensATicketForTheirClientAndIsAcknowledgedOnce() {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            "Printer on fire",
            "m1@" + mail.globexDomain(),
            "The printer is on fire.\n"));

    JsonNode entry = mail.onlyLogEntry();
    assertEquals("ticket", entry.get("outcome").getStringValue());
    assertEquals("m1@" + mail.globexDomain(), entry.get("messageId").getStringValue());
    assertEquals(alice(), entry.get("from").getStringValue());
    assertEquals("Printer on fire", entry.get("subject").getStringValue());
    String ticketId = entry.get("ticketId").getStringValue();
    Backend.Res ticket = f.get(f.agent, ticketId);
    assertEquals("email", ticket.str("channel"));
    assertEquals(f.globex, ticket.str("clientId"));
    assertEquals(alice(), ticket.json().get("requester").get("email").getStringValue());
    assertTrue(ticket.str("description").contains("on fire"));
    Who aliceToken = Who.client(f.tenant, f.globex, alice());
    assertEquals(
        200, f.get(aliceToken, ticketId).status(), "the contact sees their own mail ticket");

    assertTrue(mail.drainOutbound() >= 1);
    mail.drainOutbound();
    List<LocalOutbox.SentMail> sent = mail.sentTo(alice());
    assertEquals(1, sent.size(), () -> "one acknowledgement: " + sent);
    LocalOutbox.SentMail ack = sent.getFirst();
    String number = ticket.str("number");
    assertEquals("[" + number + "] Printer on fire", ack.subject());
    assertEquals(mail.mailbox, ack.from());
    assertEquals("auto-replied", ack.headers().get("auto-submitted"));
    assertEquals("<m1@" + mail.globexDomain() + ">", ack.headers().get("in-reply-to"));
    assertTrue(ack.text().contains(number));
    assertEquals(
        List.of("created", "email_received", "email_sent"), types(f.events(aliceToken, ticketId)));
  }

  @Test
  void aLoneCarriageReturnInAMessageIdOrFromNeverAddsARecipientOrHeaderToTheAcknowledgement() {
    // Issue 9, finding 2: these two mails had moto's SES deliver our acknowledgement to the
    // attacker's Bcc too.
    String evil = "evil-" + f.tenant + ".example";
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            "Injected id",
            "injC@" + mail.globexDomain() + "\rBcc: injC@" + evil,
            "x\n"));
    String e1 = "e1@" + mail.globexDomain();
    mail.deliver(
        MailKit.message(
            "<" + e1 + "\rBcc: inje@" + evil + ">",
            mail.mailbox,
            "Injected from",
            "inje@" + mail.globexDomain(),
            "x\n",
            "Return-Path: <" + e1 + ">"));
    mail.drainOutbound();

    List<LocalOutbox.SentMail> sent = mail.sentFrom(mail.mailbox);
    // The second mail's From is no address: its sender comes from Return-Path, which SES's verdicts
    // do not
    // authenticate, so it gets an agents-only ticket and no acknowledgement at all.
    assertEquals(
        Set.of(List.of(alice())),
        sent.stream().map(LocalOutbox.SentMail::to).collect(Collectors.toSet()),
        sent::toString);
    Set<String> ours =
        Set.of(
            "from",
            "to",
            "subject",
            "date",
            "message-id",
            "in-reply-to",
            "references",
            "auto-submitted",
            "mime-version",
            "content-type",
            "content-transfer-encoding");
    for (LocalOutbox.SentMail ack : sent) {
      assertTrue(ours.containsAll(ack.headers().keySet()), ack::toString);
    }
  }

  @Test
  void aFromNamingManyAddressesIsAcknowledgedAtItsFirstAddressAlone() {
    // Issue 9, finding 3: "<r0@..,r1@..,...,r19@..>" made one comma-joined requester and an
    // acknowledgement to 21.
    String domain = "many-" + f.tenant + ".example";
    StringJoiner many = new StringJoiner(",", "<", ">");
    for (int i = 0; i < 20; i++) many.add("r" + i + "@" + domain);
    mail.deliver(MailKit.message(many.toString(), mail.mailbox, "Many", "many@" + domain, "x\n"));
    mail.drainOutbound();

    List<LocalOutbox.SentMail> sent = mail.sentFrom(mail.mailbox);
    assertEquals(1, sent.size(), sent::toString);
    assertEquals(List.of("r0@" + domain), sent.getFirst().to());
    assertEquals("r0@" + domain, mail.onlyLogEntry().get("from").getStringValue());
  }

  @Test
  void anAcknowledgementIsNeverSentTwiceForOneTicket() {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(alice(), mail.mailbox, "Twice?", "tw@" + mail.globexDomain(), "x\n"));
    String ticketId = mail.onlyLogEntry().get("ticketId").getStringValue();
    long seq = Long.parseLong(ticketId.split("-")[1]);
    // The same queued acknowledgement delivered again (SQS is at-least-once): the notifier's claim
    // stops it.
    String again =
        "{\"tenantId\":\""
            + f.tenant
            + "\",\"ticketSeq\":"
            + seq
            + ",\"kind\":\"acknowledgement\",\"dedupeKey\":\"ev-"
            + seq
            + "-1\",\"body\":null}";
    mail.sqs().sendMessage(r -> r.queueUrl(mail.api.mail().outboundQueueUrl()).messageBody(again));
    mail.drainOutbound();
    assertEquals(1, mail.sentTo(alice()).size());
  }

  @Test
  void unknownSenderOfAClientDomainBecomesItsContactAndAStrangerGetsAnAgentsOnlyTicket() {
    String carol = "carol@" + mail.globexDomain();
    mail.deliver(
        MailKit.message(
            "Carol <" + carol + ">",
            mail.mailbox,
            "VPN",
            "c1@" + mail.globexDomain(),
            "VPN down\n"));
    mail.deliver(
        MailKit.message(
            "stranger@elsewhere.example",
            mail.mailbox,
            "Offer",
            "s1@elsewhere.example",
            "Hello\n"));

    Backend.Res contacts =
        Req.from("tenant-admin-list-clients.json")
            .as(f.agent)
            .path("/v1/clients/" + f.globex + "/contacts")
            .send(mail.api.tenantAdmin);
    assertEquals(200, contacts.status(), contacts::describe);
    JsonNode created = contacts.items().values().iterator().next();
    assertEquals(carol, created.get("email").getStringValue());
    assertEquals("client", created.get("role").getStringValue());
    Backend.Res log = mail.mailLog("outcome", "ticket");
    assertEquals(2, log.items().size(), log::describe);
    JsonNode stranger = log.items().values().iterator().next(); // newest first
    assertEquals("stranger@elsewhere.example", stranger.get("from").getStringValue());
    Backend.Res strangerTicket = f.get(f.agent, stranger.get("ticketId").getStringValue());
    assertTrue(strangerTicket.json().get("clientId").isNull(), strangerTicket::describe);
    assertEquals(
        404,
        f.get(f.bob, stranger.get("ticketId").getStringValue()).status(),
        "client roles never see it");

    Who carolToken = Who.client(f.tenant, f.globex, carol);
    Backend.Res carols = f.list(carolToken);
    assertEquals(1, carols.items().size(), carols::describe);
    assertEquals(
        f.globex, carols.items().values().iterator().next().get("clientId").getStringValue());
  }

  @Test
  void aReplyThreadedOnlyByInReplyToReopensTheResolvedTicketWithTheQuoteTrimmed() {
    mail.addContact(f.globex, alice(), "Alice Example");
    String first = "t1@" + mail.globexDomain();
    mail.deliver(
        MailKit.message(alice(), mail.mailbox, "Mail server slow", first, "Since Monday.\n"));
    String ticketId = mail.onlyLogEntry().get("ticketId").getStringValue();
    assertEquals(200, f.patch(f.agent, ticketId, "{\"status\":\"resolved\"}").status());

    mail.deliver(
        MailKit.message(
            alice(),
            mail.mailbox,
            "Re: your answer",
            "t2@" + mail.globexDomain(),
            "Still slow today.\n\nOn Mon, Support wrote:\n> Since Monday.\n",
            "In-Reply-To: <" + first + ">"));

    Backend.Res log = mail.mailLog("outcome", "comment");
    assertEquals(1, log.items().size(), log::describe);
    assertEquals(ticketId, log.items().values().iterator().next().get("ticketId").getStringValue());
    Backend.Res ticket = f.get(f.agent, ticketId);
    assertEquals("in_progress", ticket.str("status"));
    assertTrue(ticket.json().get("resolvedAt").isNull());
    Backend.Res events = f.events(f.agent, ticketId);
    List<String> types = types(events);
    assertEquals(
        List.of("created", "email_received", "status_changed", "status_changed", "email_received"),
        types);
    JsonNode reply = null;
    for (JsonNode e : events.items().values()) reply = e;
    String body = reply.get("data").get("body").getStringValue();
    assertTrue(body.contains("Still slow today."), body);
    assertFalse(body.contains("> Since Monday."), "quoted history trimmed: " + body);
    assertTrue(reply.get("data").get("fullText").getStringValue().contains("> Since Monday."));
  }

  @Test
  void aMessageNamingATicketFromSomeoneOutsideItsClientOpensANewTicket() {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(
            alice(), mail.mailbox, "Backup failed", "b1@" + mail.globexDomain(), "Backup.\n"));
    String number =
        f.get(f.agent, mail.onlyLogEntry().get("ticketId").getStringValue()).str("number");
    mail.deliver(
        MailKit.message(
            "mallory@evil.example",
            mail.mailbox,
            "[" + number + "] Re: Backup failed",
            "x1@evil.example",
            "let me in\n"));
    assertEquals(2, mail.mailLog("outcome", "ticket").items().size());
    assertEquals(0, mail.mailLog("outcome", "comment").items().size());
  }

  @Test
  void theSameMessageDeliveredTwiceAtTheSameMomentMakesOneTicketAndOneDuplicate() throws Exception {
    mail.addContact(f.globex, alice(), "Alice Example");
    String raw =
        MailKit.message(
            alice(), mail.mailbox, "Twice at once", "dup@" + mail.globexDomain(), "once\n");
    String a = mail.store(raw);
    String b = mail.store(raw); // SES stored it twice: two objects, two notifications
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<SQSBatchResponse> ra =
          pool.submit(
              () -> {
                go.await();
                return mail.inbound(MailKit.batch(a));
              });
      Future<SQSBatchResponse> rb =
          pool.submit(
              () -> {
                go.await();
                return mail.inbound(MailKit.batch(b));
              });
      go.countDown();
      assertTrue(ra.get().getBatchItemFailures().isEmpty());
      assertTrue(rb.get().getBatchItemFailures().isEmpty());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, mail.mailLog("outcome", "ticket").items().size());
    assertEquals(1, mail.mailLog("outcome", "duplicate").items().size());
    assertEquals(1, f.list(f.agent).items().size());
    // and once more, later: still a duplicate
    mail.deliver(raw);
    assertEquals(2, mail.mailLog("outcome", "duplicate").items().size());
    assertEquals(1, f.list(f.agent).items().size());
  }

  @Test
  void aPoisonedRecordIsReportedAloneAndTheRestOfTheBatchIsProcessed() {
    String good1 =
        mail.store(
            MailKit.message(
                "one@elsewhere.example", mail.mailbox, "One", "p1@elsewhere.example", "1\n"));
    String poisoned = good1.replace("\"objectKey\":\"raw/", "\"objectKey\":\"raw/missing-");
    String good2 =
        mail.store(
            MailKit.message(
                "two@elsewhere.example", mail.mailbox, "Two", "p2@elsewhere.example", "2\n"));
    var event = MailKit.batch(good1, poisoned, good2, "{not json");
    SQSBatchResponse response = mail.inbound(event);
    List<String> failed =
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList();
    assertEquals(
        List.of(event.getRecords().get(1).getMessageId(), event.getRecords().get(3).getMessageId()),
        failed);
    assertEquals(2, mail.mailLog("outcome", "ticket").items().size());
  }

  @Test
  void automaticMailIsRejectedAndSpamQuarantinedWithoutTicketOrAnswer() {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(
            alice(),
            mail.mailbox,
            "Out of office",
            "oo@" + mail.globexDomain(),
            "Away\n",
            "Auto-Submitted: auto-replied"));
    mail.inbound(
        MailKit.batch(
            mail.store(
                MailKit.message(
                        alice(), mail.mailbox, "Cheap pills", "sp@" + mail.globexDomain(), "buy\n")
                    .getBytes(StandardCharsets.UTF_8),
                List.of(mail.mailbox),
                "FAIL",
                "PASS")));
    JsonNode rejected = mail.mailLog("outcome", "rejected").items().values().iterator().next();
    assertNotNull(rejected.get("reason").getStringValue());
    assertTrue(rejected.get("ticketId").isNull());
    assertEquals(1, mail.mailLog("outcome", "quarantined").items().size());
    assertEquals(0, f.list(f.agent).items().size());
    mail.drainOutbound();
    assertEquals(0, mail.sentTo(alice()).size(), "no answer to automatic mail");
  }

  @Test
  void aPublicAgentCommentIsMailedToTheRequesterAsAReplyInTheThread() {
    mail.addContact(f.globex, alice(), "Alice Example");
    String first = "r1@" + mail.globexDomain();
    mail.deliver(MailKit.message(alice(), mail.mailbox, "Laptop", first, "Broken screen\n"));
    String ticketId = mail.onlyLogEntry().get("ticketId").getStringValue();
    assertEquals(
        201, f.comment(f.agent, ticketId, "{\"body\":\"internal\",\"public\":false}").status());
    assertEquals(
        201, f.comment(f.agent, ticketId, "{\"body\":\"A new screen is on its way.\"}").status());
    mail.drainOutbound();
    List<LocalOutbox.SentMail> sent = mail.sentTo(alice());
    assertEquals(2, sent.size(), () -> "acknowledgement and reply, no internal note: " + sent);
    LocalOutbox.SentMail reply = sent.get(1);
    assertTrue(
        reply.subject().startsWith("[" + f.get(f.agent, ticketId).str("number") + "]"),
        reply.subject());
    assertTrue(reply.text().contains("A new screen is on its way."));
    assertNull(reply.headers().get("auto-submitted"));
    assertEquals("<" + first + ">", reply.headers().get("in-reply-to"));

    // The client answers the agent's mail: threaded by In-Reply-To naming our own Message-ID.
    mail.deliver(
        MailKit.message(
            alice(),
            mail.mailbox,
            "Re: thanks",
            "r2@" + mail.globexDomain(),
            "Thanks!\n",
            "In-Reply-To: <" + reply.messageId() + ">"));
    assertEquals(1, mail.mailLog("outcome", "comment").items().size());
  }

  @Test
  void mailboxesAreUniqueAcrossTenantsAndListedForTheirOwn() {
    Fixtures other = new Fixtures();
    assertEquals(
        409, mail.registerMailbox(other.admin, mail.mailbox).status(), "taken by another tenant");
    assertEquals(
        200, mail.registerMailbox(f.admin, mail.mailbox.toUpperCase()).status(), "already ours");
    assertEquals(403, mail.registerMailbox(f.agent, "x@" + f.tenant + ".example").status());
    Backend.Res list =
        Req.from("ticket-status-list.json")
            .as(f.agent)
            .path("/v1/mailboxes")
            .query()
            .send(mail.api.tenantAdmin);
    assertEquals(200, list.status(), list::describe);
    assertEquals(
        mail.mailbox, list.items().values().iterator().next().get("address").getStringValue());
  }

  @Test
  void attachmentsGoToS3AndAreLinkedOnlyForThoseWhoSeeTheTicket() {
    mail.addContact(f.globex, alice(), "Alice Example");
    String raw =
        "From: "
            + alice()
            + "\r\nTo: "
            + mail.mailbox
            + "\r\nSubject: Logs\r\nMessage-ID: <a1@x.example>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n\r\nSee the log.\r\n--b1\r\n"
            + "Content-Type: text/plain; name=\"app.log\"\r\nContent-Disposition: attachment; filename=\"app.log\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8gbG9n\r\n--b1--\r\n";
    mail.deliver(raw);
    String ticketId = mail.onlyLogEntry().get("ticketId").getStringValue();
    Who aliceToken = Who.client(f.tenant, f.globex, alice());
    JsonNode added = event(f.events(aliceToken, ticketId), "attachment_added");
    assertNotNull(added);
    assertEquals("app.log", added.get("data").get("filename").getStringValue());
    String attachmentId = added.get("data").get("attachmentId").getStringValue();
    String path = "/v1/tickets/" + ticketId + "/attachments/" + attachmentId;
    Backend.Res link =
        Req.from("ticket-status-get.json").as(aliceToken).path(path).send(mail.api.ticketStatus);
    assertEquals(302, link.status(), link::describe);
    assertTrue(
        link.headers().get("location").contains("X-Amz-Expires=600"),
        link.headers().get("location"));
    assertEquals(
        404,
        Req.from("ticket-status-get.json")
            .as(f.ivan)
            .path(path)
            .send(mail.api.ticketStatus)
            .status());
    assertEquals(
        404,
        Req.from("ticket-status-get.json")
            .as(f.agent)
            .path("/v1/tickets/" + ticketId + "/attachments/att-9-nope")
            .send(mail.api.ticketStatus)
            .status());
  }

  @Test
  void aSenderGetsAtMostFiveAcknowledgementsAnHour() {
    mail.addContact(f.globex, alice(), "Alice Example");
    long hourBefore = java.time.Instant.now().getEpochSecond() / 3600;
    for (int i = 1; i <= 7; i++) {
      mail.deliver(
          MailKit.message(
              alice(), mail.mailbox, "Issue " + i, "rate" + i + "@" + mail.globexDomain(), "n\n"));
    }
    long hourAfter = java.time.Instant.now().getEpochSecond() / 3600;
    mail.drainOutbound();
    assertEquals(7, mail.mailLog("outcome", "ticket").items().size(), "every mail is a ticket");
    int acks = mail.sentTo(alice()).size();
    if (hourBefore == hourAfter) {
      assertEquals(5, acks);
    } else {
      assertTrue(
          acks >= 5 && acks <= 7,
          "the hour turned during the test: two counters, " + acks + " acknowledgements");
    }
  }

  @Test
  void aContactOfTheTicketsClientMayAnswerInItsThread() {
    mail.addContact(f.globex, alice(), "Alice Example");
    String carol = "carol@" + mail.globexDomain();
    mail.addContact(f.globex, carol, "Carol Example");
    mail.deliver(
        MailKit.message(
            alice(), mail.mailbox, "Shared drive full", "sd1@" + mail.globexDomain(), "Full.\n"));
    String ticketId = mail.onlyLogEntry().get("ticketId").getStringValue();
    String number = f.get(f.agent, ticketId).str("number");
    mail.deliver(
        MailKit.message(
            carol,
            mail.mailbox,
            "RE: [" + number + "] Shared drive full",
            "sd2@" + mail.globexDomain(),
            "Same here.\n"));
    JsonNode comment = mail.mailLog("outcome", "comment").items().values().iterator().next();
    assertEquals(ticketId, comment.get("ticketId").getStringValue());
    assertEquals(carol, comment.get("from").getStringValue());
  }

  @Test
  void aMessageWhoseIdAlreadyBelongsToTheSendersTicketCreatesNothing() {
    // What a retry finds after a delivery died between writing the ticket and completing its claim:
    // a Message-ID of
    // this sender's that the tenant already remembers for a ticket of theirs.
    mail.deliver(
        MailKit.message(
            "one@elsewhere.example", mail.mailbox, "First", "first@elsewhere.example", "1\n"));
    String ticketId = mail.onlyLogEntry().get("ticketId").getStringValue();
    mail.api
        .context
        .getBean(dev.portal.shared.store.MailStore.class)
        .rememberMessage(
            f.tenant, "again@elsewhere.example", Long.parseLong(ticketId.split("-")[1]));
    mail.deliver(
        MailKit.message(
            "one@elsewhere.example", mail.mailbox, "Again", "again@elsewhere.example", "1\n"));
    assertEquals(1, mail.mailLog("outcome", "duplicate").items().size());
    assertEquals(1, f.list(f.agent).items().size());
  }

  @Test
  void mailFromTheTenantsOwnMailboxIsRejectedAndAnswersNothing() {
    mail.deliver(
        MailKit.message(mail.mailbox, mail.mailbox, "Looped", "ours@help.example", "loop\n"));
    JsonNode entry = mail.onlyLogEntry();
    assertEquals("rejected", entry.get("outcome").getStringValue());
    assertTrue(entry.get("reason").getStringValue().contains("own mailbox"), entry::toString);
    assertEquals(0, f.list(f.agent).items().size());
  }

  @Test
  void aForgedClientSenderNeverThreadsIntoTheirTicketNorBecomesAnAcknowledgedClient() {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(alice(), mail.mailbox, "Real", "real@" + mail.globexDomain(), "real\n"));
    String real = mail.onlyLogEntry().get("ticketId").getStringValue();
    String number = f.get(f.agent, real).str("number");
    mail.deliverJudged(
        MailKit.message(
            alice(),
            mail.mailbox,
            "Re: [" + number + "] Real",
            "forged@" + mail.globexDomain(),
            "forged\n",
            "In-Reply-To: <real@" + mail.globexDomain() + ">"),
        "FAIL",
        "FAIL",
        "GRAY");

    assertEquals(
        List.of("created", "email_received"),
        types(f.events(f.agent, real)),
        "nothing threaded into Alice's ticket");
    JsonNode forged =
        mail.mailLog("outcome", "ticket").items().values().iterator().next(); // newest first
    assertEquals(false, forged.get("senderVerified").getBooleanValue());
    assertTrue(
        forged.get("reason").getStringValue().startsWith("sender not authenticated"),
        forged::toString);
    String triage = forged.get("ticketId").getStringValue();
    assertTrue(f.get(f.agent, triage).json().get("clientId").isNull(), "agents only");
    assertEquals(
        404,
        f.get(Who.client(f.tenant, f.globex, alice()), triage).status(),
        "Alice never sees it");
    JsonNode mailEvent = event(f.events(f.agent, triage), "email_received");
    assertEquals(false, mailEvent.get("data").get("senderVerified").getBooleanValue());
    mail.drainOutbound();
    assertEquals(1, mail.sentTo(alice()).size(), "only the real mail was acknowledged");
  }

  @Test
  void anUnauthenticatedSenderOfAClientDomainNeverBecomesItsContact() {
    String mallory = "mallory@" + mail.globexDomain();
    mail.deliverJudged(
        MailKit.message(mallory, mail.mailbox, "Hi", "m1@" + mail.globexDomain(), "hi\n"),
        "FAIL",
        "FAIL",
        "GRAY");
    Backend.Res contacts =
        Req.from("tenant-admin-list-clients.json")
            .as(f.agent)
            .path("/v1/clients/" + f.globex + "/contacts")
            .send(mail.api.tenantAdmin);
    assertEquals(0, contacts.items().size(), contacts::describe);
    mail.drainOutbound();
    assertEquals(0, mail.sentTo(mallory).size(), "no backscatter");
  }

  @Test
  void aDmarcFailureIsQuarantinedWithoutTicket() {
    mail.deliverJudged(
        MailKit.message(alice(), mail.mailbox, "Pay now", "q1@" + mail.globexDomain(), "pay\n"),
        "PASS",
        "PASS",
        "FAIL");
    JsonNode entry = mail.onlyLogEntry();
    assertEquals("quarantined", entry.get("outcome").getStringValue());
    assertEquals(false, entry.get("senderVerified").getBooleanValue());
    assertEquals(0, f.list(f.agent).items().size());
  }

  @Test
  void aSquattedMessageIdDoesNotMakeTheRealMailADuplicate() {
    mail.addContact(f.globex, alice(), "Alice Example");
    String id = "future@" + mail.globexDomain();
    mail.deliver(
        MailKit.message("stranger@elsewhere.example", mail.mailbox, "Squat", id, "first\n"));
    mail.deliver(MailKit.message(alice(), mail.mailbox, "Real one", id, "real\n"));
    assertEquals(0, mail.mailLog("outcome", "duplicate").items().size());
    assertEquals(2, mail.mailLog("outcome", "ticket").items().size());
  }

  @Test
  void aMessageWithoutMessageIdDeliveredTwiceThroughDifferentServersMakesOneTicket() {
    String raw =
        MailKit.message("nomid@elsewhere.example", mail.mailbox, "No id", null, "same text\n");
    mail.deliver(
        "Received: from mx1.example by in1.example; Tue, 24 Nov 2026 19:46:19 +0000\r\n" + raw);
    mail.deliver(
        "Received: from mx2.example by in2.example; Tue, 24 Nov 2026 19:46:21 +0000\r\n" + raw);
    assertEquals(1, mail.mailLog("outcome", "ticket").items().size());
    assertEquals(1, mail.mailLog("outcome", "duplicate").items().size());
  }

  @Test
  void theResolutionNoticeSaysItWasGeneratedSoAutoRespondersStaySilent() {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(alice(), mail.mailbox, "Done?", "res1@" + mail.globexDomain(), "x\n"));
    String ticketId = mail.onlyLogEntry().get("ticketId").getStringValue();
    assertEquals(200, f.patch(f.agent, ticketId, "{\"status\":\"resolved\"}").status());
    mail.drainOutbound();
    LocalOutbox.SentMail notice =
        mail.sentTo(alice()).stream()
            .filter(m -> m.subject().contains("Resolved:"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no resolution notice: " + mail.sentTo(alice())));
    assertEquals("auto-generated", notice.headers().get("auto-submitted"));
  }

  @Test
  void aNoReplySendersMailMayOpenATicketButIsNeverAnswered() {
    mail.deliver(
        MailKit.message(
            "Monitoring <no-reply@monitor-" + f.tenant + ".example>",
            mail.mailbox,
            "[ALERT] Disk full",
            "alert1@monitor.example",
            "Disk /var is 95% full\n"));
    assertEquals("ticket", mail.onlyLogEntry().get("outcome").getStringValue());
    mail.drainOutbound();
    assertEquals(0, mail.sentTo("no-reply@monitor-" + f.tenant + ".example").size());
  }

  @Test
  void aTextOnlyBounceFromAnOrdinaryLookingSenderMakesNoTicketAndNoAnswer() {
    String ndr =
        MailKit.message(
            "IT Mail Gateway <gateway@corp-" + f.tenant + ".example>",
            mail.mailbox,
            "Undeliverable: Quarterly report",
            "ndr1@corp.example",
            "Delivery has failed to these recipients or groups:\n\nfinance@corp.example\n\n"
                + "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n");
    mail.deliver(ndr);
    JsonNode entry = mail.onlyLogEntry();
    assertEquals("rejected", entry.get("outcome").getStringValue());
    assertTrue(entry.get("reason").getStringValue().startsWith("bounce: "), entry::toString);
    assertEquals(0, f.list(f.agent).items().size());
  }

  @Test
  void anotherTenantCannotTakeAMailboxOrATagOfItOnADomainThatIsNotItsOwn() {
    Fixtures acme = new Fixtures();
    String domain = mail.mailbox.substring(mail.mailbox.indexOf('@') + 1);
    assertEquals(
        409,
        mail.registerMailbox(acme.admin, "billing@" + domain).status(),
        "the domain is this tenant's");
    assertEquals(
        409,
        mail.registerMailbox(acme.admin, "support+x@" + domain).status(),
        "a +tag form is no way round");
    assertEquals(
        201, mail.registerMailbox(acme.admin, "support@acme-" + acme.tenant + ".example").status());
    assertEquals(
        201,
        mail.registerMailbox(f.admin, "billing@" + domain).status(),
        "the owner may add addresses");
  }

  /** A raw message as the inbound service parses it, attachments dropped. */
  private static ParsedMail parsed(String raw) throws Exception {
    return new MailParser()
        .parse(
            new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)),
            AttachmentSink.DISCARD);
  }

  /** Alice's message's mail-log line while a delivery holds its claim. */
  private MailLogEntry beingProcessed(
      String entryId, String messageId, String subject, Instant at, String rawKey) {
    return new MailLogEntry(
        entryId,
        messageId,
        alice(),
        List.of(mail.mailbox),
        subject,
        at,
        MailOutcome.RECEIVED,
        "being processed",
        null,
        rawKey,
        null);
  }

  @Test
  void aDeliveryThatOutlivedItsLeaseLeavesTheMessageLoggedAndCannotWriteASecondTicket()
      throws Exception {
    mail.addContact(f.globex, alice(), "Alice Example");
    String raw =
        MailKit.message(alice(), mail.mailbox, "Slow one", "slow@" + mail.globexDomain(), "slow\n");
    ParsedMail parsed = parsed(raw);
    String notification =
        mail.store(raw); // SES stored it once; the queue hands the same notification over again
    String rawKey = dev.portal.shared.email.SesNotifications.parse(notification).key();
    String hash = InboundMailService.dedupeKey(alice(), parsed.messageId(), parsed);
    String entryId = InboundMailService.logEntryId(hash, rawKey);
    MailStore store = mail.api.context.getBean(MailStore.class);
    // A processor claimed the message ten minutes ago and was killed (timeout, out of memory)
    // before deciding.
    Instant then = Instant.now().minus(Duration.ofMinutes(10));
    assertTrue(
        store.claimInbound(
            f.tenant,
            hash,
            "dead-token",
            then,
            then.plus(Duration.ofMinutes(5)),
            beingProcessed(entryId, parsed.messageId(), "Slow one", then, rawKey)));
    assertEquals(
        1,
        mail.mailLog("outcome", "received").items().size(),
        "in the log although its processor died");

    mail.inbound(
        MailKit.batch(notification)); // the queue's next delivery takes the expired claim over
    assertEquals(
        0,
        mail.mailLog("outcome", "received").items().size(),
        "the same entry now says what became of it");
    JsonNode entry = mail.onlyLogEntry();
    assertEquals("ticket", entry.get("outcome").getStringValue());
    assertEquals(entryId, entry.get("id").getStringValue());

    // The dead processor comes back to life and writes its ticket: the claim is no longer its, the
    // write is refused whole.
    TicketService tickets = mail.api.context.getBean(TicketService.class);
    assertThrows(
        TicketStore.ClaimLost.class,
        () ->
            tickets.createFromEmail(
                f.tenant,
                f.globex,
                new Person(alice(), null),
                "Slow one",
                "slow",
                List.of(),
                false,
                t -> List.of(new TicketStore.Also.InboundDone(hash, "dead-token", entryId))));
    assertEquals(1, f.list(f.agent).items().size(), "no second ticket");
  }

  /**
   * The SDK sends a transaction again when its answer is lost (a timeout, a dropped connection).
   * AWS makes the resend of a committed one a success by its ClientRequestToken; moto ignores the
   * token, so here the resend meets its own first attempt's writes. Before, that read as another
   * delivery's claim: the mail was logged a duplicate and left {@code received} with no ticket
   * (seen in {@code make bench}).
   */
  @Test
  void aClaimSentAgainByTheDeliveryThatHoldsItIsStillItsOwn() throws Exception {
    String raw =
        MailKit.message(alice(), mail.mailbox, "Resent", "resent@" + mail.globexDomain(), "x\n");
    ParsedMail parsed = parsed(raw);
    String hash = InboundMailService.dedupeKey(alice(), parsed.messageId(), parsed);
    MailStore store = mail.api.context.getBean(MailStore.class);
    Instant now = Instant.now();
    MailLogEntry received =
        beingProcessed(
            InboundMailService.logEntryId(hash, "raw/resent"),
            parsed.messageId(),
            "Resent",
            now,
            "raw/resent");
    Instant lease = now.plus(Duration.ofMinutes(5));
    assertTrue(store.claimInbound(f.tenant, hash, "live-token", now, lease, received));
    assertTrue(
        store.claimInbound(f.tenant, hash, "live-token", now, lease, received),
        "the same delivery's resend of its claim");
    assertFalse(
        store.claimInbound(f.tenant, hash, "other-token", now, lease, received),
        "another delivery, while the lease lives");

    // Its completion without a ticket (a rejection, a quarantine), sent again likewise.
    MailLogEntry rejected =
        new MailLogEntry(
            received.id(),
            parsed.messageId(),
            alice(),
            List.of(mail.mailbox),
            "Resent",
            now,
            MailOutcome.REJECTED,
            "unknown sender",
            null,
            "raw/resent",
            null);
    assertTrue(store.completeInbound(f.tenant, hash, "live-token", rejected));
    assertTrue(
        store.completeInbound(f.tenant, hash, "live-token", rejected),
        "the same delivery's resend of its completion");
    assertFalse(
        store.completeInbound(f.tenant, hash, "other-token", rejected),
        "a delivery that never held the claim");
  }

  @Test
  void aTicketWriteSentAgainByTheDeliveryThatCompletedItIsNotALostClaim() throws Exception {
    mail.addContact(f.globex, alice(), "Alice Example");
    String hash = "mid-resent-ticket";
    String entryId = InboundMailService.logEntryId(hash, "raw/resent-ticket");
    MailStore store = mail.api.context.getBean(MailStore.class);
    Instant now = Instant.now();
    assertTrue(
        store.claimInbound(
            f.tenant,
            hash,
            "live-token",
            now,
            now.plus(Duration.ofMinutes(5)),
            beingProcessed(
                entryId,
                "<resent-ticket@example.com>",
                "Resent ticket",
                now,
                "raw/resent-ticket")));
    TicketService tickets = mail.api.context.getBean(TicketService.class);
    TicketService.Applied first =
        tickets.createFromEmail(
            f.tenant,
            f.globex,
            new Person(alice(), null),
            "Resent ticket",
            "x",
            List.of(),
            false,
            t -> List.of(new TicketStore.Also.InboundDone(hash, "live-token", entryId)));

    // The same transaction again, as the SDK resends it: its ticket and its claim's completion
    // are already written, by this delivery.
    TicketStore store2 = mail.api.context.getBean(TicketStore.class);
    store2.create(
        first.ticket(),
        first.events(),
        Optional.empty(),
        List.of(new TicketStore.Also.InboundDone(hash, "live-token", entryId)));
    assertThrows(
        TicketStore.ClaimLost.class,
        () ->
            store2.create(
                first.ticket(),
                first.events(),
                Optional.empty(),
                List.of(new TicketStore.Also.InboundDone(hash, "other-token", entryId))),
        "a delivery that never held the claim");
    assertEquals(1, f.list(f.agent).items().size(), "one ticket");

    // A reply's change of the ticket, with its own claim, sent again likewise.
    String replyHash = "mid-resent-reply";
    String replyEntry = InboundMailService.logEntryId(replyHash, "raw/resent-reply");
    assertTrue(
        store.claimInbound(
            f.tenant,
            replyHash,
            "reply-token",
            now,
            now.plus(Duration.ofMinutes(5)),
            beingProcessed(
                replyEntry,
                "<resent-reply@example.com>",
                "Re: Resent ticket",
                now,
                "raw/resent-reply")));
    Ticket before = first.ticket();
    Ticket changed = before.toBuilder().version(before.version() + 1).updatedAt(now).build();
    List<TicketStore.Also> reply =
        List.of(new TicketStore.Also.InboundDone(replyHash, "reply-token", replyEntry));
    assertTrue(store2.update(changed, List.of(), before.version(), reply));
    assertTrue(
        store2.update(changed, List.of(), before.version(), reply),
        "the same delivery's resend of its reply");
    assertThrows(
        TicketStore.ClaimLost.class,
        () ->
            store2.update(
                changed,
                List.of(),
                before.version(),
                List.of(new TicketStore.Also.InboundDone(replyHash, "other-token", replyEntry))));
  }

  @Test
  void aDeliveryThatOutlivedItsLeaseCannotOverwriteTheOutcomeOfTheOneThatTookOver()
      throws Exception {
    // A quarantined mail writes no ticket: its log line and the claim's completion must still be
    // one conditional write.
    String raw =
        MailKit.message(alice(), mail.mailbox, "Quarantine me", "q1@" + mail.globexDomain(), "x\n");
    ParsedMail parsed = parsed(raw);
    String notification = mail.store(raw);
    String rawKey = dev.portal.shared.email.SesNotifications.parse(notification).key();
    String hash = InboundMailService.dedupeKey(alice(), parsed.messageId(), parsed);
    String entryId = InboundMailService.logEntryId(hash, rawKey);
    MailStore store = mail.api.context.getBean(MailStore.class);
    Instant then = Instant.now().minus(Duration.ofMinutes(10));
    MailLogEntry received =
        beingProcessed(entryId, parsed.messageId(), "Quarantine me", then, rawKey);
    assertTrue(
        store.claimInbound(
            f.tenant, hash, "dead-token", then, then.plus(Duration.ofMinutes(5)), received));
    mail.inbound(MailKit.batch(notification)); // taken over: the mail is a ticket now
    assertEquals("ticket", mail.onlyLogEntry().get("outcome").getStringValue());

    // The dead processor wakes up and finishes with its own, different outcome.
    MailLogEntry stale =
        new MailLogEntry(
            entryId,
            parsed.messageId(),
            alice(),
            List.of(mail.mailbox),
            "Quarantine me",
            then,
            MailOutcome.REJECTED,
            "decided by a processor whose lease ran out",
            null,
            rawKey,
            null);
    assertFalse(store.completeInbound(f.tenant, hash, "dead-token", stale), "its claim is gone");
    assertEquals(
        "ticket",
        mail.onlyLogEntry().get("outcome").getStringValue(),
        "the outcome that counts stays");
  }

  @Test
  void aSenderTakenFromReplyToIsNeverAuthenticatedByTheFromDomainsVerdicts() {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(alice(), mail.mailbox, "Real", "real2@" + mail.globexDomain(), "real\n"));
    String real = mail.onlyLogEntry().get("ticketId").getStringValue();
    String number = f.get(f.agent, real).str("number");
    // DMARC passes for the attacker's own domain, but the From is no address, so the sender falls
    // back to Reply-To.
    mail.deliverJudged(
        MailKit.message(
            "\"a b\"@attacker.example",
            mail.mailbox,
            "Re: [" + number + "] Real",
            "rt1@attacker.example",
            "forged\n",
            "Reply-To: " + alice()),
        "PASS",
        "PASS",
        "PASS");
    assertEquals(
        List.of("created", "email_received"),
        types(f.events(f.agent, real)),
        "nothing threaded into Alice's ticket");
    JsonNode forged = mail.mailLog("outcome", "ticket").items().values().iterator().next();
    assertEquals(false, forged.get("senderVerified").getBooleanValue(), forged::toString);
    mail.drainOutbound();
    assertEquals(1, mail.sentTo(alice()).size(), "only the real mail was acknowledged");
  }

  /**
   * The stores' BatchGetItem ({@code Tables.batchGet}) asks 100 keys a request: the notification
   * choices of 150 people are two requests, and the choices at both ends come back.
   */
  @Test
  void notificationChoicesOfMoreThanAHundredPeopleComeBackWhole() {
    dev.portal.shared.store.DeskStore desk =
        mail.api.context.getBean(dev.portal.shared.store.DeskStore.class);
    List<String> people = new ArrayList<>();
    for (int i = 0; i < 150; i++) people.add("watcher" + i + "@" + mail.globexDomain());
    desk.setMuted(f.tenant, people.getFirst(), Set.of(), Set.of("ticket_commented"));
    desk.setMuted(f.tenant, people.getLast(), Set.of(), Set.of("ticket_resolved"));

    DynamoRequests.start();
    var muted = desk.mutedKinds(f.tenant, people);
    assertEquals(List.of(100, 50), DynamoRequests.batchKeys(), "keys per request");
    assertEquals(List.of("BatchGetItem", "BatchGetItem"), DynamoRequests.stop());
    assertEquals(150, muted.size());
    assertEquals(Set.of("ticket_commented"), muted.get(people.getFirst()));
    assertEquals(Set.of("ticket_resolved"), muted.get(people.getLast()));
    assertEquals(Set.of(), muted.get(people.get(75)));
  }

  @Test
  void senderFactsReadInOneRequestWhatTheFourSingleReadsReturn() {
    MailStore store = mail.api.context.getBean(MailStore.class);
    DirectoryStore directory = mail.api.context.getBean(DirectoryStore.class);
    mail.addContact(f.globex, alice(), "Alice Example");
    String remembered = "facts@" + mail.globexDomain();
    store.rememberMessage(f.tenant, remembered, 42);
    String stranger = "nobody@" + mail.globexDomain();
    // A contact, a staff member, a mailbox and a stranger; a remembered, an unknown and no
    // Message-ID.
    for (String from : List.of(alice(), f.agent.email(), mail.mailbox, stranger)) {
      for (String messageId : java.util.Arrays.asList(remembered, "unknown@x.example", null)) {
        DynamoRequests.start();
        MailStore.SenderFacts facts = store.senderFacts(f.tenant, from, messageId);
        assertEquals(List.of("BatchGetItem"), DynamoRequests.stop(), "one request");
        MailStore.SenderFacts single =
            new MailStore.SenderFacts(
                messageId == null ? Optional.empty() : store.ticketOfMessage(f.tenant, messageId),
                store.mailbox(from),
                directory.staff(f.tenant, from),
                directory.contact(f.tenant, from));
        assertEquals(single, facts, from + ", " + messageId);
      }
    }
    // Every field was found above at least once, so the comparisons compared something.
    assertEquals(
        Optional.of(42L), store.senderFacts(f.tenant, stranger, remembered).messageTicket());
    assertEquals(
        "Alice Example", store.senderFacts(f.tenant, alice(), null).contact().orElseThrow().name());
    assertEquals(
        f.agent.email(),
        store.senderFacts(f.tenant, f.agent.email(), null).staff().orElseThrow().email());
    assertEquals(
        f.tenant,
        store.senderFacts(f.tenant, mail.mailbox, null).fromMailbox().orElseThrow().tenantId());

    DynamoRequests.start();
    assertEquals(MailStore.SenderFacts.NONE, store.senderFacts(f.tenant, null, null));
    assertEquals(List.of(), DynamoRequests.stop(), "nothing to read, no request");
    assertEquals(
        new MailStore.SenderFacts(
            Optional.of(42L), Optional.empty(), Optional.empty(), Optional.empty()),
        store.senderFacts(f.tenant, null, remembered));
  }

  /**
   * The notifier has no cursor secret (template.yaml gives it to the functions that page), and its
   * sender is the tenant's first mailbox when the ticket has no thread: a read of one item that
   * must not seal a cursor, which DynamoDB's LastEvaluatedKey after a Limit of 1 would ask for
   * (DynamoDB returns one whenever the Limit is reached, so in AWS a mail failed and was
   * dead-lettered for every ticket without a thread; moto is seen returning one with two
   * mailboxes).
   */
  @Test
  void theFirstMailboxIsReadWithoutTheCursorSecret() {
    MailStore store = mail.api.context.getBean(MailStore.class);
    MailStore noSecret =
        new dev.portal.shared.store.DynamoMailStore(
            mail.api.context.getBean(software.amazon.awssdk.services.dynamodb.DynamoDbClient.class),
            Backend.TABLE,
            new dev.portal.shared.store.CursorCodec(
                () -> {
                  throw new IllegalStateException("no cursor secret in this function");
                }));
    String second = "zz-second@help-" + f.tenant + ".example";
    store.registerMailbox(
        new dev.portal.shared.domain.Mailbox(second, f.tenant, java.time.Instant.now()));
    assertEquals(
        List.of(mail.mailbox, second),
        store.mailboxes(f.tenant, 10, null).items().stream()
            .map(dev.portal.shared.domain.Mailbox::address)
            .toList());
    assertEquals(Optional.of(mail.mailbox), noSecret.firstMailbox(f.tenant).map(m -> m.address()));
  }

  /**
   * What a typical new ticket's mail costs in requests, in order: its envelope recipients routed,
   * the claim, the sender's facts, the acknowledgement's slot, the client with its contracts, the
   * number, the ticket's transaction and the Message-ID remembered. Each read is one request.
   */
  @Test
  void aKnownContactsMailOpensItsTicketInEightRequests() {
    mail.addContact(f.globex, alice(), "Alice Example");
    DynamoRequests.start();
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            "Printer on fire",
            "requests@" + mail.globexDomain(),
            "The printer is on fire.\n"));
    List<Integer> keys = DynamoRequests.batchKeys();
    assertEquals(
        List.of(
            "BatchGetItem",
            "TransactWriteItems",
            "BatchGetItem",
            "UpdateItem",
            "BatchGetItem",
            "UpdateItem",
            "TransactWriteItems",
            "PutItem"),
        DynamoRequests.stop());
    assertEquals(
        List.of(1, 4, 2),
        keys,
        "the recipient's mailbox; Message-ID, mailbox, staff, contact; client, contracts");
    assertEquals("ticket", mail.onlyLogEntry().get("outcome").getStringValue());
  }

  /**
   * A mail's new ticket reads its client and the client's contracts in one BatchGetItem, told apart
   * by their sort keys: the client's account manager owns the ticket and the contract that runs
   * today governs it, as for a ticket opened in the portal.
   */
  @Test
  void aMailsTicketIsOwnedByTheAccountManagerUnderTheRunningContract() {
    mail.addContact(f.globex, alice(), "Alice Example");
    String contract = f.contract(f.globex, 600);
    Backend.Res managed =
        Req.from("tenant-admin-patch-client.json")
            .as(f.admin)
            .path("/v1/clients/" + f.globex)
            .body("{\"accountManagerId\":\"" + f.agent.email() + "\"}")
            .send(f.api.tenantAdmin);
    assertEquals(200, managed.status(), managed::describe);
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            "Printer on fire",
            "terms@" + mail.globexDomain(),
            "The printer is on fire.\n"));
    JsonNode entry = mail.onlyLogEntry();
    assertEquals("ticket", entry.get("outcome").getStringValue());
    Backend.Res ticket = f.get(f.agent, entry.get("ticketId").getStringValue());
    assertEquals(contract, ticket.str("contractId"), ticket::describe);
    assertEquals(f.agent.email(), ticket.str("assigneeId"), ticket::describe);
  }

  /**
   * Envelope recipients are routed by one read of all their mailboxes; two spellings of one address
   * are one key (DynamoDB, and moto, refuse a key twice in a BatchGetItem) and one tenant's ticket.
   */
  @Test
  void recipientsAreRoutedByOneReadThatAsksEachAddressOnce() {
    mail.addContact(f.globex, alice(), "Alice Example");
    byte[] raw =
        MailKit.message(
                "Alice <" + alice() + ">",
                mail.mailbox,
                "Printer on fire",
                "routed@" + mail.globexDomain(),
                "The printer is on fire.\n")
            .getBytes(StandardCharsets.UTF_8);
    List<String> recipients =
        List.of(
            mail.mailbox,
            mail.mailbox.toUpperCase(java.util.Locale.ROOT),
            "nobody-" + UUID.randomUUID() + "@demo.example");
    SQSEvent batch = MailKit.batch(mail.store(raw, recipients, "PASS", "PASS"));

    DynamoRequests.start();
    SQSBatchResponse r = mail.inbound(batch);
    List<Integer> keys = DynamoRequests.batchKeys();
    List<String> requests = DynamoRequests.stop();

    assertEquals(List.of(), r.getBatchItemFailures(), "no batch item failures");
    assertEquals("BatchGetItem", requests.getFirst());
    assertEquals(2, keys.getFirst(), "the mailbox and the stranger's address, each once");
    assertEquals("ticket", mail.onlyLogEntry().get("outcome").getStringValue());
  }
}
