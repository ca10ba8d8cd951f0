package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Actor;
import dev.portal.shared.domain.ActorKind;
import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.InvoiceLine;
import dev.portal.shared.domain.InvoiceStatus;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Rating;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.http.Json;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.InvoiceService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The largest ticket, event and invoice the API's caps admit, in the widest UTF-8 (3 bytes a char),
 * stay inside DynamoDB's 400 KB item limit and its key-size limits. Raise a cap in {@link Caps}
 * past what an item can hold and this fails before AWS refuses the write.
 */
class LargestItemsTest {
  private static final Instant AT = Instant.parse("2026-11-30T12:00:00.000Z");

  /** 3 UTF-8 bytes, 1 Java char: the most bytes per counted char. */
  private static final char WIDE = '中';

  private static final String TENANT = "t".repeat(64);
  private static final String EMAIL = "a".repeat(64) + "@" + "d".repeat(185) + ".com";

  static String wide(int chars) {
    return String.valueOf(WIDE).repeat(chars);
  }

  static Ticket largestTicket() {
    return Ticket.builder()
        .tenantId(TENANT)
        .id("tk-999999999-" + "x".repeat(20))
        .seq(999_999_999L)
        .number("PREFIXLONG-999999999")
        .subject(wide(Caps.SUBJECT))
        .description(wide(Caps.TEXT))
        .status(TicketStatus.WAITING_FOR_CLIENT)
        .priority(Priority.URGENT)
        .channel(Channel.PORTAL)
        .clientId(wide(Caps.ID))
        .contractId(wide(Caps.ID))
        .requester(new Person(EMAIL, wide(Caps.NAME)))
        .createdAt(AT)
        .updatedAt(AT)
        .firstResponseAt(AT)
        .resolvedAt(AT)
        .rating(new Rating(5, wide(Caps.NOTE)))
        .version(999_999L)
        .build();
  }

  @Test
  void theLargestTicketFitsAnItemAndItsKeysFitTheKeyLimits() {
    Map<String, AttributeValue> item = DynamoTicketStore.ticketItem(largestTicket());
    assertFits(item);
  }

  @Test
  void theLargestCommentEventFits() {
    TicketEvent comment =
        new TicketEvent(
            "ev-" + "x".repeat(30),
            999_999L,
            EventType.COMMENT,
            AT,
            new Actor(ActorKind.AGENT, EMAIL),
            true,
            Map.of("body", wide(Caps.TEXT)));
    assertFits(DynamoTicketStore.eventItem(largestTicket(), comment));
  }

  static Invoice largestInvoice() {
    List<InvoiceLine> lines = new ArrayList<>();
    Money max = new Money(Long.MAX_VALUE, "EUR");
    for (int i = 0; i < Caps.INVOICE_LINES; i++)
      lines.add(
          new InvoiceLine(wide(Caps.LINE_DESCRIPTION), Long.MAX_VALUE, max, max, wide(Caps.ID)));
    return new Invoice(
        TENANT,
        "inv_" + "x".repeat(30),
        wide(Caps.INVOICE_NUMBER),
        wide(Caps.ID),
        LocalDate.of(2026, 11, 30),
        LocalDate.of(2026, 12, 30),
        InvoiceStatus.ISSUED,
        "EUR",
        lines,
        max,
        "tenants/" + TENANT + "/invoices/x.pdf",
        AT,
        AT,
        java.time.YearMonth.of(2026, 11));
  }

  @Test
  void theLargestInvoiceFits() {
    assertFits(DynamoInvoiceStore.invoiceItem(largestInvoice()));
  }

  /**
   * The answer to the invoice's creation is stored whole in its idempotency record, in the
   * invoice's own transaction: if the record did not fit, the invoice could never be created with
   * an Idempotency-Key.
   */
  @Test
  void theIdempotencyRecordOfTheLargestInvoiceFits() {
    try (ApplicationContext context = ApplicationContext.run()) {
      Json json = new Json(context.getBean(JsonMapper.class));
      String body =
          json.write(
              Views.invoice(
                  new InvoiceService.Shown(
                      largestInvoice(),
                      "issued",
                      URI.create("https://bucket.s3.amazonaws.com/" + "x".repeat(2000)))));
      StoredResponse answer =
          new StoredResponse(
              201,
              Map.of(
                  "content-type",
                  "application/json",
                  "location",
                  "/v1/invoices/inv_" + "x".repeat(30)),
              body);
      assertFits(
          DynamoIdempotencyStore.completedItem(
              new IdempotencyClaim(TENANT, "f".repeat(64), "f".repeat(64), "holder"), answer, AT));
    }
  }

  /**
   * A client's creation is one transaction of the client, a claim per email domain, the item of its
   * months outside any contract, and the idempotency record.
   */
  @Test
  void theLargestClientCreationFitsOneTransaction() {
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < Caps.CLIENT_DOMAINS; i++) domains.add(i + "d".repeat(240) + ".example");
    Client client = new Client("cli_" + "x".repeat(12), wide(Caps.NAME), domains, AT);
    CompletedIdempotency record =
        new CompletedIdempotency(
            new IdempotencyClaim(TENANT, "f".repeat(64), "f".repeat(64), "holder"),
            new StoredResponse(201, Map.of(), "{}"));
    List<TransactWriteItem> writes =
        new DynamoDirectoryStore(null, "portal", null, java.time.ZoneOffset.UTC)
            .clientWrites(TENANT, client, Optional.of(record));

    assertEquals(Caps.CLIENT_DOMAINS + 3, writes.size());
    assertTrue(writes.size() <= DynamoLimits.MAX_TRANSACTION_ITEMS, writes.size() + " actions");
    for (TransactWriteItem w : writes) assertFits(w.put().item());
  }

  static void assertFits(Map<String, AttributeValue> item) {
    int size = DynamoLimits.itemBytes(item);
    assertTrue(size <= DynamoLimits.MAX_ITEM_BYTES, "item of " + size + " bytes");
    item.forEach(
        (name, value) -> {
          if (value.s() == null) return;
          int bytes = value.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
          boolean partition = name.equals(Keys.PK) || name.matches("gsi\\d+pk");
          boolean sort = name.equals(Keys.SK) || name.matches("gsi\\d+sk");
          if (partition) assertTrue(bytes <= 2048, name + " is " + bytes + " bytes");
          if (sort) assertTrue(bytes <= 1024, name + " is " + bytes + " bytes");
        });
  }
}
