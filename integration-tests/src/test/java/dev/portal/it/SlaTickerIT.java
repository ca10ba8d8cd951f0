package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.sla.SlaSchedule;
import dev.portal.shared.sla.SlaTicker;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.SlaStore;
import io.micronaut.json.tree.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SLA warnings and breaches on the minute (issue 11): tickets under a 24x7 contract (reaction 60,
 * resolution 480 minutes), their points scheduled by the projections function from the table's
 * stream, and the ticker run on a pinned clock at chosen minutes. The events are read back through
 * the staff timeline (held against openapi.yaml).
 */
class SlaTickerIT {
  private final Fixtures f = new Fixtures();
  private final Backend api = Backend.get();
  private final SlaStore store = api.context.getBean(SlaStore.class);
  private final DynamoDbClient db = api.context.getBean(DynamoDbClient.class);

  @BeforeEach
  void aContract() {
    assertEquals(
        201,
        f.createContract(f.admin, Fixtures.contractBody(f.globex, "2020-01-01", null, 600, "24x7"))
            .status());
  }

  private SlaTicker.Result tickAt(Instant at) {
    return new SlaTicker(store, Clock.fixed(at, ZoneOffset.UTC), 10).tick();
  }

  private Instant due(String ticketId, String clock) {
    Backend.Res r = f.get(f.agent, ticketId);
    assertEquals(200, r.status(), r::describe);
    return Instant.parse(r.json().get("sla").get(clock + "DueAt").getStringValue());
  }

  /** The ticket's SLA events as {@code <type> <clock> <dueAt>}. */
  private List<String> slaEvents(String ticketId) {
    Backend.Res r =
        Req.from("ticket-status-events.json")
            .as(f.agent)
            .path("/v1/tickets/" + ticketId + "/events")
            .query("limit", "100")
            .send(api.ticketStatus);
    assertEquals(200, r.status(), r::describe);
    List<String> out = new ArrayList<>();
    for (JsonNode e : r.items().values()) {
      String type = e.get("type").getStringValue();
      if (type.startsWith("sla_")) {
        assertEquals(false, e.get("public").getBooleanValue(), "SLA events are internal");
        out.add(
            type
                + " "
                + e.get("data").get("clock").getStringValue()
                + " "
                + e.get("data").get("dueAt").getStringValue());
      }
    }
    return out;
  }

  private static String iso(Instant i) {
    return dev.portal.shared.domain.Times.iso(i);
  }

  private static long seq(String ticketId) {
    return Long.parseLong(ticketId.split("-")[1]);
  }

