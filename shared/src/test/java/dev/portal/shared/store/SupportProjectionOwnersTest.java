package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Rating;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.report.ClientProfit;
import dev.portal.shared.report.CostRates;
import dev.portal.shared.report.ProfitChange;
import dev.portal.shared.report.SupportFigures;
import dev.portal.shared.report.SupportProjection;
import dev.portal.shared.service.InMemoryDirectoryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whom each change's figures count for (the ticket's owner and queue at the time of the change),
 * from the stream images the table really writes, and that a replayed batch adds nothing twice.
 */
class SupportProjectionOwnersTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /**
   * Our {@link ReportStore}, kept in maps: counts a change id once, as the table's marker does, and
   * sums the figures per row as the month partition's items would.
   */
  static final class CountingReports implements ReportStore {
    final Set<String> markers = new HashSet<>();
    final Map<String, SupportFigures> rows = new TreeMap<>();
    int applied;

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
      if (figures.isEmpty() && profit == null) return false;
      if (!markers.add(changeId)) return false;
      applied++;
      if (!figures.isEmpty()) {
        add("tenant", figures);
        if (scope.clientId() != null) add(Keys.metricsClientSk(scope.clientId()), figures);
        add(Keys.metricsAssigneeSk(scope.assigneeId()), figures);
        add(Keys.metricsGroupSk(scope.groupId()), figures);
      }
      return true;
    }

    private void add(String row, SupportFigures f) {
      rows.merge(row, f, SupportFigures::plus);
    }

    SupportFigures row(String key) {
      return rows.getOrDefault(key, SupportFigures.none());
    }

    @Override
    public List<ClientProfit> profitOfMonth(String tenantId, String month) {
      return List.of();
    }

    @Override
    public Optional<CostRates> costRates(String tenantId) {
      return Optional.empty();
    }

    @Override
    public void putCostRates(String tenantId, CostRates rates, Instant now) {}

    @Override
    public Map<String, SupportFigures> tenantMonths(String tenantId, String from, String to) {
      return Map.of();
    }

    @Override
    public Map<String, SupportFigures> clientsOfMonth(String tenantId, String month) {
      return Map.of();
    }

    @Override
    public Map<String, SupportFigures> assigneesOfMonth(String tenantId, String month) {
      return Map.of();
    }

    @Override
    public Map<String, SupportFigures> groupsOfMonth(String tenantId, String month) {
      return Map.of();
    }

    @Override
    public Map<String, String> staffNames(String tenantId, Collection<String> emails) {
      return Map.of();
    }

    @Override
    public Map<String, String> groupNames(String tenantId, Collection<String> groupIds) {
      return Map.of();
    }

    @Override
    public Map<String, SupportFigures> clientMonths(
        String tenantId, String clientId, List<String> months) {
      return Map.of();
    }
  }

  /** One stream record: its event name and images. */
  record Record(String name, Map<String, AttributeValue> old, Map<String, AttributeValue> now) {}

  private static Ticket ticket(
      long seq,
      long version,
      TicketStatus status,
      Instant updated,
      Instant firstResponse,
      Instant resolved,
      Rating rating,
      String assignee,
      String group) {
    return Ticket.builder()
        .tenantId("acme")
        .id("tk-" + seq)
        .seq(seq)
        .number("ACME-" + seq)
        .subject("s")
        .description("d")
        .status(status)
        .priority(Priority.NORMAL)
        .channel(Channel.PORTAL)
        .clientId("cli_a")
        .requester(new Person("r@client.example", "R"))
        .createdAt(T0)
        .updatedAt(updated)
        .firstResponseAt(firstResponse)
        .resolvedAt(resolved)
        .rating(rating)
        .version(version)
        .assigneeId(assignee)
        .groupId(group)
        .build();
  }

  private static Record change(Ticket before, Ticket after) {
    return new Record(
        before == null ? "INSERT" : "MODIFY",
        before == null ? null : DynamoTicketStore.ticketItem(before),
        DynamoTicketStore.ticketItem(after));
  }

  private static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  /**
   * Ticket 1: opened for anna in grp_a; given to bob, who answers first after 30 minutes; moved to
   * grp_b and given to carl, who resolves it after 120; rated 5 while carl owns it. Ticket 2:
   * opened with no owner and no queue. Anna logs 25 billable minutes on ticket 1 while it is in
   * grp_b.
   */
  private static List<Record> month() {
    List<Record> out = new ArrayList<>();
    Ticket v1 =
        ticket(1, 1, TicketStatus.NEW, at(0), null, null, null, "anna@msp.example", "grp_a");
    out.add(change(null, v1));
    Ticket v2 = ticket(1, 2, TicketStatus.NEW, at(5), null, null, null, "bob@msp.example", "grp_a");
    out.add(change(v1, v2));
    Ticket v3 =
        ticket(
            1, 3, TicketStatus.IN_PROGRESS, at(30), at(30), null, null, "bob@msp.example", "grp_a");
    out.add(change(v2, v3));
    Ticket v4 =
        ticket(
            1,
            4,
            TicketStatus.IN_PROGRESS,
            at(60),
            at(30),
            null,
            null,
            "carl@msp.example",
            "grp_b");
    out.add(change(v3, v4));
    Ticket v5 =
        ticket(
            1,
            5,
            TicketStatus.RESOLVED,
            at(120),
            at(30),
            at(120),
            null,
            "carl@msp.example",
            "grp_b");
    out.add(change(v4, v5));
    Ticket v6 =
        ticket(
            1,
            6,
            TicketStatus.RESOLVED,
            at(130),
            at(30),
            at(120),
            new Rating(5, null),
            "carl@msp.example",
            "grp_b");
    out.add(change(v5, v6));
    out.add(change(null, ticket(2, 1, TicketStatus.NEW, at(10), null, null, null, null, null)));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("entryId", "te_1");
    data.put("minutes", 25);
    data.put("billable", true);
    data.put("month", "2026-03");
    data.put("groupId", "grp_b");
    TicketEvent logged =
        new TicketEvent(
            "ev-1-6-te_1",
            6,
            EventType.TIME_LOGGED,
            at(140),
            new Actor(ActorKind.AGENT, "anna@msp.example"),
            false,
            data);
    out.add(new Record("INSERT", null, DynamoTicketStore.eventItem(v6, logged)));
    return out;
  }

  private static SupportProjection projection(CountingReports reports) {
    return new SupportProjection(
        reports,
        new InMemoryDirectoryStore(),
        null,
        ZoneId.of("UTC"),
        Clock.fixed(T0, ZoneOffset.UTC));
  }

  private static void play(SupportProjection p, List<Record> records) {
    for (Record r : records) p.apply(r.name(), r.old(), r.now());
  }

  @Test
  void eachFigureCountsForTheOwnerAndQueueAtTheTimeOfItsEvent() {
    CountingReports reports = new CountingReports();
    play(projection(reports), month());

    SupportFigures anna = reports.row("ASSIGNEE#anna@msp.example");
    assertEquals(1, anna.get(SupportFigures.OPENED), "opened while anna owned it");
    assertEquals(0, anna.count(SupportFigures.FIRST_RESPONSE));
    assertEquals(25, anna.get(SupportFigures.MINUTES_BILLABLE), "she logged the time");

    SupportFigures bob = reports.row("ASSIGNEE#bob@msp.example");
    assertEquals(0, bob.get(SupportFigures.OPENED), "the reassignment moves no past figure");
    assertEquals(1, bob.count(SupportFigures.FIRST_RESPONSE));
    assertEquals(30, bob.get("firstResponseMinutes"));
    assertEquals(0, bob.get(SupportFigures.RESOLVED));

    SupportFigures carl = reports.row("ASSIGNEE#carl@msp.example");
    assertEquals(1, carl.get(SupportFigures.RESOLVED));
    assertEquals(120, carl.get("resolutionMinutes"));
    assertEquals(5, carl.get("csatSum"), "rated while carl owned it");
    assertEquals(0, carl.get(SupportFigures.MINUTES_BILLABLE), "carl logged nothing");

    SupportFigures none = reports.row("ASSIGNEE#none");
    assertEquals(Map.of(SupportFigures.OPENED, 1L), none.counters(), "ticket 2 has no owner");
    assertEquals(Map.of(SupportFigures.OPENED, 1L), reports.row("GROUP#none").counters());

    SupportFigures groupA = reports.row("GROUP#grp_a");
    assertEquals(1, groupA.get(SupportFigures.OPENED));
    assertEquals(1, groupA.count(SupportFigures.FIRST_RESPONSE));
    assertEquals(0, groupA.get(SupportFigures.RESOLVED));
    SupportFigures groupB = reports.row("GROUP#grp_b");
    assertEquals(1, groupB.get(SupportFigures.RESOLVED));
    assertEquals(1, groupB.get("csatCount"));
    assertEquals(25, groupB.get(SupportFigures.MINUTES_BILLABLE), "logged while in grp_b");

    // Every figure is in exactly one assignee row and one group row: they add up to the tenant's.
    SupportFigures assignees = SupportFigures.none();
    SupportFigures groups = SupportFigures.none();
    for (Map.Entry<String, SupportFigures> e : reports.rows.entrySet()) {
      if (e.getKey().startsWith("ASSIGNEE#")) assignees = assignees.plus(e.getValue());
      if (e.getKey().startsWith("GROUP#")) groups = groups.plus(e.getValue());
    }
    assertEquals(reports.row("tenant").counters(), assignees.counters());
    assertEquals(reports.row("tenant").counters(), groups.counters());
  }

  @Test
  void aReplayedBatchCountsNothingTwice() {
    CountingReports reports = new CountingReports();
    SupportProjection projection = projection(reports);
    List<Record> records = month();
    play(projection, records);
    Map<String, SupportFigures> once = new TreeMap<>(reports.rows);
    int applied = reports.applied;
    assertEquals(6, applied, "two openings, first response, resolution, rating, time: 6 changes");

    play(projection, records);
    play(projection(reports), records.subList(2, records.size()));

    assertEquals(applied, reports.applied);
    assertEquals(once, reports.rows);
    assertFalse(reports.rows.isEmpty());
    assertTrue(reports.markers.contains("T1v5"), "a ticket change is named by ticket and version");
  }
}
