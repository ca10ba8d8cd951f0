package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.store.IdempotencyClaim;
import dev.portal.shared.store.IdempotencyStore;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A ticket's life through the real function entry points, driven by the events/ payloads. */
class TicketFlowIT {
  private final Fixtures f = new Fixtures();

  @Test
  void clientCreatesTicketAndFindsItByIdByNumberAndInTheirList() {
    Backend.Res created = f.createTicket(f.alice, "VPN drops");
    assertEquals(201, created.status(), created::describe);
    String id = created.str("id");
    String number = created.str("number");
    assertEquals("/v1/tickets/" + id, created.headers().get("location"));
    assertTrue(number.matches("[A-Z0-9]+-1"), number);
    assertEquals("new", created.str("status"));
    assertEquals("normal", created.str("priority"));
    assertEquals("portal", created.str("channel"));
    assertEquals(f.globex, created.str("clientId"));
    assertEquals(
        "alice@globex.example", created.json().get("requester").get("email").getStringValue());
    assertTrue(created.json().get("firstResponseAt").isNull());

    assertEquals(id, f.get(f.alice, id).str("id"));
    assertEquals(id, f.get(f.alice, number).str("id"));
    assertEquals(id, f.get(f.agent, number.toLowerCase()).str("id"));
    Backend.Res list = f.list(f.alice);
    assertEquals(200, list.status(), list::describe);
    assertEquals(1, list.items().size());
    assertEquals(id, list.items().values().iterator().next().get("id").getStringValue());

    Backend.Res timeline = f.events(f.alice, id);
    assertEquals(List.of("created"), types(timeline));
  }

  @Test
  void agentWorksATicketFromFirstResponseToRating() {
    String id = f.ticket(f.alice, "Printer offline");

    Backend.Res note =
        f.comment(f.agent, id, "{\"body\":\"checking the spooler\",\"public\":false}");
    assertEquals(201, note.status(), note::describe);
    assertTrue(
        f.get(f.agent, id).json().get("firstResponseAt").isNull(),
        "an internal note is no response");

    Backend.Res reply = f.comment(f.agent, id, "{\"body\":\"We are on it\"}");
    assertEquals(201, reply.status(), reply::describe);
    String firstResponse = f.get(f.agent, id).str("firstResponseAt");
    assertNotNull(firstResponse);
    f.comment(f.agent, id, "{\"body\":\"second reply\"}");
    assertEquals(
        firstResponse, f.get(f.agent, id).str("firstResponseAt"), "only the first reply sets it");

    assertEquals(409, f.rate(f.alice, id, "{\"score\":5}").status(), "not resolved yet");
    assertEquals("in_progress", f.patch(f.agent, id, "{\"status\":\"in_progress\"}").str("status"));
    Backend.Res resolved = f.patch(f.agent, id, "{\"status\":\"resolved\",\"priority\":\"high\"}");
    assertEquals(200, resolved.status(), resolved::describe);
    assertEquals("resolved", resolved.str("status"));
    assertEquals("high", resolved.str("priority"));
    assertNotNull(resolved.str("resolvedAt"));
    assertEquals(
        409,
        f.patch(f.agent, id, "{\"status\":\"waiting_for_client\"}").status(),
        "resolved may not wait");

    Backend.Res rated = f.rate(f.alice, id, "{\"score\":4,\"comment\":\"quick\"}");
    assertEquals(201, rated.status(), rated::describe);
    assertEquals(4, rated.json().get("rating").get("score").getNumberValue().intValue());
    assertEquals(409, f.rate(f.bob, id, "{\"score\":5}").status(), "a ticket is rated once");

    List<String> agentView = types(f.events(f.agent, id));
    assertEquals(
        List.of(
            "created",
            "comment",
            "comment",
            "comment",
            "status_changed",
            "status_changed",
            "priority_changed",
            "rated"),
        agentView);
    Backend.Res clientView = f.events(f.alice, id);
    assertEquals(
        List.of(
            "created",
            "comment",
            "comment",
            "status_changed",
            "status_changed",
            "priority_changed",
            "rated"),
        types(clientView),
        "clients never see internal notes");
    for (JsonNode e : clientView.items().values()) assertTrue(e.get("public").getBooleanValue());
  }

