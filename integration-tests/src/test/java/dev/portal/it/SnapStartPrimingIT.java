package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.fn.createticket.CreateTicketFunction;
import dev.portal.local.EmulatorTable;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.Json;
import dev.portal.shared.http.SnapStartPriming;
import dev.portal.shared.store.Keys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart's checkpoint hook: every function primes against the real table, priming writes
 * nothing, and priming that fails is logged and never fails the function.
 */
class SnapStartPrimingIT {
  @Test
  void everyFunctionPrimesWithReadsOnly() {
    Fixtures f = new Fixtures();
    f.ticket(f.alice, "before the snapshot");
    String before = f.list(f.agent).raw();
    Backend api = Backend.get();

    // Each function, and whether it has reads of its own to prime (a Query each, at least).
    Map<ApiFunction, Boolean> functions = new java.util.LinkedHashMap<>();
    functions.put(api.createTicket, false);
    functions.put(api.ticketStatus, true);
    functions.put(api.ticketActions, false);
    functions.put(api.tenantAdmin, true);
    functions.put(api.contracts, true);
    functions.put(api.billing, false);
    functions.put(api.invoices, true);
    for (Map.Entry<ApiFunction, Boolean> e : functions.entrySet()) {
      String name = e.getKey().getClass().getSimpleName();
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream original = System.out;
      List<String> requests;
      List<String> others;
      DynamoRequests.start();
      try {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        e.getKey().beforeCheckpoint(null);
      } finally {
        others = DynamoRequests.others();
        requests = DynamoRequests.stop();
        System.setOut(original);
      }
      String log = captured.toString(StandardCharsets.UTF_8);
      assertTrue(
          Set.of("GetItem", "Query", "BatchGetItem").containsAll(requests),
          name + " primes with reads only: " + new TreeSet<>(requests));
      assertEquals(List.of(), others, name + " primes with DynamoDB only");
      assertEquals(e.getValue(), requests.contains("Query"), name + "'s own reads: " + requests);
      assertFalse(log.contains("priming read failed"), name + ": " + log);
      assertFalse(log.contains("priming step failed"), name + ": " + log);
      assertFalse(log.contains("\"msg\":\"request\""), "request lines are dropped: " + log);
      assertEquals(
          1,
          log.lines().filter(l -> l.contains("\"msg\":\"SnapStart priming\",\"rounds\":3")).count(),
          name + ": " + log);
    }

    try (var db = EmulatorTable.client()) {
      var primed =
          db.getItem(
              r ->
                  r.tableName(Backend.TABLE)
                      .consistentRead(true)
                      .key(
                          Map.of(
                              Keys.PK,
                              AttributeValue.fromS(Keys.primingPk()),
                              Keys.SK,
                              AttributeValue.fromS(Keys.PRIMING_SK))));
      assertFalse(primed.hasItem(), "priming must not write the key it reads");
    }
    assertEquals(before, f.list(f.agent).raw(), "priming must not change what the tenant sees");
    Backend.Res next = f.createTicket(f.alice, "after the snapshot");
    assertEquals(201, next.status(), next::describe);
    assertTrue(
        next.str("number").endsWith("-2"), "priming must not draw a ticket number: " + next.raw());
  }

  /**
   * In AWS an exception out of the checkpoint hook fails the version being published and the
   * deployment with it; on a first deploy the role's rights may not have reached DynamoDB yet. Here
   * the read fails for real: moto answers ResourceNotFoundException for a table that does not
   * exist.
   */
  @Test
  void primingWhoseReadFailsIsLoggedAndTheFunctionStillAnswers() {
    Fixtures f = new Fixtures();
    Backend api = Backend.get();
    CreateTicketFunction fresh = new CreateTicketFunction(api.context);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (var db = EmulatorTable.client()) {
      fresh.setPriming(
          new SnapStartPriming(
              db, "no-such-table-" + UUID.randomUUID(), api.context.getBean(Json.class)));
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      fresh.beforeCheckpoint(null);
    } finally {
      System.setOut(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(
        log.contains("\"msg\":\"SnapStart priming step failed; the snapshot is taken without it\"")
            && log.contains("\"step\":\"table read\"")
            && log.contains("ResourceNotFoundException"),
        log);
    assertFalse(log.contains("\"step\":\"request path\""), "the other steps still ran: " + log);

    Backend.Res created =
        Req.from("create-ticket.json")
            .as(f.alice)
            .header("idempotency-key", null)
            .body("{\"subject\":\"after a failed priming\",\"description\":\"still answers\"}")
            .send(fresh);
    assertEquals(201, created.status(), created::describe);
  }
}
