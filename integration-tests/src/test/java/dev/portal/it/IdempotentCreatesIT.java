package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every creating route that takes an {@code Idempotency-Key}, with the process killed right after
 * its write reached DynamoDB ({@link CrashAfterWrite}): the client's retry with the same key must
 * find either the completed record (and get the stored answer) or nothing written at all, never
 * create the thing a second time. A third request with the same key and another body is still a
 * 422.
 */
class IdempotentCreatesIT {
  private final Fixtures f = new Fixtures();

  /**
   * Sends {@code send(key, body)} with the crash armed on writes of {@code pkFragment}, then
   * retries it, and returns the retry's answer after checking that another body under the same key
   * is refused.
   */
  private Backend.Res crashThenRetry(
      String pkFragment,
      String key,
      String body,
      String otherBody,
      Sender send,
      int expectedStatus) {
    CrashAfterWrite.arm(pkFragment);
    Backend.Res crashed = send.send(key, body);
    assertTrue(
        CrashAfterWrite.fired(), "the simulated crash did not happen: no write of " + pkFragment);
    assertEquals(500, crashed.status(), crashed::describe);

    Backend.Res retry = send.send(key, body);
    assertEquals(expectedStatus, retry.status(), retry::describe);
    Backend.Res again = send.send(key, body);
    assertEquals(retry.status(), again.status(), again::describe);
    assertEquals(retry.raw(), again.raw(), "every replay answers the same");
    assertEquals("true", again.headers().get("idempotent-replayed"));

    Backend.Res other = send.send(key, otherBody);
    assertEquals(422, other.status(), other::describe);
    return retry;
  }

  interface Sender {
    Backend.Res send(String key, String body);
  }

  @Test
  void aCommentWhoseProcessDiedAfterItsWriteIsNotAddedAgainOnRetry() {
    String id = f.ticket(f.alice, "Printer");
    Backend.Res retry =
        crashThenRetry(
            "#TICKET#",
            "comment-1",
            "{\"body\":\"still broken\"}",
            "{\"body\":\"other\"}",
            (key, body) ->
                Req.from("ticket-actions-comment.json")
                    .as(f.alice)
                    .header("idempotency-key", key)
                    .path("/v1/tickets/" + id + "/comments")
                    .body(body)
                    .send(f.api.ticketActions),
            201);

    List<JsonNode> comments = ofType(f.events(f.alice, id), "comment");
    assertEquals(1, comments.size(), "exactly one comment");
    assertEquals(comments.getFirst().get("id").getStringValue(), retry.str("id"));
    assertEquals("still broken", retry.json().get("data").get("body").getStringValue());
  }

  @Test
  void aRatingWhoseProcessDiedAfterItsWriteIsReplayedNotRefused() {
    String id = f.ticket(f.alice, "Mouse");
    assertEquals(200, f.patch(f.agent, id, "{\"status\":\"resolved\"}").status());
    Backend.Res retry =
        crashThenRetry(
            "#TICKET#",
            "rating-1",
            "{\"score\":4}",
            "{\"score\":1}",
            (key, body) ->
                Req.from("ticket-actions-rating.json")
                    .as(f.alice)
                    .header("idempotency-key", key)
                    .path("/v1/tickets/" + id + "/rating")
                    .body(body)
                    .send(f.api.ticketActions),
            201);

    assertEquals(1, ofType(f.events(f.alice, id), "rated").size(), "rated once");
    assertEquals(4, retry.json().get("rating").get("score").getNumberValue().intValue());
    assertEquals(f.get(f.alice, id).raw(), retry.raw(), "the replay is the ticket as rated");
  }

