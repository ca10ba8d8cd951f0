package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.EmulatorTable;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.store.Keys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SnapStart's checkpoint hook: every function primes against the real table, and priming writes nothing. */
class SnapStartPrimingIT {
  @Test
  void everyFunctionPrimesWithReadsOnly() {
    Fixtures f = new Fixtures();
    f.ticket(f.alice, "before the snapshot");
    String before = f.list(f.agent).raw();
    Backend api = Backend.get();

    for (ApiFunction function : List.of(api.createTicket, api.ticketStatus, api.ticketActions, api.tenantAdmin)) {
      function.beforeCheckpoint(null);
    }

    try (var db = EmulatorTable.client()) {
      var primed = db.getItem(r -> r.tableName(Backend.TABLE).consistentRead(true).key(Map.of(
          Keys.PK, AttributeValue.fromS(Keys.primingPk()), Keys.SK, AttributeValue.fromS(Keys.PRIMING_SK))));
      assertFalse(primed.hasItem(), "priming must not write the key it reads");
    }
    assertEquals(before, f.list(f.agent).raw(), "priming must not change what the tenant sees");
    Backend.Res next = f.createTicket(f.alice, "after the snapshot");
    assertEquals(201, next.status(), next::describe);
    assertTrue(next.str("number").endsWith("-2"), "priming must not draw a ticket number: " + next.raw());
  }
}
