package dev.portal.shared.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * An invoice in one currency. Lines and total are integer minor units; {@code pdfKey} is the S3 key
 * of its PDF once uploaded; {@code usageMonth} is the month of the tenant's calendar it was drafted
 * from ({@code POST /v1/invoices/from-usage}), null for an invoice typed by hand.
 */
public record Invoice(
    String tenantId,
    String id,
    String number,
    String clientId,
    LocalDate issuedOn,
    LocalDate dueOn,
    InvoiceStatus status,
    String currency,
    List<InvoiceLine> lines,
    Money total,
    String pdfKey,
    Instant createdAt,
    Instant updatedAt,
    YearMonth usageMonth) {

  /**
   * {@code overdue} when issued and {@code today} (the tenant's calendar day) is after the due
   * date.
   */
  public String shownStatus(LocalDate today) {
    return status == InvoiceStatus.ISSUED && today.isAfter(dueOn)
        ? InvoiceStatus.OVERDUE
        : status.wire();
  }

  /**
   * The part of the total that the profitability report counts as {@code invoiced}: all of it for
   * an invoice typed by hand; for one drafted from usage only its lines of work outside any
   * contract (those that name a ticket), because the report already counts a contract's overage
   * from the logged minutes, and counting the overage line too would count that money twice.
   */
  public Money counted() {
    if (usageMonth == null) return total;
    Money sum = Money.zero(currency);
    for (InvoiceLine l : lines) if (l.ticketId() != null) sum = sum.plus(l.amount());
    return sum;
  }

  public Invoice withStatus(InvoiceStatus next, Instant at) {
    return new Invoice(
        tenantId,
        id,
        number,
        clientId,
        issuedOn,
        dueOn,
        next,
        currency,
        lines,
        total,
        pdfKey,
        createdAt,
        at,
        usageMonth);
  }

  public Invoice withPdf(String key, Instant at) {
    return new Invoice(
        tenantId,
        id,
        number,
        clientId,
        issuedOn,
        dueOn,
        status,
        currency,
        lines,
        total,
        key,
        createdAt,
        at,
        usageMonth);
  }
}
