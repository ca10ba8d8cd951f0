package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Role;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

class SnapStartPrimingTest {
  /** What priming returned, and what it wrote to the log. */
  private record Primed(int failed, String log) {}

  private static Primed primed(IntSupplier prime) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int failed = prime.getAsInt();
      return new Primed(failed, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  /**
   * Without a DynamoDB client the table read fails (counted, not thrown); the JSON step and the
   * request path, read from its bytes and written back as Lambda's are, must not.
   */
  @Test
  void everyStepButTheTableReadRunsWithoutAnAwsClient() {
    try (ApplicationContext context = ApplicationContext.run()) {
      Json json = new Json(context.getBean(JsonMapper.class));
      // No route: the unroutable request is a 404 before any idempotency guard or store is needed.
      ApiDispatcher dispatcher = new ApiDispatcher(List.of(), json, null);
      assertEquals(1, new SnapStartPriming(null, "t", json).prime(() -> dispatcher, List.of()));
    }
  }

  /** A table that answers every read with nothing, as DynamoDB answers the priming key. */
  private static final class EmptyTable implements DynamoDbClient {
    final AtomicInteger reads = new AtomicInteger();
    private final int throttledFrom;

    EmptyTable() {
      this(Integer.MAX_VALUE);
    }

    /** Throttled from read number {@code throttledFrom} (1 the first) on. */
    EmptyTable(int throttledFrom) {
      this.throttledFrom = throttledFrom;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
      if (reads.incrementAndGet() >= throttledFrom)
        throw new IllegalStateException("throttled, as a ProvisionedThroughputExceeded would be");
      return GetItemResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  /**
   * Each round repeats the table read and every read of the function, as the caller it names; a
   * read that answers 5xx is reported once and left out of the rounds after; the request lines of
   * the rounds never reach the log, the summary does.
   */
  @Test
  void roundsRepeatTheReadsQuietlyAndDropAReadThatFails() {
    try (ApplicationContext context = ApplicationContext.run()) {
      Json json = new Json(context.getBean(JsonMapper.class));
      List<String> callers = new ArrayList<>();
      AtomicInteger broken = new AtomicInteger();
      ApiDispatcher dispatcher =
          new ApiDispatcher(
              List.of(
                  Route.get(
                      "/v1/tickets",
                      Route.EVERYONE,
                      r -> {
                        callers.add(
                            r.caller().tenantId()
                                + " "
                                + (r.caller().roles().contains(Role.ADMIN) ? "staff" : "client")
                                + " "
                                + r.filter("status"));
                        return ApiResponse.json(200, "{\"items\":[]}");
                      }),
                  Route.get(
                      "/v1/broken",
                      Route.EVERYONE,
                      r -> {
                        broken.incrementAndGet();
                        throw new IllegalStateException("broken read");
                      }),
                  Route.get(
                      "/v1/staff-only",
                      Route.STAFF,
                      r -> {
                        throw new AssertionError("a client never gets here");
                      })),
              json,
              null);
      EmptyTable db = new EmptyTable();
      SnapStartPriming priming = new SnapStartPriming(db, "t", json, 4, Duration.ofMinutes(1));

      Primed primed =
          primed(
              () ->
                  priming.prime(
                      () -> dispatcher,
                      List.of(
                          SnapStartPriming.Read.staff("/v1/tickets?status=new"),
                          SnapStartPriming.Read.client("/v1/broken"),
                          SnapStartPriming.Read.client("/v1/staff-only"))));
      int failed = primed.failed();
      String log = primed.log();

      assertEquals(2, failed, log);
      assertEquals(1 + 4, db.reads.get(), "the table read once, then once per round");
      assertEquals(4, callers.size(), callers::toString);
      assertTrue(
          callers.stream().allMatch(c -> c.equals(SnapStartPriming.TENANT + " staff new")),
          callers::toString);
      assertEquals(1, broken.get(), "a read that answered 5xx is not repeated");
      assertFalse(log.contains("\"msg\":\"request\""), "request lines are dropped: " + log);
      assertTrue(
          log.contains("\"msg\":\"SnapStart priming read failed; not repeated\"")
              && log.contains("\"read\":\"CLIENT /v1/broken: answered 500\"")
              && log.contains("\"read\":\"CLIENT /v1/staff-only: answered 403\""),
          log);
      assertTrue(
          log.contains("\"msg\":\"request failed\""),
          "why a read failed still reaches the log: " + log);
      assertTrue(log.contains("\"msg\":\"SnapStart priming\",\"rounds\":4,\"reads\":3"), log);
    }
  }

  /** A read that throws in a round ends the rounds, logged; the hook still returns. */
  @Test
  void aRoundWhoseTableReadThrowsEndsTheRounds() {
    try (ApplicationContext context = ApplicationContext.run()) {
      Json json = new Json(context.getBean(JsonMapper.class));
      ApiDispatcher dispatcher = new ApiDispatcher(List.of(), json, null);
      EmptyTable db = new EmptyTable(3);
      Primed primed =
          primed(
              () ->
                  new SnapStartPriming(db, "t", json, 10, Duration.ofMinutes(1))
                      .prime(() -> dispatcher, List.of()));
      int failed = primed.failed();
      String log = primed.log();
      assertEquals(1, failed, log);
      assertEquals(3, db.reads.get(), "no read after the one that threw");
      assertTrue(
          log.contains("\"read\":\"round 2: java.lang.IllegalStateException: throttled"), log);
      assertTrue(log.contains("\"msg\":\"SnapStart priming\",\"rounds\":1,"), log);
    }
  }

  /** No time left: the one-off steps run, no round does. */
  @Test
  void aSpentBudgetRunsNoRound() {
    try (ApplicationContext context = ApplicationContext.run()) {
      Json json = new Json(context.getBean(JsonMapper.class));
      ApiDispatcher dispatcher = new ApiDispatcher(List.of(), json, null);
      EmptyTable db = new EmptyTable();
      assertEquals(
          0,
          new SnapStartPriming(db, "t", json, 1_000, Duration.ZERO)
              .prime(() -> dispatcher, List.of(SnapStartPriming.Read.staff("/v1/nothing-routed"))));
      assertEquals(1, db.reads.get(), "the one-off table read only");
    }
  }
}
