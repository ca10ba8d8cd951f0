package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.AMOUNT_MINOR;
import static dev.portal.shared.store.Attrs.CLIENT_ID;
import static dev.portal.shared.store.Attrs.CREATED_AT;
import static dev.portal.shared.store.Attrs.CURRENCY;
import static dev.portal.shared.store.Attrs.DESCRIPTION;
import static dev.portal.shared.store.Attrs.DUE_ON;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.INVOICE_ID;
import static dev.portal.shared.store.Attrs.ISSUED_ON;
import static dev.portal.shared.store.Attrs.LINES;
import static dev.portal.shared.store.Attrs.NUMBER;
import static dev.portal.shared.store.Attrs.PDF_KEY;
import static dev.portal.shared.store.Attrs.QUANTITY;
import static dev.portal.shared.store.Attrs.SEQ;
import static dev.portal.shared.store.Attrs.STATUS;
import static dev.portal.shared.store.Attrs.TICKET_ID;
import static dev.portal.shared.store.Attrs.TOTAL_MINOR;
import static dev.portal.shared.store.Attrs.TYPE;
import static dev.portal.shared.store.Attrs.UNIT_PRICE_MINOR;
import static dev.portal.shared.store.Attrs.UPDATED_AT;
import static dev.portal.shared.store.Attrs.USAGE_MONTH;
import static dev.portal.shared.store.Attrs.instant;
import static dev.portal.shared.store.Attrs.n;
import static dev.portal.shared.store.Attrs.num;
import static dev.portal.shared.store.Attrs.put;
import static dev.portal.shared.store.Attrs.s;
import static dev.portal.shared.store.Attrs.str;
import static dev.portal.shared.store.Tables.key;

import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.InvoiceLine;
import dev.portal.shared.domain.InvoiceStatus;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Times;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link InvoiceStore} on the single table; keys in {@link Keys}, patterns in docs/data-model.md.
 */
public final class DynamoInvoiceStore implements InvoiceStore {
  private final DynamoDbClient db;
  private final String table;
  private final CursorCodec cursors;
  private final Tables tables;

  public DynamoInvoiceStore(DynamoDbClient db, String table, CursorCodec cursors) {
    this.db = db;
    this.table = table;
    this.cursors = cursors;
    this.tables = new Tables(db, table, cursors);
  }

  @Override
  public long nextNumber(String tenantId, int year) {
    Map<String, AttributeValue> item =
        db.updateItem(
                r ->
                    r.tableName(table)
                        .key(key(Keys.invoiceCounterPk(tenantId, year), Keys.COUNTER_SK))
                        .updateExpression("ADD seq :one")
                        .expressionAttributeValues(Map.of(":one", n(1)))
                        .returnValues(ReturnValue.UPDATED_NEW))
            .attributes();
    return num(item, SEQ);
  }

  @Override
  public void create(Invoice invoice, Optional<CompletedIdempotency> record) {
    Map<String, AttributeValue> claim = new HashMap<>();
    claim.put(Keys.PK, s(Keys.invoiceNumberPk(invoice.tenantId(), invoice.number())));
    claim.put(Keys.SK, s(Keys.INVOICE_NUMBER_SK));
    claim.put(TYPE, s("invoice_number"));
    claim.put(INVOICE_ID, s(invoice.id()));
    List<TransactWriteItem> writes =
        new ArrayList<>(List.of(tables.putNew(invoiceItem(invoice)), tables.putNew(claim)));
    int usageAt = -1;
    if (invoice.usageMonth() != null) {
      usageAt = writes.size();
      writes.add(tables.putNew(usageClaimItem(invoice)));
    }
    int recordAt = writes.size();
    record.ifPresent(
        r -> writes.add(DynamoIdempotencyStore.completion(table, r, invoice.createdAt())));
    try {
      db.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (record.isPresent()
          && DynamoIdempotencyStore.collided(e, recordAt, record.get().claim())) {
        throw new IdempotencyCollision();
      }
      // A concurrent draft of the same month is cancelled on the claim: as a conditional check
      // failure when the other transaction committed first, as a conflict while it is in flight.
      if (usageAt >= 0
          && (Tables.conditionFailedAt(e, usageAt) || Tables.conflictedAt(e, usageAt))) {
        throw new UsageClaimed();
      }
      if (Tables.conditionFailedAt(e, 1)) throw new NumberTaken();
      throw e;
    }
  }