  @Test
  void clientReplyReopensAResolvedTicketAndClosedTicketsTakeNoComments() {
    String id = f.ticket(f.alice, "Mail quota");
    f.patch(f.agent, id, "{\"status\":\"resolved\"}");
    Backend.Res reply = f.comment(f.alice, id, "{\"body\":\"still full\"}");
    assertEquals(201, reply.status(), reply::describe);
    Backend.Res reopened = f.get(f.alice, id);
    assertEquals("in_progress", reopened.str("status"));
    assertNull(reopened.str("resolvedAt"));
    List<String> types = types(f.events(f.agent, id));
    assertEquals(List.of("created", "status_changed", "status_changed", "comment"), types);

    f.patch(f.agent, id, "{\"status\":\"resolved\"}");
    assertEquals(200, f.patch(f.agent, id, "{\"status\":\"closed\"}").status());
    assertEquals(409, f.comment(f.alice, id, "{\"body\":\"hello?\"}").status());
    assertEquals(
        409, f.patch(f.agent, id, "{\"status\":\"in_progress\"}").status(), "closed is final");
    assertEquals(
        400,
        f.comment(f.alice, id, "{\"body\":\"x\",\"public\":false}").status(),
        "clients write no notes");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sameIdempotencyKeyReplaysTheFirstResponseAndAnotherBodyIs422() {
    String body = "{\"subject\":\"Backup failed\",\"description\":\"nightly job\"}";
    Backend.Res first =
        Req.from("create-ticket.json")
            .as(f.alice)
            .header("idempotency-key", "key-1")
            .body(body)
            .send(f.api.createTicket);
    Backend.Res again =
        Req.from("create-ticket.json")
            .as(f.alice)
            .header("idempotency-key", "key-1")
            .body(body)
            .send(f.api.createTicket);
    assertEquals(201, first.status(), first::describe);
    assertEquals(201, again.status(), again::describe);
    assertEquals(first.raw(), again.raw());
    assertEquals("true", again.headers().get("idempotent-replayed"));
    assertFalse(first.headers().containsKey("idempotent-replayed"));
    // The record keeps the answer without the description (most of a ticket, and it never
    // changes), so it stays under 1 KB; the replay above read it back from the ticket.
    String scope =
        java.util.HexFormat.of()
            .formatHex(sha256((f.alice.sub() + "\u0000key-1").getBytes(StandardCharsets.UTF_8)));
    String kept =
        f.api
            .context
            .getBean(IdempotencyStore.class)
            .find(new IdempotencyClaim(f.alice.tenant(), scope, ""))
            .orElseThrow()
            .response()
            .body();
    assertTrue(kept.contains(",\"description\":null,"), kept);
    assertFalse(kept.contains("nightly job"), kept);
    assertEquals(1, f.list(f.alice).items().size());

    Backend.Res other =
        Req.from("create-ticket.json")
            .as(f.alice)
            .header("idempotency-key", "key-1")
            .body("{\"subject\":\"Something else\",\"description\":\"x\"}")
            .send(f.api.createTicket);
    assertEquals(422, other.status(), other::describe);
    Backend.Res otherCaller =
        Req.from("create-ticket.json")
            .as(f.carol)
            .header("idempotency-key", "key-1")
            .body(body)
            .send(f.api.createTicket);
    assertEquals(201, otherCaller.status(), "keys are per caller");
    assertNotEquals(first.str("id"), otherCaller.str("id"));

    String id = first.str("id");
    for (int i = 0; i < 2; i++) {
      Backend.Res c =
          Req.from("ticket-actions-comment.json")
              .as(f.alice)
              .header("idempotency-key", "c-1")
              .path("/v1/tickets/" + id + "/comments")
              .body("{\"body\":\"ping\"}")
              .send(f.api.ticketActions);
      assertEquals(201, c.status(), c::describe);
    }
    assertEquals(
        List.of("created", "comment"),
        types(f.events(f.alice, id)),
        "a replayed comment is not added twice");
  }

  @Test
  void badRequestsGetProblemDetailsAndChangeNothing() {
    Backend.Res invalid =
        Req.from("create-ticket.json")
            .as(f.alice)
            .header("idempotency-key", null)
            .body("{\"subject\":\"\",\"priority\":\"asap\",\"colour\":\"red\"}")
            .send(f.api.createTicket);
    assertEquals(400, invalid.status());
    assertEquals("application/problem+json", invalid.headers().get("content-type"));
    List<String> fields = new ArrayList<>();
    for (JsonNode e : invalid.json().get("errors").values())
      fields.add(e.get("field").getStringValue());
    assertEquals(List.of("subject", "description", "priority", "colour"), fields);

    assertEquals(
        400,
        Req.from("create-ticket.json")
            .as(f.alice)
            .body("{not json")
            .send(f.api.createTicket)
            .status());
    assertEquals(
        415,
        Req.from("create-ticket.json")
            .as(f.alice)
            .header("content-type", "text/plain")
            .send(f.api.createTicket)
            .status());
    String huge = "{\"subject\":\"x\",\"description\":\"" + "a".repeat(300 * 1024) + "\"}";
    assertEquals(
        413,
        Req.from("create-ticket.json").as(f.alice).body(huge).send(f.api.createTicket).status());
    assertEquals(400, f.list(f.alice, "limit", "0").status());
    assertEquals(400, f.list(f.alice, "limit", "101").status());
    assertEquals(400, f.list(f.alice, "status", "open").status());
    assertEquals(
        404,
        Req.from("ticket-status-get.json")
            .as(f.alice)
            .path("/v1/nothing")
            .send(f.api.ticketStatus)
            .status());
    assertEquals(400, f.patch(f.agent, f.ticket(f.alice, "x"), "{}").status());
    assertEquals(1, f.list(f.agent).items().size(), "none of the bad requests created anything");
  }

  static List<String> types(Backend.Res timeline) {
    assertEquals(200, timeline.status(), timeline::describe);
    List<String> out = new ArrayList<>();
    for (JsonNode e : timeline.items().values()) out.add(e.get("type").getStringValue());
    return out;
  }
}
