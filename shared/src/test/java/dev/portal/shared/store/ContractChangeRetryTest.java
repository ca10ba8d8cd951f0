package dev.portal.shared.store;

import static dev.portal.shared.store.ScriptedDynamoDb.cancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.error.PortalException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * What {@code PATCH /v1/contracts/{id}} makes of a cancelled transaction: time entries update the
 * contract item too, so a conflict with one is sent again, and only a failed condition on the
 * client's pointer (action 1) is the 409 it describes.
 */
class ContractChangeRetryTest {
  private static final String NONE = "None";
  private static final String CONFLICT = Tables.TRANSACTION_CONFLICT;
  private static final String FAILED = Tables.CONDITION_FAILED;

  private static final Contract CONTRACT =
      new Contract(
          "acme",
          "ct_1",
          "cli_1",
          "Support",
          LocalDate.of(2026, 1, 1),
          null,
          new SlaTerms(60, 480, SlaCalendar.ALWAYS, Map.of(), null),
          600,
          new Money(5000, "EUR"),
          Instant.parse("2026-01-01T00:00:00Z"));

  private static DynamoContractStore store(ScriptedDynamoDb db) {
    return new DynamoContractStore(db, "portal", null, ZoneId.of("UTC"));
  }

  @Test
  void endingAContractWhileAnEntryIsLoggedOnItIsSentAgainNotRefused() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().cancel(cancelled(CONFLICT, NONE));
    store(db).end(CONTRACT, LocalDate.of(2026, 12, 31));
    assertEquals(2, db.transactions.size(), "the conflict, then the change");
    assertEquals(db.transactions.get(0), db.transactions.get(1), "the same change, once more");
  }

  @Test
  void newTermsMeetingAConflictOnThePointerAreSentAgainToo() {
    ScriptedDynamoDb db =
        new ScriptedDynamoDb().cancel(cancelled(NONE, CONFLICT), cancelled(CONFLICT, CONFLICT));
    store(db).change(CONTRACT, null, CONTRACT.sla());
    assertEquals(3, db.transactions.size());
  }

  @Test
  void endingAContractThatIsNotTheLatestIsAConflictWithItsReason() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().cancel(cancelled(NONE, FAILED));
    PortalException.Conflict e =
        assertThrows(
            PortalException.Conflict.class,
            () -> store(db).end(CONTRACT, LocalDate.of(2026, 12, 31)));
    assertEquals("only the client's latest contract can be ended", e.getMessage());
    assertEquals(1, db.transactions.size(), "a failed condition is not tried again");
  }

  @Test
  void theLatestContractCheckDecidesEvenBesideAConflict() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().cancel(cancelled(CONFLICT, FAILED));
    assertThrows(
        PortalException.Conflict.class, () -> store(db).end(CONTRACT, LocalDate.of(2026, 12, 31)));
    assertEquals(1, db.transactions.size());
  }

  @Test
  void aContractItemThatIsGoneIsNotFound() {
    ScriptedDynamoDb db = new ScriptedDynamoDb().cancel(cancelled(FAILED, NONE));
    assertThrows(
        PortalException.NotFound.class, () -> store(db).end(CONTRACT, LocalDate.of(2026, 12, 31)));
  }

  @Test
  void aCancellationForAnotherReasonIsNotTurnedIntoA409() {
    TransactionCanceledException other = cancelled("ValidationError", NONE);
    ScriptedDynamoDb db = new ScriptedDynamoDb().cancel(other);
    TransactionCanceledException thrown =
        assertThrows(
            TransactionCanceledException.class,
            () -> store(db).end(CONTRACT, LocalDate.of(2026, 12, 31)));
    assertSame(other, thrown);
  }

  @Test
  void conflictsWithoutEndAreA409AfterTheLedgersAttempts() {
    TransactionCanceledException[] conflicts =
        new TransactionCanceledException[DynamoContractStore.LEDGER_ATTEMPTS];
    java.util.Arrays.fill(conflicts, cancelled(CONFLICT, NONE));
    ScriptedDynamoDb db = new ScriptedDynamoDb().cancel(conflicts);
    PortalException.Conflict e =
        assertThrows(
            PortalException.Conflict.class,
            () -> store(db).end(CONTRACT, LocalDate.of(2026, 12, 31)));
    assertEquals("the contract changed at the same moment; try again", e.getMessage());
    assertEquals(DynamoContractStore.LEDGER_ATTEMPTS, db.transactions.size());
  }
}