  @Test
  void aTimeEntryWhoseProcessDiedAfterItsWriteIsLoggedOnce() {
    f.contract(f.globex, 600);
    String id = f.ticket(f.alice, "Server");
    Backend.Res retry =
        crashThenRetry(
            "#TICKET#",
            "time-1",
            "{\"minutes\":45,\"billable\":true}",
            "{\"minutes\":50,\"billable\":true}",
            (key, body) ->
                Req.from("billing-time-entry.json")
                    .as(f.agent)
                    .header("idempotency-key", key)
                    .path("/v1/tickets/" + id + "/time-entries")
                    .body(body)
                    .send(f.api.billing),
            201);

    List<JsonNode> logged = ofType(f.events(f.agent, id), "time_logged");
    assertEquals(1, logged.size(), "exactly one time entry");
    assertEquals(logged.getFirst().get("data").get("entryId").getStringValue(), retry.str("id"));
    Backend.Res contracts = f.contracts(f.agent, "clientId", f.globex);
    assertEquals(
        45,
        contracts.items().get(0).get("balance").get("usedMinutes").getNumberValue().intValue(),
        contracts::describe);
  }

  @Test
  void anInvoiceWhoseProcessDiedAfterItsWriteIsIssuedOnce() {
    String body = Fixtures.invoiceBody(f.globex, null, "2026-03-01", "2026-03-31");
    Backend.Res retry =
        crashThenRetry(
            "#INVOICE#",
            "invoice-1",
            body,
            Fixtures.invoiceBody(f.globex, null, "2026-03-01", "2026-04-30"),
            (key, b) ->
                Req.from("billing-create-invoice.json")
                    .as(f.agent)
                    .header("idempotency-key", key)
                    .body(b)
                    .send(f.api.billing),
            201);

    Backend.Res list = f.invoices(f.agent, "clientId", f.globex);
    assertEquals(1, list.items().size(), list::describe);
    assertEquals(list.items().get(0).get("id").getStringValue(), retry.str("id"));
    assertEquals(
        f.getInvoice(f.agent, retry.str("id")).raw(),
        retry.raw(),
        "the replay is the invoice as stored");
  }

