package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.StreamPoller;
import dev.portal.shared.report.FiguresRebuild;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.PendingEvents;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How a ticket change is written (issue 14, docs/data-model.md "Concurrency"): with nothing else to
 * write atomically, the ticket (listing the change's events) and then each event in plain writes,
 * and a process killed between them loses no event and no mail, because the projections function
 * writes what the ticket's stream record lists and the table lacks, once.
 */
class TicketChangeWritesIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);
  private final DynamoDbClient db = f.api.context.getBean(DynamoDbClient.class);

  private String alice() {
    return "alice@" + mail.globexDomain();
  }

  /** A ticket opened by Alice's mail, so its changes owe her mail. */
  private String mailTicket(String subject) {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            subject,
            subject.replace(' ', '-') + "@" + mail.globexDomain(),
            "Help\n"));
    return mail.onlyLogEntry().get("ticketId").getStringValue();
  }

  private static long seq(String ticketId) {
    return Long.parseLong(ticketId.split("-")[1]);
  }

  private Map<String, AttributeValue> item(String ticketId, String sk) {
    return db.getItem(
            r ->
                r.tableName(Backend.TABLE)
                    .consistentRead(true)
                    .key(
                        Map.of(
                            Keys.PK,
                            AttributeValue.fromS(Keys.ticketPk(f.tenant, seq(ticketId))),
                            Keys.SK,
                            AttributeValue.fromS(sk))))
        .item();
  }

  private Map<String, AttributeValue> ticketItem(String ticketId) {
    return item(ticketId, Keys.ticketSk());
  }

  private List<JsonNode> ofType(String ticketId, String type) {
    Backend.Res timeline = f.events(f.agent, ticketId);
    assertEquals(200, timeline.status(), timeline::describe);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : timeline.items().values())
      if (type.equals(e.get("type").getStringValue())) out.add(e);
    return out;
  }

  private List<String> requestsOf(Runnable change) {
    DynamoRequests.start();
    try {
      change.run();
    } catch (RuntimeException | AssertionError e) {
      DynamoRequests.stop();
      throw e;
    }
    return DynamoRequests.stop();
  }

  @Test
  void aStatusChangeIsTwoPlainWritesWithItsEventListedOnTheTicket() {
    String id = f.ticket(f.alice, "Printer");
    List<String> requests =
        requestsOf(
            () -> assertEquals(200, f.patch(f.agent, id, "{\"status\":\"in_progress\"}").status()));

    assertFalse(requests.contains("TransactWriteItems"), requests::toString);
    assertEquals(
        List.of("PutItem", "PutItem"),
        requests.stream().filter(o -> !o.startsWith("Get")).toList(),
        "the ticket, then its event");
    Map<String, AttributeValue> ticket = ticketItem(id);
    List<AttributeValue> pending = ticket.get("pendingEvents").l();
    assertEquals(1, pending.size());
    assertEquals("status_changed", pending.getFirst().m().get("eventType").s());
    assertEquals(ticket.get("version").n(), pending.getFirst().m().get("seq").n());
    assertEquals(1, ofType(id, "status_changed").size());
  }

  @Test
  void aCommentTooLongToRideInTheTicketsLastKilobyteKeepsTheTransaction() {
    String id = f.ticket(f.alice, "Printer");
    assertEquals(200, f.patch(f.agent, id, "{\"status\":\"in_progress\"}").status());
    String body = "x".repeat(1500);
    List<String> requests =
        requestsOf(
            () ->
                assertEquals(201, f.comment(f.agent, id, "{\"body\":\"" + body + "\"}").status()));

    assertTrue(requests.contains("TransactWriteItems"), requests::toString);
    assertFalse(requests.contains("PutItem"), requests::toString);
    assertNull(
        ticketItem(id).get("pendingEvents"), "the transaction's Put drops the older change's list");
    assertEquals(1, ofType(id, "comment").size());

    List<String> shortOne =
        requestsOf(
            () -> assertEquals(201, f.comment(f.agent, id, "{\"body\":\"short\"}").status()));
    assertFalse(shortOne.contains("TransactWriteItems"), shortOne::toString);
    assertEquals(2, ofType(id, "comment").size());
  }

  @Test
  void aChangeKilledBetweenTheTicketAndItsEventGetsTheEventAndItsMailOnceFromTheStream() {
    String id = mailTicket("Killed mid change");
    mail.drainOutbound();
    int mailsBefore = mail.sentTo(alice()).size();
    assertEquals(1, mailsBefore, "the acknowledgement");

    CrashAfterWrite.arm("#TICKET#" + seq(id));
    Backend.Res killed = f.patch(f.agent, id, "{\"status\":\"resolved\"}");
    assertTrue(CrashAfterWrite.fired(), "no write of the ticket");
    assertEquals(500, killed.status(), killed::describe);
    assertEquals("resolved", f.get(f.agent, id).str("status"), "the ticket's write happened");
    assertEquals(0, ofType(id, "status_changed").size(), "its event's did not");
    mail.drainOutbound();
    assertEquals(mailsBefore, mail.sentTo(alice()).size(), "no event, no mail yet");

    f.api.figures().drain();
    List<JsonNode> changed = ofType(id, "status_changed");
    assertEquals(1, changed.size(), "written by the repair");
    assertEquals("resolved", changed.getFirst().get("data").get("to").getStringValue());
    mail.drainOutbound();
    assertEquals(mailsBefore + 1, mail.sentTo(alice()).size(), "the resolved mail, once");

    // Lambda retries a batch whole: the same records from the stream's start, through the real
    // function, write nothing more.
    new StreamPoller(
            db,
            LocalMain.streamsClient(),
            Backend.TABLE,
            null,
            (event, reader) -> f.api.projections.handle(event, new LocalLambdaContext(reader)))
        .drain();
    assertEquals(1, ofType(id, "status_changed").size());
    mail.drainOutbound();
    assertEquals(mailsBefore + 1, mail.sentTo(alice()).size());
  }

  /**
   * The stream's repair can run while the request is still between its two writes (Lambda reads the
   * ticket's record within a second, and a request can stall that long): both put the same event on
   * the same condition, so the second finds it there, and the event and its mail exist once, the
   * request answering as usual.
   */
  @Test
  void theRepairAndTheRequestRacingForTheSameEventWriteItOnce() {
    String id = mailTicket("Raced change");
    mail.drainOutbound();
    int mailsBefore = mail.sentTo(alice()).size();
    int[] repaired = new int[1];
    CrashAfterWrite.pauseAfter(
        "#TICKET#" + seq(id),
        () -> {
          // The projections function reads the ticket's record before the request goes on.
          Thread t = new Thread(() -> repaired[0] = f.api.figures().drain());
          t.start();
          try {
            t.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          assertEquals(1, ofType(id, "status_changed").size(), "the repair wrote it first");
        });

    Backend.Res changed = f.patch(f.agent, id, "{\"status\":\"resolved\"}");

    assertTrue(CrashAfterWrite.fired(), "no write of the ticket");
    assertTrue(repaired[0] > 0, "the consumer read the ticket's record");
    assertEquals(200, changed.status(), changed::describe);
    assertEquals(1, ofType(id, "status_changed").size(), "one event");
    mail.drainOutbound();
    assertEquals(mailsBefore + 1, mail.sentTo(alice()).size(), "the resolved mail, once");
  }

  /**
   * The figures rebuild runs with the projections consumer paused, so a change killed between its
   * writes has nobody to repair it: the rebuild writes the listed event before it reads the
   * ticket's timeline, and counts the resolution.
   */
  @Test
  void theFiguresRebuildWritesAnEventAKilledChangeLeftListedAndCountsIt() {
    String id = f.ticket(f.alice, "Killed before a rebuild");
    CrashAfterWrite.arm("#TICKET#" + seq(id));
    assertEquals(500, f.patch(f.agent, id, "{\"status\":\"resolved\"}").status());
    assertTrue(CrashAfterWrite.fired(), "no write of the ticket");
    assertEquals(0, ofType(id, "status_changed").size(), "its event was not written");

    FiguresRebuild.Result result = f.rebuildFigures();

    assertEquals(1, ofType(id, "status_changed").size(), "written by the rebuild: " + result);
    assertEquals(1, f.supportTotal(f.agent).get("resolved").getLongValue());
  }

  @Test
  void theRepairWritesOnlyTheEventsOfTheRecordsOwnChange() {
    String id = f.ticket(f.alice, "Printer");
    assertEquals(200, f.patch(f.agent, id, "{\"status\":\"in_progress\"}").status());
    Map<String, AttributeValue> ticket = ticketItem(id);
    long version = Long.parseLong(ticket.get("version").n());
    String eventSk = Keys.eventSk(version);
    db.deleteItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(Map.of(Keys.PK, ticket.get(Keys.PK), Keys.SK, s(eventSk))));
    PendingEvents repair = f.api.context.getBean(PendingEvents.class);

    Map<String, AttributeValue> sameVersion = new HashMap<>(ticket);
    assertEquals(
        0,
        repair.repair("MODIFY", sameVersion, ticket),
        "a record whose old image is at the same version lists an older change's events");
    assertTrue(item(id, eventSk) == null || item(id, eventSk).isEmpty());

    Map<String, AttributeValue> before = new HashMap<>(ticket);
    before.put("version", AttributeValue.fromN(Long.toString(version - 1)));
    before.remove("pendingEvents");
    assertEquals(1, repair.repair("MODIFY", before, ticket));
    assertEquals(1, ofType(id, "status_changed").size());
    assertEquals(0, repair.repair("MODIFY", before, ticket), "there now: nothing written");
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }
}
