package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.Contract;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.InvoiceLine;
import dev.portal.shared.domain.InvoiceStatus;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.SampleTickets;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketSla;
import dev.portal.shared.domain.TicketStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The hand mappers between domain values and items, without a table: what is written reads back the
 * same, under the keys docs/data-model.md lists.
 */
class ItemMappersTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123Z");

  private static Ticket fullTicket() {
    return SampleTickets.printer(
        AT,
        TicketStatus.IN_PROGRESS,
        AT.plusSeconds(30),
        null,
        new TicketSla(
            SlaCalendar.BUSINESS,
            ZoneId.of("Europe/Berlin"),
            AT.plusSeconds(3600),
            AT.plusSeconds(7200),
            AT.plusSeconds(10),
            1500,
            90));
  }

  private static Ticket bareTicket() {
    return SampleTickets.stranger(AT);
  }

  private static TicketEvent agentComment(
      String id, long seq, boolean isPublic, Map<String, Object> data, String mail) {
    return new TicketEvent(
        id,
        seq,
        EventType.COMMENT,
        AT,
        new Actor(ActorKind.AGENT, "agent@acme.example"),
        isPublic,
        data,
        mail);
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  @Test
  void aTicketReadsBackAsItWasWritten() {
    Ticket t = fullTicket();
    assertEquals(t, DynamoTicketStore.ticketFrom("acme", DynamoTicketStore.ticketItem(t)));
    Ticket bare = bareTicket();
    assertEquals(bare, DynamoTicketStore.ticketFrom("acme", DynamoTicketStore.ticketItem(bare)));
  }

  @Test
  void theEventsAChangeListsOnItsTicketReadBackWholeAndChangeNothingTheTicketSays() {
    Ticket t = fullTicket();
    TicketEvent reply =
        agentComment(
            "ev-7-3", 3, true, new LinkedHashMap<>(Map.of("body", "On it")), "agent_reply");
    TicketEvent assigned =
        new TicketEvent(
            "ev-7-4",
            4,
            EventType.ASSIGNED,
            AT,
            new Actor(ActorKind.AGENT, "agent@acme.example"),
            false,
            new LinkedHashMap<>(Map.of("assigneeId", "dana@acme.example")),
            "agent_assigned",
            List.of("dana@acme.example", "erin@acme.example"));
    for (Ticket ticket : List.of(t, bareTicket())) {
      Map<String, AttributeValue> item = DynamoTicketStore.ticketItem(ticket);
      assertEquals(List.of(), DynamoTicketStore.pendingEventItems("acme", item));
      item.put(
          DynamoTicketStore.PENDING_EVENTS,
          DynamoTicketStore.pendingItem(List.of(reply, assigned)));
      // The stream's repair writes exactly the items the request would have.
      assertEquals(
          List.of(
              DynamoTicketStore.eventItem(ticket, reply),
              DynamoTicketStore.eventItem(ticket, assigned)),
          DynamoTicketStore.pendingEventItems("acme", item));
      assertEquals(ticket, DynamoTicketStore.ticketFrom("acme", item));
    }
    assertFalse(
        DynamoTicketStore.LIST_ATTRIBUTES.contains(DynamoTicketStore.PENDING_EVENTS),
        "no list index copies it, so listing events writes no index");
  }

  /**
   * A change written by a newer version lists an event this code cannot read (a new type, a new
   * field): the repair still writes it whole, as that version would have, instead of failing the
   * stream record.
   */
  @Test
  void aPendingEventOfATypeThisCodeDoesNotKnowIsWrittenAsStored() {
    TicketEvent reply =
        agentComment("ev-7-3", 3, true, new LinkedHashMap<>(Map.of("body", "On it")), null);
    Map<String, AttributeValue> entry =
        new LinkedHashMap<>(DynamoTicketStore.pendingItem(List.of(reply)).l().getFirst().m());
    entry.put(Attrs.EVENT_TYPE, AttributeValue.fromS("escalated_to_vendor"));
    entry.put("vendorCase", AttributeValue.fromS("V-1"));
    entry.put(Keys.OUTBOX_KIND, AttributeValue.fromS("vendor_escalation"));
    Map<String, AttributeValue> ticket = DynamoTicketStore.ticketItem(fullTicket());
    ticket.put(
        DynamoTicketStore.PENDING_EVENTS,
        AttributeValue.fromL(List.of(AttributeValue.fromM(entry))));

    List<Map<String, AttributeValue>> items = DynamoTicketStore.pendingEventItems("acme", ticket);

    assertEquals(1, items.size());
    Map<String, AttributeValue> item = items.getFirst();
    assertEquals("escalated_to_vendor", str(item, Attrs.EVENT_TYPE));
    assertEquals("V-1", str(item, "vendorCase"));
    assertEquals(Keys.ticketPk("acme", fullTicket().seq()), str(item, Keys.PK));
    assertEquals(Keys.eventSk(3), str(item, Keys.SK));
    assertEquals(Keys.eventSk(3), str(item, Keys.gsiSk(Keys.PUBLIC_TIMELINE)));
    assertEquals("vendor_escalation", item.get(Keys.OUTBOX).m().get(Keys.OUTBOX_KIND).s());
    assertEquals("acme", item.get(Keys.OUTBOX).m().get(Keys.OUTBOX_TENANT).s());
    assertFalse(item.containsKey(Keys.OUTBOX_KIND), "the kind rides in the outbox map only");
  }

  @Test
  void aTicketItemSitsInItsPartitionAndEveryListItBelongsTo() {
    Map<String, AttributeValue> item = DynamoTicketStore.ticketItem(fullTicket());
    assertEquals(Keys.ticketPk("acme", 7), str(item, Keys.PK));
    assertEquals(Keys.TICKET_SK, str(item, Keys.SK));
    assertEquals("ticket", str(item, "type"));
    for (int n = 1; n <= Keys.GSI_COUNT; n++) {
      // The list indexes are the ticket's; GSI1..GSI4 serve the other items' lists.
      assertEquals(
          n >= Keys.FIRST_NARROW_GSI, item.containsKey(Keys.gsiPk(n)), "in " + Keys.gsiName(n));
      if (n >= Keys.FIRST_NARROW_GSI)
        assertEquals("2#999999999992", str(item, Keys.gsiSk(n)), "status, then number down");
    }
    assertEquals(
        Keys.clientTicketsPk("acme", "cli_globex"), str(item, Keys.gsiPk(Keys.CLIENT_TICKETS)));
    assertEquals(Keys.groupTicketsPk("acme", "grp_1"), str(item, Keys.gsiPk(Keys.GROUP_TICKETS)));
  }

  @Test
  void listKeysSortOpenWorkFirstAndTheNewestTicketFirstWithinAStatus() {
    List<String> keys =
        List.of(
            Keys.ticketListSk(TicketStatus.NEW, 12),
            Keys.ticketListSk(TicketStatus.NEW, 3),
            Keys.ticketListSk(TicketStatus.IN_PROGRESS, 40),
            Keys.ticketListSk(TicketStatus.WAITING_FOR_CLIENT, 41),
            Keys.ticketListSk(TicketStatus.RESOLVED, 2),
            Keys.ticketListSk(TicketStatus.CLOSED, 999_999_999_998L),
            Keys.ticketListSk(TicketStatus.CLOSED, 1));
    assertEquals(keys, keys.stream().sorted().toList());
    for (TicketStatus s : TicketStatus.values())
      assertTrue(Keys.ticketListSk(s, 5).startsWith(Keys.ticketListPrefix(s)), s.wire());
  }

  @Test
  void aTicketWithoutClientOrGroupStaysOutOfTheirListsButInTheUnassignedOne() {
    Map<String, AttributeValue> item = DynamoTicketStore.ticketItem(bareTicket());
    for (int n : List.of(Keys.CLIENT_TICKETS, Keys.REQUESTER_TICKETS, Keys.GROUP_TICKETS))
      assertFalse(item.containsKey(Keys.gsiPk(n)), "not in " + Keys.gsiName(n));
    assertEquals(
        Keys.assigneeTicketsPk("acme", null), str(item, Keys.gsiPk(Keys.ASSIGNEE_TICKETS)));
    assertFalse(item.containsKey("sla"));
    assertFalse(item.containsKey("ratingScore"));
    assertFalse(item.containsKey("clientId"), "DynamoDB has no nulls: absent is null");
  }

  /**
   * The whole event item, attribute by attribute, as docs/data-model.md lists it: the request's
   * write and the stream's repair build it in one place, so this pins both against a change of
   * layout.
   */
  @Test
  void anEventItemIsExactlyTheDocumentedAttributes() {
    TicketEvent e =
        new TicketEvent(
            "ev-7-4",
            4,
            EventType.ASSIGNED,
            AT,
            new Actor(ActorKind.AGENT, "agent@acme.example"),
            true,
            new LinkedHashMap<>(Map.of("assigneeId", "dana@acme.example")),
            "agent_assigned",
            List.of("dana@acme.example"));
    Map<String, AttributeValue> expected = new java.util.HashMap<>();
    expected.put("pk", AttributeValue.fromS("TENANT#acme#TICKET#7"));
    expected.put("sk", AttributeValue.fromS("EVENT#000000000004"));
    expected.put("type", AttributeValue.fromS("event"));
    expected.put("id", AttributeValue.fromS("ev-7-4"));
    expected.put("seq", AttributeValue.fromN("4"));
    expected.put("eventType", AttributeValue.fromS("assigned"));
    expected.put("at", AttributeValue.fromS("2026-03-02T10:15:30.123Z"));
    expected.put("actorKind", AttributeValue.fromS("agent"));
    expected.put("actorEmail", AttributeValue.fromS("agent@acme.example"));
    expected.put("public", AttributeValue.fromBool(true));
    expected.put(
        "data",
        AttributeValue.fromM(Map.of("assigneeId", AttributeValue.fromS("dana@acme.example"))));
    expected.put("ticketId", AttributeValue.fromS("tk-7-abc"));
    expected.put("ticketNumber", AttributeValue.fromS("ACME-7"));
    expected.put("ticketClientId", AttributeValue.fromS("cli_globex"));
    expected.put("ticketRequesterEmail", AttributeValue.fromS("alice@globex.example"));
    expected.put("gsi1pk", AttributeValue.fromS("TENANT#acme#TICKET#7#PUBLIC"));
    expected.put("gsi1sk", AttributeValue.fromS("EVENT#000000000004"));
    expected.put(
        "outbox",
        AttributeValue.fromM(
            Map.of(
                "kind", AttributeValue.fromS("agent_assigned"),
                "tenantId", AttributeValue.fromS("acme"),
                "ticketSeq", AttributeValue.fromN("7"),
                "to", AttributeValue.fromL(List.of(AttributeValue.fromS("dana@acme.example"))))));
    assertEquals(expected, DynamoTicketStore.eventItem(fullTicket(), e));
  }

  @Test
  void anEventReadsBackWithItsDataAndMailKind() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("body", "On it");
    data.put("attachments", List.of(Map.of("name", "a.png", "inline", false)));
    TicketEvent e = agentComment("ev_1", 4, true, data, "agent_reply");
    Map<String, AttributeValue> item = DynamoTicketStore.eventItem(fullTicket(), e);
    assertEquals(e, DynamoTicketStore.eventFrom(item));
    assertEquals(Keys.eventSk(4), str(item, Keys.SK));
    assertEquals(Keys.eventSk(4), str(item, Keys.gsiSk(Keys.PUBLIC_TIMELINE)));
    assertEquals("agent_reply", item.get(Keys.OUTBOX).m().get(Keys.OUTBOX_KIND).s());
    // The ticket's facts ride on each event, so a timeline read decides access on its own.
    assertEquals("tk-7-abc", str(item, Attrs.TICKET_ID));
    assertEquals("ACME-7", str(item, DynamoTicketStore.TICKET_NUMBER));
    assertEquals("cli_globex", str(item, DynamoTicketStore.TICKET_CLIENT));
  }

  @Test
  void anInternalNoteIsNotOnThePublicTimelineAndOwesNoMail() {
    TicketEvent note = agentComment("ev_2", 5, false, Map.of("body", "internal"), null);
    Map<String, AttributeValue> item = DynamoTicketStore.eventItem(fullTicket(), note);
    assertEquals(note, DynamoTicketStore.eventFrom(item));
    assertFalse(item.containsKey(Keys.gsiPk(Keys.PUBLIC_TIMELINE)));
    assertFalse(item.containsKey(Keys.OUTBOX));
  }

  @Test
  void aContractReadsBackWithItsPerPriorityTermsAndWarningPoint() {
    Contract c =
        new Contract(
            "acme",
            "ct_1",
            "cli_globex",
            "Support 2026",
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 12, 31),
            new SlaTerms(
                60,
                480,
                SlaCalendar.BUSINESS,
                Map.of(Priority.URGENT, new SlaTerms.Minutes(15, 120)),
                75),
            600,
            new Money(9000, "EUR"),
            AT);
    assertEquals(c, DynamoContractStore.contractFrom("acme", DynamoContractStore.contractItem(c)));
    Contract open =
        new Contract(
            "acme",
            "ct_2",
            "cli_globex",
            "Open-ended",
            LocalDate.of(2026, 1, 1),
            null,
            new SlaTerms(60, 480, SlaCalendar.ALWAYS),
            0,
            new Money(0, "USD"),
            AT);
    Map<String, AttributeValue> item = DynamoContractStore.contractItem(open);
    assertEquals(open, DynamoContractStore.contractFrom("acme", item));
    assertNull(item.get("endsOn"));
    assertEquals(
        Keys.contractSk("2026-01-01", "ct_2"), str(item, Keys.gsiSk(Keys.CLIENT_CONTRACTS)));
  }

  @Test
  void anInvoiceReadsBackWithItsLinesInOrder() {
    Money rate = new Money(1500, "EUR");
    Invoice i =
        new Invoice(
            "acme",
            "inv_1",
            "2026-0001",
            "cli_globex",
            LocalDate.of(2026, 3, 1),
            LocalDate.of(2026, 3, 31),
            InvoiceStatus.ISSUED,
            "EUR",
            List.of(
                new InvoiceLine("Overage", 2, rate, new Money(3000, "EUR"), "tk-7-abc"),
                new InvoiceLine("Setup", 1, rate, rate, null)),
            new Money(4500, "EUR"),
            null,
            AT,
            AT,
            java.time.YearMonth.of(2026, 2));
    Map<String, AttributeValue> item = DynamoInvoiceStore.invoiceItem(i);
    assertEquals(i, DynamoInvoiceStore.invoiceFrom("acme", item), "usageMonth included");
    assertEquals(
        Keys.tenantInvoicesByStatusPk("acme", "issued"),
        str(item, Keys.gsiPk(Keys.TENANT_INVOICES_BY_STATUS)));
    assertEquals(
        Keys.invoiceSk("2026-03-31", "inv_1"),
        str(item, Keys.gsiSk(Keys.TENANT_INVOICES_BY_STATUS)),
        "the status lists sort by due date");
    assertEquals(
        Keys.invoiceSk("2026-03-01", "inv_1"),
        str(item, Keys.gsiSk(Keys.TENANT_INVOICES)),
        "the full lists sort by issue date");
  }
}