  @Test
  void aDuplicateSentWhileTheFirstIsInFlightIsA409AndALaterOneReplaysTheFirstAnswer()
      throws Exception {
    String body = Fixtures.invoiceBody(f.globex, null, "2026-05-01", "2026-05-31");
    Sender send =
        (key, b) ->
            Req.from("billing-create-invoice.json")
                .as(f.agent)
                .header("idempotency-key", key)
                .body(b)
                .send(f.api.billing);
    Backend.Res[] duplicate = new Backend.Res[1];
    // Right after the first request's claim is written, and before it writes the invoice, the
    // duplicate arrives.
    CrashAfterWrite.pauseAfter(
        "#IDEMPOTENCY#",
        () -> {
          Thread t = new Thread(() -> duplicate[0] = send.send("invoice-2", body));
          t.start();
          try {
            t.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
    Backend.Res first = send.send("invoice-2", body);
    assertTrue(CrashAfterWrite.fired());
    assertEquals(201, first.status(), first::describe);
    assertEquals(409, duplicate[0].status(), duplicate[0]::describe);

    Backend.Res later = send.send("invoice-2", body);
    assertEquals(201, later.status(), later::describe);
    assertEquals(first.raw(), later.raw(), "the replay is the first answer");
    assertEquals(first.headers().get("location"), later.headers().get("location"));
    assertEquals(1, f.invoices(f.agent, "clientId", f.globex).items().size());
  }

  @Test
  void aContractWhoseProcessDiedAfterItsWriteIsCreatedOnce() {
    String body = Fixtures.contractBody(f.initech, "2026-01-01", null, 600, "24x7");
    Backend.Res retry =
        crashThenRetry(
            "#CONTRACT#",
            "contract-1",
            body,
            Fixtures.contractBody(f.initech, "2026-02-01", null, 600, "24x7"),
            (key, b) ->
                Req.from("contracts-create.json")
                    .as(f.admin)
                    .header("idempotency-key", key)
                    .body(b)
                    .send(f.api.contracts),
            201);

    Backend.Res list = f.contracts(f.admin, "clientId", f.initech);
    assertEquals(1, list.items().size(), list::describe);
    assertEquals(
        f.getContract(f.admin, retry.str("id")).raw(),
        retry.raw(),
        "the replay is the contract as stored");
  }

  @Test
  void aClientWhoseProcessDiedAfterItsWriteIsCreatedOnce() {
    String body = "{\"name\":\"Acme\",\"emailDomains\":[\"acme-" + f.tenant + ".example\"]}";
    Backend.Res retry =
        crashThenRetry(
            "#CLIENT#",
            "client-1",
            body,
            "{\"name\":\"Acme Ltd\"}",
            (key, b) ->
                Req.from("tenant-admin-create-client.json")
                    .as(f.admin)
                    .header("idempotency-key", key)
                    .body(b)
                    .send(f.api.tenantAdmin),
            201);

    Backend.Res clients =
        Req.from("tenant-admin-list-clients.json").as(f.admin).send(f.api.tenantAdmin);
    List<String> names = new ArrayList<>();
    for (JsonNode c : clients.items().values()) names.add(c.get("name").getStringValue());
    assertEquals(List.of("Acme", "Globex", "Initech"), names);
    assertEquals(
        f.api.json.write(
            Req.from("tenant-admin-list-clients.json")
                .as(f.admin)
                .path("/v1/clients/" + retry.str("id"))
                .send(f.api.tenantAdmin)
                .json()),
        f.api.json.write(retry.json()));
  }

  @Test
  void aContactWhoseProcessDiedAfterItsWriteIsCreatedOnce() {
    String body = "{\"email\":\"dave@globex.example\",\"name\":\"Dave\",\"role\":\"client\"}";
    Backend.Res retry =
        crashThenRetry(
            "#CONTACT#",
            "contact-1",
            body,
            "{\"email\":\"dave@globex.example\",\"name\":\"David\",\"role\":\"client\"}",
            (key, b) ->
                Req.from("tenant-admin-create-contact.json")
                    .as(f.admin)
                    .header("idempotency-key", key)
                    .path("/v1/clients/" + f.globex + "/contacts")
                    .body(b)
                    .send(f.api.tenantAdmin),
            201);

    Backend.Res contacts =
        Req.from("tenant-admin-list-clients.json")
            .as(f.admin)
            .path("/v1/clients/" + f.globex + "/contacts")
            .send(f.api.tenantAdmin);
    assertEquals(1, contacts.items().size(), contacts::describe);
    assertEquals("dave@globex.example", retry.str("email"));
  }

  @Test
  void aMailboxWhoseProcessDiedAfterItsWriteIsReplayedAsCreated() {
    String address = "help@" + f.tenant + ".example";
    Backend.Res retry =
        crashThenRetry(
            "MAILBOX#",
            "mailbox-1",
            "{\"address\":\"" + address + "\"}",
            "{\"address\":\"sales@" + f.tenant + ".example\"}",
            (key, b) ->
                Req.from("tenant-admin-create-mailbox.json")
                    .as(f.admin)
                    .header("idempotency-key", key)
                    .body(b)
                    .send(f.api.tenantAdmin),
            201);

    Backend.Res mailboxes =
        Req.from("tenant-admin-list-clients.json")
            .as(f.admin)
            .path("/v1/mailboxes")
            .send(f.api.tenantAdmin);
    assertEquals(1, mailboxes.items().size(), mailboxes::describe);
    assertEquals(address, retry.str("address"));

    // With a new key the address is the tenant's already: 200 and the mailbox as registered;
    // another tenant's is a 409.
    Backend.Res again =
        Req.from("tenant-admin-create-mailbox.json")
            .as(f.admin)
            .header("idempotency-key", "mailbox-2")
            .body("{\"address\":\"" + address + "\"}")
            .send(f.api.tenantAdmin);
    assertEquals(200, again.status(), again::describe);
    assertEquals(retry.raw(), again.raw());
    Who stranger = Who.admin(Backend.newTenant());
    Backend.Res taken =
        Req.from("tenant-admin-create-mailbox.json")
            .as(stranger)
            .header("idempotency-key", "mailbox-3")
            .body("{\"address\":\"" + address + "\"}")
            .send(f.api.tenantAdmin);
    assertEquals(409, taken.status(), taken::describe);
  }

  private static List<JsonNode> ofType(Backend.Res timeline, String type) {
    assertEquals(200, timeline.status(), timeline::describe);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : timeline.items().values())
      if (type.equals(e.get("type").getStringValue())) out.add(e);
    return out;
  }
}