  @Override
  public Optional<String> usageInvoiceId(
      String tenantId, String clientId, java.time.YearMonth month) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(
                            key(
                                Keys.usageInvoicePk(tenantId, clientId, month.toString()),
                                Keys.USAGE_INVOICE_SK)))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(str(item, INVOICE_ID));
  }

  private static Map<String, AttributeValue> usageClaimItem(Invoice invoice) {
    Map<String, AttributeValue> claim = new HashMap<>();
    claim.put(
        Keys.PK,
        s(
            Keys.usageInvoicePk(
                invoice.tenantId(), invoice.clientId(), invoice.usageMonth().toString())));
    claim.put(Keys.SK, s(Keys.USAGE_INVOICE_SK));
    claim.put(TYPE, s("usage_invoice"));
    claim.put(INVOICE_ID, s(invoice.id()));
    return claim;
  }

  @Override
  public Optional<Invoice> find(String tenantId, String invoiceId) {
    Map<String, AttributeValue> item =
        db.getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(key(Keys.invoicePk(tenantId, invoiceId), Keys.INVOICE_SK)))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(invoiceFrom(tenantId, item));
  }

  @Override
  public IssuedIn issuedIn(String tenantId, String clientId, java.time.YearMonth month, int limit) {
    // The sort key is "<issuedOn>#<inv>": "2026-03-" holds March's days only.
    Page<Invoice> page =
        tables.indexPage(
            tenantId,
            Keys.CLIENT_INVOICES,
            Keys.clientInvoicesPk(tenantId, clientId),
            month + "-",
            true,
            limit,
            null,
            i -> invoiceFrom(tenantId, i));
    return new IssuedIn(page.items(), page.nextCursor() != null);
  }

  @Override
  public Page<Invoice> list(
      String tenantId, String clientId, String status, LocalDate today, int limit, String cursor) {
    int index;
    String partition;
    String range = null;
    boolean forward = false;
    if (status == null) {
      index = clientId == null ? Keys.TENANT_INVOICES : Keys.CLIENT_INVOICES;
      partition =
          clientId == null
              ? Keys.tenantInvoicesPk(tenantId)
              : Keys.clientInvoicesPk(tenantId, clientId);
    } else {
      boolean derived = status.equals(InvoiceStatus.OVERDUE);
      String stored = derived ? InvoiceStatus.ISSUED.wire() : status;
      index = clientId == null ? Keys.TENANT_INVOICES_BY_STATUS : Keys.CLIENT_INVOICES_BY_STATUS;
      partition =
          clientId == null
              ? Keys.tenantInvoicesByStatusPk(tenantId, stored)
              : Keys.clientInvoicesByStatusPk(tenantId, clientId, stored);
      // Status lists sort by due date. Issued invoices split at today: "2026-11-23#inv_…" <
      // "2026-11-24" <=
      // "2026-11-24#inv_…", so overdue is "< today" and still-issued is ">= today", both key
      // conditions.
      if (status.equals(InvoiceStatus.ISSUED.wire())) range = ">=";
      if (derived) range = "<";
      forward = range != null;
    }
    String queryId = Tables.queryId(index, partition) + (range == null ? "" : "|" + range);
    Map<String, AttributeValue> start = cursors.decode(tenantId, queryId, cursor);
    Map<String, String> names = new HashMap<>(Map.of("#pk", Keys.gsiPk(index)));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(partition)));
    String condition = "#pk = :pk";
    if (range != null) {
      condition += " AND #sk " + range + " :today";
      names.put("#sk", Keys.gsiSk(index));
      values.put(":today", s(today.toString()));
    }
    QueryResponse res =
        db.query(
            QueryRequest.builder()
                .tableName(table)
                .indexName(Keys.gsiName(index))
                .keyConditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .scanIndexForward(forward)
                .exclusiveStartKey(start)
                .limit(limit)
                .build());
    return new Page<>(
        res.items().stream().map(i -> invoiceFrom(tenantId, i)).toList(),
        cursors.encode(tenantId, queryId, res.lastEvaluatedKey()));
  }

  @Override
  public boolean changeStatus(Invoice invoice, InvoiceStatus from, InvoiceStatus to) {
    String dueSk = Keys.invoiceSk(invoice.dueOn().toString(), invoice.id());
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":to", s(to.wire()));
    values.put(":from", s(from.wire()));
    values.put(":at", s(Times.iso(invoice.updatedAt())));
    values.put(":tenantStatus", s(Keys.tenantInvoicesByStatusPk(invoice.tenantId(), to.wire())));
    values.put(
        ":clientStatus",
        s(Keys.clientInvoicesByStatusPk(invoice.tenantId(), invoice.clientId(), to.wire())));
    values.put(":dueSk", s(dueSk));
    Map<String, AttributeValue> invoiceKey =
        key(Keys.invoicePk(invoice.tenantId(), invoice.id()), Keys.INVOICE_SK);
    String update =
        "SET #status = :to, updatedAt = :at, #tpk = :tenantStatus, #tsk = :dueSk,"
            + " #cpk = :clientStatus, #csk = :dueSk";
    Map<String, String> names =
        Map.of(
            "#status",
            STATUS,
            "#tpk",
            Keys.gsiPk(Keys.TENANT_INVOICES_BY_STATUS),
            "#tsk",
            Keys.gsiSk(Keys.TENANT_INVOICES_BY_STATUS),
            "#cpk",
            Keys.gsiPk(Keys.CLIENT_INVOICES_BY_STATUS),
            "#csk",
            Keys.gsiSk(Keys.CLIENT_INVOICES_BY_STATUS));
    if (invoice.usageMonth() != null && to == InvoiceStatus.VOID) {
      // Voiding a month's usage invoice frees the month, in the same transaction: the month can be
      // drafted again (a corrected ledger, a wrong rate) and nothing else can free it.
      Delete release =
          Delete.builder()
              .tableName(table)
              .key(
                  key(
                      Keys.usageInvoicePk(
                          invoice.tenantId(), invoice.clientId(), invoice.usageMonth().toString()),
                      Keys.USAGE_INVOICE_SK))
              .conditionExpression("attribute_not_exists(pk) OR " + INVOICE_ID + " = :id")
              .expressionAttributeValues(Map.of(":id", s(invoice.id())))
              .build();
      try {
        db.transactWriteItems(
            r ->
                r.transactItems(
                    TransactWriteItem.builder()
                        .update(
                            Update.builder()
                                .tableName(table)
                                .key(invoiceKey)
                                .updateExpression(update)
                                .conditionExpression("#status = :from")
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(values)
                                .build())
                        .build(),
                    TransactWriteItem.builder().delete(release).build()));
        return true;
      } catch (TransactionCanceledException e) {
        if (Tables.conditionFailedAt(e, 0)) return false;
        // The claim names another invoice (never written so today): leave it, void this one.
        if (!Tables.conditionFailedAt(e, 1)) throw e;
      }
    }
    try {
      db.updateItem(
          r ->
              r.tableName(table)
                  .key(invoiceKey)
                  .updateExpression(update)
                  .conditionExpression("#status = :from")
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public void attachPdf(Invoice invoice) {
    db.updateItem(
        r ->
            r.tableName(table)
                .key(key(Keys.invoicePk(invoice.tenantId(), invoice.id()), Keys.INVOICE_SK))
                .updateExpression("SET pdfKey = :k, updatedAt = :at")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(
                    Map.of(":k", s(invoice.pdfKey()), ":at", s(Times.iso(invoice.updatedAt())))));
  }

  static Map<String, AttributeValue> invoiceItem(Invoice i) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Keys.PK, s(Keys.invoicePk(i.tenantId(), i.id())));
    item.put(Keys.SK, s(Keys.INVOICE_SK));
    item.put(TYPE, s("invoice"));
    item.put(ID, s(i.id()));
    item.put(NUMBER, s(i.number()));
    item.put(CLIENT_ID, s(i.clientId()));
    item.put(ISSUED_ON, s(i.issuedOn().toString()));
    item.put(DUE_ON, s(i.dueOn().toString()));
    item.put(STATUS, s(i.status().wire()));
    item.put(CURRENCY, s(i.currency()));
    List<AttributeValue> lines = new ArrayList<>();
    for (InvoiceLine l : i.lines()) {
      Map<String, AttributeValue> m = new HashMap<>();
      m.put(DESCRIPTION, s(l.description()));
      m.put(QUANTITY, n(l.quantity()));
      m.put(UNIT_PRICE_MINOR, n(l.unitPrice().amountMinor()));
      m.put(AMOUNT_MINOR, n(l.amount().amountMinor()));
      put(m, TICKET_ID, l.ticketId());
      lines.add(AttributeValue.fromM(m));
    }
    item.put(LINES, AttributeValue.fromL(lines));
    item.put(TOTAL_MINOR, n(i.total().amountMinor()));
    put(item, PDF_KEY, i.pdfKey());
    put(item, CREATED_AT, i.createdAt());
    put(item, UPDATED_AT, i.updatedAt());
    if (i.usageMonth() != null) item.put(USAGE_MONTH, s(i.usageMonth().toString()));
    String issuedSk = Keys.invoiceSk(i.issuedOn().toString(), i.id());
    String dueSk = Keys.invoiceSk(i.dueOn().toString(), i.id());
    String status = i.status().wire();
    index(item, Keys.TENANT_INVOICES, Keys.tenantInvoicesPk(i.tenantId()), issuedSk);
    index(
        item,
        Keys.TENANT_INVOICES_BY_STATUS,
        Keys.tenantInvoicesByStatusPk(i.tenantId(), status),
        dueSk);
    index(item, Keys.CLIENT_INVOICES, Keys.clientInvoicesPk(i.tenantId(), i.clientId()), issuedSk);
    index(
        item,
        Keys.CLIENT_INVOICES_BY_STATUS,
        Keys.clientInvoicesByStatusPk(i.tenantId(), i.clientId(), status),
        dueSk);
    return item;
  }

  static Invoice invoiceFrom(String tenantId, Map<String, AttributeValue> i) {
    String currency = str(i, CURRENCY);
    List<InvoiceLine> lines = new ArrayList<>();
    for (AttributeValue v : i.get(LINES).l()) {
      Map<String, AttributeValue> m = v.m();
      lines.add(
          new InvoiceLine(
              str(m, DESCRIPTION),
              num(m, QUANTITY),
              new Money(num(m, UNIT_PRICE_MINOR), currency),
              new Money(num(m, AMOUNT_MINOR), currency),
              str(m, TICKET_ID)));
    }
    return new Invoice(
        tenantId,
        str(i, ID),
        str(i, NUMBER),
        str(i, CLIENT_ID),
        Times.date(str(i, ISSUED_ON)),
        Times.date(str(i, DUE_ON)),
        InvoiceStatus.fromWire(str(i, STATUS)).orElseThrow(),
        currency,
        lines,
        new Money(num(i, TOTAL_MINOR), currency),
        str(i, PDF_KEY),
        instant(i, CREATED_AT),
        instant(i, UPDATED_AT),
        str(i, USAGE_MONTH) == null ? null : Times.month(str(i, USAGE_MONTH)));
  }

  private static void index(Map<String, AttributeValue> item, int n, String pk, String sk) {
    item.put(Keys.gsiPk(n), s(pk));
    item.put(Keys.gsiSk(n), s(sk));
  }
}