  /**
   * The stored items of the ticket's SLA events (their outbox maps), by a Query of its own
   * partition.
   */
  private List<Map<String, AttributeValue>> slaEventItems(String ticketId) {
    return db
        .query(
            r ->
                r.tableName(Backend.TABLE)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :e)")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(Keys.ticketPk(f.tenant, seq(ticketId))),
                            ":e",
                            AttributeValue.fromS("EVENT#"))))
        .items()
        .stream()
        .filter(i -> i.get("eventType").s().startsWith("sla_"))
        .toList();
  }

  @Test
  void aContractsWarningPercentMovesItsTicketsWarningPoint() {
    String body =
        Fixtures.contractBody(f.initech, "2020-01-01", null, 600, "24x7")
            .replace("\"calendar\":\"24x7\"", "\"calendar\":\"24x7\",\"warningPercent\":50");
    Backend.Res contract = f.createContract(f.admin, body);
    assertEquals(201, contract.status(), contract::describe);
    assertEquals(50, contract.json().get("sla").get("warningPercent").getNumberValue().intValue());
    for (String bad : List.of("0", "100", "\"half\"")) {
      Backend.Res refused =
          f.createContract(
              f.admin, body.replace("\"warningPercent\":50", "\"warningPercent\":" + bad));
      assertEquals(400, refused.status(), refused::describe);
      assertEquals(
          "sla.warningPercent",
          refused.json().get("errors").get(0).get("field").getStringValue(),
          refused::describe);
    }

    String id = f.ticket(f.ivan, "Half way");
    api.figures().drain();
    Instant reactionDue = due(id, "reaction");
    Instant halfWay = reactionDue.minus(Duration.ofMinutes(30)); // 50% of the 60-minute window
    assertTrue(
        store.due(SlaSchedule.minuteOf(SlaSchedule.ceilMinute(halfWay))).stream()
            .anyMatch(
                e ->
                    e.ticketSeq() == seq(id)
                        && e.point() == SlaSchedule.Point.WARNING
                        && e.clock() == SlaSchedule.ClockKind.REACTION
                        && e.fireAt().equals(halfWay)),
        "the warning is scheduled at half the window");
    tickAt(halfWay.plusSeconds(60));
    assertEquals(List.of("sla_warning reaction " + iso(reactionDue)), slaEvents(id));
  }

  @Test
  void aWarningThenABreachOnAPinnedClockToTheAssigneeAndTheAccountManager() {
    String id = f.ticket(f.alice, "Printer");
    // Branch desk writes these two; set directly here, as the brief says.
    db.updateItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(
                    Map.of(
                        "pk",
                        AttributeValue.fromS(Keys.ticketPk(f.tenant, seq(id))),
                        "sk",
                        AttributeValue.fromS(Keys.ticketSk())))
                .updateExpression("SET assigneeId = :a")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(f.agent.email()))));
    db.updateItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(
                    Map.of(
                        "pk",
                        AttributeValue.fromS(Keys.clientPk(f.tenant, f.globex)),
                        "sk",
                        AttributeValue.fromS(Keys.clientSk())))
                .updateExpression("SET accountManagerId = :m")
                .expressionAttributeValues(
                    Map.of(":m", AttributeValue.fromS("manager@" + f.tenant + ".example"))));
    api.figures().drain();
    Instant reaction = due(id, "reaction");
    Instant warning = reaction.minus(Duration.ofMinutes(12)); // 80% of 60 minutes

    tickAt(warning.minusSeconds(60));
    assertEquals(List.of(), slaEvents(id), "a minute before the warning point");
    tickAt(warning.plusSeconds(60));
    assertEquals(List.of("sla_warning reaction " + iso(reaction)), slaEvents(id));
    tickAt(reaction.plusSeconds(60));
    assertEquals(
        List.of("sla_warning reaction " + iso(reaction), "sla_breached reaction " + iso(reaction)),
        slaEvents(id));

    for (Map<String, AttributeValue> e : slaEventItems(id)) {
      Map<String, AttributeValue> outbox = e.get("outbox").m();
      List<String> to = outbox.get("to").l().stream().map(AttributeValue::s).toList();
      if (e.get("eventType").s().equals("sla_warning")) {
        assertEquals("sla_warning", outbox.get("kind").s());
        assertEquals(List.of(f.agent.email()), to, "the assignee");
      } else {
        assertEquals("sla_breached", outbox.get("kind").s());
        assertEquals(
            List.of(f.agent.email(), "manager@" + f.tenant + ".example"),
            to,
            "the assignee, then the account manager");
      }
    }
  }

  @Test
  void theSameMinuteDeliveredTwiceWritesOneBreach() {
    String id = f.ticket(f.alice, "VPN");
    api.figures().drain();
    Instant reaction = due(id, "reaction");
    Instant at = SlaSchedule.ceilMinute(reaction).plusSeconds(5);
    tickAt(at);
    SlaTicker.Result again = tickAt(at);
    assertTrue(
        again.duplicates() >= 1,
        "the second delivery read the minute again and found the point written: " + again);
    List<String> events = slaEvents(id);
    assertEquals(
        1,
        events.stream().filter(e -> e.equals("sla_breached reaction " + iso(reaction))).count(),
        events::toString);
    // No ticket without a schedule entry to be re-read: the breach has no mail (no assignee, no
    // group, no manager).
    assertTrue(
        slaEventItems(id).stream().noneMatch(e -> e.containsKey("outbox")),
        "nobody to tell, so no outbox");
  }

  @Test
  void aMetClockWritesNothing() {
    String id = f.ticket(f.alice, "Mail");
    assertEquals(201, f.comment(f.agent, id, "{\"body\":\"On it\"}").status());
    Instant resolution = due(id, "resolution");
    assertEquals(200, f.patch(f.agent, id, "{\"status\":\"resolved\"}").status());
    api.figures().drain();
    Instant reaction = due(id, "reaction");
    tickAt(reaction.plusSeconds(60));
    tickAt(resolution.plusSeconds(60));
    assertEquals(
        List.of(),
        slaEvents(id),
        "answered and resolved in time: neither clock warns nor breaches");
  }

  @Test
  void aMovedDueTimeNeverFiresTheOldSchedule() throws InterruptedException {
    String id = f.ticket(f.alice, "Laptop");
    assertEquals(201, f.comment(f.agent, id, "{\"body\":\"Which model?\"}").status());
    Instant oldDue = due(id, "resolution");
    assertEquals(200, f.patch(f.agent, id, "{\"status\":\"waiting_for_client\"}").status());
    Thread.sleep(
        1100); // the pause moves the due time by at least this, so the old and new due times differ
    api.figures().drain();
    // Paused at its due time: nothing fires for the resolution clock.
    tickAt(oldDue.plusSeconds(60));
    assertEquals(List.of(), slaEvents(id));

    assertEquals(
        201,
        f.comment(f.alice, id, "{\"body\":\"A T14\"}")
            .status()); // resumes the clock, due moves later
    api.figures().drain();
    Instant newDue = due(id, "resolution");
    assertTrue(newDue.isAfter(oldDue), newDue + " after " + oldDue);
    assertTrue(
        store.due(SlaSchedule.minuteOf(SlaSchedule.ceilMinute(oldDue))).stream()
            .anyMatch(e -> e.ticketSeq() == seq(id) && e.dueAt().equals(oldDue)),
        "the old point is still in its bucket");

    tickAt(oldDue.plusSeconds(60));
    tickAt(newDue.plusSeconds(60));
    List<String> events = slaEvents(id);
    assertTrue(
        events.stream().noneMatch(e -> e.endsWith(" " + iso(oldDue))),
        "the old due time never fires: " + events);
    assertEquals(
        1,
        events.stream().filter(e -> e.equals("sla_breached resolution " + iso(newDue))).count(),
        events::toString);
    assertNotEquals(iso(oldDue), iso(newDue));
  }

  @Test
  void aBreachMailsTheAssigneeAndTheAccountManagerOnceThroughTheOutbox() {
    MailKit mail = new MailKit(f); // the tenant's mailbox, the staff mails' sender
    String id = f.ticket(f.alice, "Scanner");
    String manager = "manager@" + f.tenant + ".example";
    db.updateItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(
                    Map.of(
                        "pk",
                        AttributeValue.fromS(Keys.ticketPk(f.tenant, seq(id))),
                        "sk",
                        AttributeValue.fromS(Keys.ticketSk())))
                .updateExpression("SET assigneeId = :a")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(f.agent.email()))));
    db.updateItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(
                    Map.of(
                        "pk",
                        AttributeValue.fromS(Keys.clientPk(f.tenant, f.globex)),
                        "sk",
                        AttributeValue.fromS(Keys.clientSk())))
                .updateExpression("SET accountManagerId = :m")
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromS(manager))));
    api.figures().drain();
    Instant reaction = due(id, "reaction");
    tickAt(reaction.plusSeconds(60));
    mail.drainOutbound();
    mail.drainOutbound(); // a second pass over the stream and the queue sends nothing again

    String number = f.get(f.agent, id).str("number");
    for (String to : List.of(f.agent.email(), manager)) {
      List<String> subjects = mail.sentTo(to).stream().map(LocalOutboxSubject::of).toList();
      assertEquals(List.of("[" + number + "] SLA breached: Scanner"), subjects, to);
    }
  }

  /** The subject of a mail local mode's SES stand-in recorded. */
  private static final class LocalOutboxSubject {
    static String of(dev.portal.local.LocalOutbox.SentMail m) {
      return m.subject();
    }
  }
}
