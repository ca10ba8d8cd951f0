package dev.portal.shared.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Rating;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.service.InMemoryDirectoryStore;
import dev.portal.shared.store.FiguresTimeline;
import dev.portal.shared.store.ReportStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How a rebuild folds one ticket's timeline into the changes the stream saw: events written at one
 * instant are one change named by its last version (the live marker's name), each counted for the
 * owner the events left.
 */
class FiguresRebuildTest {
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

  /** What the projection handed to the store: change id, figures, scope. */
  private record Applied(String changeId, SupportFigures figures, ReportStore.Scope scope) {}

  private final List<Applied> applied = new ArrayList<>();
  private final List<String> wiped = new ArrayList<>();

  /** Records what the projection applies; the rebuild needs nothing else of it here. */
  private final ReportStore store =
      new ReportStore() {
        @Override
        public ReportStore rebuilding() {
          return this;
        }

        @Override
        public boolean apply(
            String tenantId,
            String changeId,
            String month,
            String day,
            Scope scope,
            SupportFigures figures,
            ProfitChange profit,
            Instant now) {
          applied.add(new Applied(changeId, figures, scope));
          return true;
        }

        @Override
        public List<ClientProfit> profitOfMonth(String tenantId, String month) {
          throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<CostRates> costRates(String tenantId) {
          return java.util.Optional.empty();
        }

        @Override
        public void putCostRates(String tenantId, CostRates rates, Instant now) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, SupportFigures> tenantMonths(String t, String from, String to) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, SupportFigures> clientsOfMonth(String tenantId, String month) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, SupportFigures> assigneesOfMonth(String tenantId, String month) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, SupportFigures> groupsOfMonth(String tenantId, String month) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> staffNames(String tenantId, Collection<String> emails) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> groupNames(String tenantId, Collection<String> groupIds) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, SupportFigures> clientMonths(
            String tenantId, String clientId, List<String> months) {
          throw new UnsupportedOperationException();
        }
      };

  private static Map<String, AttributeValue> event(
      long seq, String type, Instant at, Map<String, AttributeValue> data) {
    Map<String, AttributeValue> e = new HashMap<>();
    e.put("pk", AttributeValue.fromS("TENANT#acme#TICKET#7"));
    e.put("sk", AttributeValue.fromS(String.format("EVENT#%010d", seq)));
    e.put("type", AttributeValue.fromS("event"));
    e.put("seq", AttributeValue.fromN(Long.toString(seq)));
    e.put("eventType", AttributeValue.fromS(type));
    e.put("at", AttributeValue.fromS(at.toString()));
    e.put("data", AttributeValue.fromM(data));
    return e;
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static final Instant ANSWERED = T0.plusSeconds(600);
  private static final Instant RESOLVED = T0.plusSeconds(1200);

  /** Ticket 7 now: resolved by erin, rated 4. */
  private static final Ticket NOW =
      new Ticket(
          "acme",
          "tk-7",
          7,
          "ACME-7",
          "s",
          "d",
          TicketStatus.RESOLVED,
          Priority.NORMAL,
          Channel.PORTAL,
          "cli_a",
          null,
          new Person("a@a.example", "A"),
          T0,
          RESOLVED,
          ANSWERED,
          RESOLVED,
          new Rating(4, null),
          6,
          null,
          "erin@acme.example",
          "grp_2");

  /** Its whole timeline, as the table holds it. */
  private static final List<Map<String, AttributeValue>> TIMELINE =
      List.of(
          // Created and routed to dana's queue in one request.
          event(1, "created", T0, Map.of()),
          event(
              2,
              "assigned",
              T0,
              Map.of("assigneeId", s("dana@acme.example"), "groupId", s("grp_1"))),
          event(3, "comment", ANSWERED, Map.of("body", s("On it"))),
          // Given to erin and resolved in one PATCH: the resolution is erin's.
          event(
              4,
              "assigned",
              RESOLVED,
              Map.of("assigneeId", s("erin@acme.example"), "groupId", s("grp_2"))),
          event(5, "status_changed", RESOLVED, Map.of("from", s("new"), "to", s("resolved"))),
          event(6, "rated", RESOLVED.plusSeconds(60), Map.of("score", AttributeValue.fromN("4"))));

  private final List<Map<String, AttributeValue>> written = new ArrayList<>();

  /** A timeline whose ticket-7 Query returns {@code read} and whose item lists {@code listed}. */
  private void rebuild(
      List<Map<String, AttributeValue>> read, List<Map<String, AttributeValue>> listed) {
    FiguresTimeline source =
        new FiguresTimeline() {
          @Override
          public List<Stored> tickets(String tenantId) {
            return List.of(new Stored(NOW, listed));
          }

          @Override
          public List<Map<String, AttributeValue>> events(String tenantId, long seq) {
            return read;
          }

          @Override
          public void writeListedEvent(String tenantId, Map<String, AttributeValue> event) {
            written.add(event);
          }

          @Override
          public List<Map<String, AttributeValue>> invoices(String tenantId) {
            return List.of();
          }

          @Override
          public Set<String> countedMonths(String tenantId) {
            return Set.of("2026-11");
          }

          @Override
          public int wipe(String tenantId, Collection<String> months) {
            wiped.addAll(months);
            return 0;
          }
        };

    new FiguresRebuild(
            source,
            store,
            new InMemoryDirectoryStore(),
            null,
            ZoneId.of("UTC"),
            Clock.fixed(T0, ZoneOffset.UTC))
        .rebuild("acme");
  }

  private void assertTheFourChangesCounted() {
    assertEquals(List.of("2026-11"), wiped, "cleared before counting");
    assertEquals(
        List.of("T7v2", "T7v3", "T7v5", "T7v6"), applied.stream().map(a -> a.changeId()).toList());
    assertEquals(1, applied.get(0).figures().get(SupportFigures.OPENED));
    assertEquals("dana@acme.example", applied.get(0).scope().assigneeId(), "opened as routed");
    assertEquals(1, applied.get(1).figures().count(SupportFigures.FIRST_RESPONSE));
    assertEquals(10, applied.get(1).figures().get("firstResponseMinutes"));
    assertEquals(1, applied.get(2).figures().get(SupportFigures.RESOLVED));
    assertEquals("erin@acme.example", applied.get(2).scope().assigneeId());
    assertEquals("grp_2", applied.get(2).scope().groupId());
    assertEquals(1, applied.get(3).figures().get("csatCount"));
  }

  @Test
  void eventsOfOneInstantAreOneChangeCountedForTheOwnerTheyLeft() {
    rebuild(TIMELINE, List.of());
    assertTheFourChangesCounted();
    assertEquals(List.of(), written);
  }

  @Test
  void aListedEventTheTimelineLacksIsWrittenOnceAndCounted() {
    // The rating's request was killed after its ticket write: the item lists event 6, the
    // timeline's Query does not return it.
    rebuild(TIMELINE.subList(0, 5), List.of(TIMELINE.get(5)));
    assertEquals(List.of(TIMELINE.get(5)), written);
    assertTheFourChangesCounted();
  }

  @Test
  void aListedEventTheTimelineHasIsNotWrittenAgain() {
    rebuild(TIMELINE, List.of(TIMELINE.get(5)));
    assertEquals(List.of(), written);
    assertTheFourChangesCounted();
  }
}
