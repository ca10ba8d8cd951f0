package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * The table local mode and the tests create is the one template.yaml deploys, and the stream filter
 * names our keys.
 */
class PortalTableTest {
  private static String template() throws IOException {
    return Files.readString(
        Path.of(System.getProperty("portal.repo.root", "..")).resolve("template.yaml"));
  }

  @Test
  void indexesAndStreamMatchTheTemplate() throws IOException {
    String t = template();
    CreateTableRequest local = PortalTable.createTableRequest("x");
    assertEquals(Keys.GSI_COUNT, local.globalSecondaryIndexes().size());
    for (int n = 1; n <= Keys.GSI_COUNT; n++) {
      String projection =
          n < Keys.FIRST_NARROW_GSI
              ? "Projection: \\{ProjectionType: ALL}"
              : "Projection:\\s+ProjectionType: INCLUDE\\s+NonKeyAttributes: \\["
                  + Pattern.quote(String.join(", ", DynamoTicketStore.LIST_ATTRIBUTES))
                  + "]";
      assertEquals(
          local.globalSecondaryIndexes().get(n - 1).projection(), PortalTable.projection(n));
      Pattern index =
          Pattern.compile(
              "- IndexName: "
                  + Keys.gsiName(n)
                  + "\\s+KeySchema:\\s+- \\{AttributeName: "
                  + Keys.gsiPk(n)
                  + ", KeyType: HASH}\\s+- \\{AttributeName: "
                  + Keys.gsiSk(n)
                  + ", KeyType: RANGE}\\s+"
                  + projection);
      assertTrue(
          index.matcher(t).find(),
          "template.yaml lacks " + Keys.gsiName(n) + " as PortalTable defines it");
    }
    Matcher view = Pattern.compile("StreamSpecification:\\s+StreamViewType: (\\w+)").matcher(t);
    assertTrue(view.find(), "template.yaml's table has no stream");
    assertEquals(PortalTable.STREAM_VIEW.toString(), view.group(1));
    assertEquals(PortalTable.STREAM_VIEW, local.streamSpecification().streamViewType());
    assertTrue(local.streamSpecification().streamEnabled());
  }

  @Test
  void theListIndexesProjectEverythingAListShowsAndStayWithinDynamoDbsHundred() {
    java.time.Instant at = java.time.Instant.parse("2026-03-02T10:15:30.123Z");
    var sla =
        new dev.portal.shared.domain.TicketSla(
            dev.portal.shared.domain.SlaCalendar.ALWAYS,
            java.time.ZoneId.of("Europe/Moscow"),
            at.plusSeconds(60),
            at.plusSeconds(600),
            at,
            5);
    var ticket =
        dev.portal.shared.domain.Ticket.builder()
            .tenantId("t1")
            .id("tk-7-abc")
            .seq(7)
            .number("T-7")
            .subject("Printer")
            .description("It burns")
            .status(dev.portal.shared.domain.TicketStatus.IN_PROGRESS)
            .priority(dev.portal.shared.domain.Priority.HIGH)
            .channel(dev.portal.shared.domain.Channel.EMAIL)
            .clientId("cli_a")
            .contractId("ct_b")
            .requester(new dev.portal.shared.domain.Person("a@x.example", "A"))
            .createdAt(at)
            .updatedAt(at)
            .firstResponseAt(at)
            .resolvedAt(at)
            .rating(new dev.portal.shared.domain.Rating(4, "ok"))
            .version(9)
            .sla(sla)
            .assigneeId("agent@t1.example")
            .groupId("grp_1")
            .build();
    var item = DynamoTicketStore.ticketItem(ticket);
    var projected =
        new java.util.HashMap<
            String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>();
    item.forEach(
        (k, v) -> {
          if (DynamoTicketStore.LIST_ATTRIBUTES.contains(k)
              || k.equals(Keys.PK)
              || k.equals(Keys.SK)) projected.put(k, v);
        });
    assertEquals(
        dev.portal.shared.domain.TicketSummary.of(ticket),
        DynamoTicketStore.summaryFrom(projected),
        "a list item read from a list index is the ticket's summary");
    for (String changedByAComment : List.of("description", "updatedAt", "version"))
      assertTrue(
          !DynamoTicketStore.LIST_ATTRIBUTES.contains(changedByAComment),
          changedByAComment + " is copied into every list: a comment would rewrite them all");
    int projectedAttributes = 0;
    for (var gsi : PortalTable.createTableRequest("x").globalSecondaryIndexes()) {
      if (gsi.projection().hasNonKeyAttributes())
        projectedAttributes += gsi.projection().nonKeyAttributes().size();
    }
    assertTrue(
        projectedAttributes <= 100,
        "DynamoDB allows 100 projected attributes over all indexes: " + projectedAttributes);
  }

  @Test
  void theOutboxFilterNamesTheAttributesTheStoreWrites() throws IOException {
    Matcher filter = Pattern.compile("- Pattern: '(\\{\"eventName\".*)'").matcher(template());
    assertTrue(filter.find(), "template.yaml has no stream filter for the outbox function");
    assertEquals(
        "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"NewImage\": {\""
            + Keys.OUTBOX
            + "\": {\"M\": {\""
            + Keys.OUTBOX_KIND
            + "\": {\"S\": [{\"exists\": true}]}}}}}}",
        filter.group(1));
  }
}
