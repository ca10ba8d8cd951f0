package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Role;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.IdempotencyClaim;
import dev.portal.shared.store.IdempotencyCollision;
import dev.portal.shared.store.IdempotencyStore;
import dev.portal.shared.store.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The guard around a creating route: it claims the key for the route, leaves an answer the route
 * recorded in its own transaction alone, completes one that wrote nothing, and after a collision
 * answers with what the key holds.
 */
class IdempotencyGuardTest {
  private static final Caller AGENT =
      new Caller("acme", "sub-1", "agent@acme.example", "A", null, EnumSet.of(Role.AGENT));

  /** Holds records as the Dynamo store does: one per key, in flight under a holder or completed. */
  private static final class MemoryStore implements IdempotencyStore {
    record Row(String requestHash, String holder, StoredResponse response) {}

    final Map<String, Row> rows = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public Begin begin(IdempotencyClaim claim, Instant now) {
      calls.add("begin");
      Row row = rows.get(claim.scopeHash());
      if (row != null) return new Begin.Existing(row.requestHash(), row.response());
      rows.put(claim.scopeHash(), new Row(claim.requestHash(), claim.holder(), null));
      return new Begin.Acquired();
    }

    @Override
    public void complete(IdempotencyClaim claim, StoredResponse response, Instant now) {
      calls.add("complete");
      if (held(claim)) rows.put(claim.scopeHash(), new Row(claim.requestHash(), null, response));
    }

    @Override
    public void release(IdempotencyClaim claim) {
      calls.add("release");
      if (held(claim)) rows.remove(claim.scopeHash());
    }

    @Override
    public Optional<Begin.Existing> find(IdempotencyClaim claim) {
      Row row = rows.get(claim.scopeHash());
      return row == null
          ? Optional.empty()
          : Optional.of(new Begin.Existing(row.requestHash(), row.response()));
    }

    /** What the route's own transaction does with the completed record. */
    void completeInTransaction(IdempotencyClaim claim, StoredResponse response) {
      if (!held(claim)) throw new IdempotencyCollision();
      rows.put(claim.scopeHash(), new Row(claim.requestHash(), null, response));
    }

    private boolean held(IdempotencyClaim claim) {
      Row row = rows.get(claim.scopeHash());
      return row != null
          && row.response() == null
          && claim.holder() != null
          && claim.holder().equals(row.holder());
    }
  }

  private final MemoryStore store = new MemoryStore();
  private final IdempotencyGuard guard =
      new IdempotencyGuard(
          store, Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

  private IdempotencyClaim claim(String body) {
    return guard
        .claim(AGENT, "key-1", "POST", "/v1/invoices", body.getBytes(StandardCharsets.UTF_8))
        .orElseThrow();
  }

  private static ApiResponse created(String body) {
    return ApiResponse.json(201, body);
  }

  @Test
  void theRouteGetsAHeldClaimAndItsRecordedAnswerIsNotWrittenAgain() {
    IdempotencyClaim claim = claim("{}");
    ApiResponse answer =
        guard.guarded(
            claim,
            held -> {
              assertNotNull(held.holder(), "the route must be able to complete the claim it holds");
              store.completeInTransaction(held, IdempotencyGuard.stored(created("{\"id\":1}")));
              return created("{\"id\":1}").recordedInTransaction();
            });

    assertEquals(201, answer.status());
    assertEquals(List.of("begin"), store.calls, "no second write of the record, no release");
    ApiResponse replay =
        guard.guarded(
            claim,
            held -> {
              throw new AssertionError("ran twice");
            });
    assertEquals("{\"id\":1}", replay.body());
    assertEquals("true", replay.headers().get(IdempotencyGuard.REPLAYED));
  }

  @Test
  void anAnswerThatWroteNothingIsCompletedAfterwards() {
    IdempotencyClaim claim = claim("{}");
    guard.guarded(claim, held -> ApiResponse.json(200, "{\"existing\":true}"));

    assertEquals(List.of("begin", "complete"), store.calls);
    assertEquals(
        200,
        guard
            .guarded(
                claim,
                held -> {
                  throw new AssertionError("ran twice");
                })
            .status());
  }

  @Test
  void aCrashAfterTheRoutesTransactionLeavesTheRecordForTheRetry() {
    IdempotencyClaim claim = claim("{}");
    assertThrows(
        IllegalStateException.class,
        () ->
            guard.guarded(
                claim,
                held -> {
                  store.completeInTransaction(held, IdempotencyGuard.stored(created("{\"id\":1}")));
                  throw new IllegalStateException("the answer of the write was lost");
                }));

    assertEquals(
        List.of("begin", "release"),
        store.calls,
        "the release found the record completed and left it");
    ApiResponse retry =
        guard.guarded(
            claim,
            held -> {
              throw new AssertionError("ran twice");
            });
    assertEquals(201, retry.status());
    assertEquals("{\"id\":1}", retry.body());
  }

  @Test
  void aFailureBeforeAnyWriteReleasesTheKeyForTheRetry() {
    IdempotencyClaim claim = claim("{}");
    assertThrows(
        IllegalStateException.class,
        () ->
            guard.guarded(
                claim,
                held -> {
                  throw new IllegalStateException("throttled");
                }));
    assertNull(store.rows.get(claim.scopeHash()));
    assertEquals(
        201, guard.guarded(claim, held -> created("{\"id\":2}").recordedInTransaction()).status());
  }

  @Test
  void aRouteThatLostItsClaimAnswersWithWhatTheKeyHoldsAndADifferentBodyIsA422() {
    IdempotencyClaim claim = claim("{}");
    ApiResponse answer =
        guard.guarded(
            claim,
            held -> {
              // This request's lease ran out and another request with the same key took over and
              // finished.
              IdempotencyClaim other = claim.heldBy("other-holder");
              store.rows.put(
                  claim.scopeHash(),
                  new MemoryStore.Row(claim.requestHash(), "other-holder", null));
              store.completeInTransaction(
                  other, IdempotencyGuard.stored(created("{\"id\":\"theirs\"}")));
              store.completeInTransaction(
                  held, IdempotencyGuard.stored(created("{\"id\":\"mine\"}")));
              return created("{\"id\":\"mine\"}").recordedInTransaction();
            });
    assertEquals("{\"id\":\"theirs\"}", answer.body());

    assertThrows(
        PortalException.IdempotencyMismatch.class,
        () -> guard.guarded(claim("{\"other\":1}"), held -> created("{}")));
  }
}
