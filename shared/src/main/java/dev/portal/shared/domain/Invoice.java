package dev.portal.shared.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An invoice for one-off work, in one currency. Lines and total are integer minor units; {@code
 * pdfKey} is the S3 key of its PDF once uploaded.
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
    Instant updatedAt) {

  /**
   * {@code overdue} when issued and {@code today} (the tenant's calendar day) is after the due
   * date.
   */
  public String shownStatus(LocalDate today) {
    return status == InvoiceStatus.ISSUED && today.isAfter(dueOn)
        ? InvoiceStatus.OVERDUE
        : status.wire();
  }

  public Invoice withStatus(InvoiceStatus next, Instant at) {
    return new Invoice(
        tenantId, id, number, clientId, issuedOn, dueOn, next, currency, lines, total, pdfKey,
        createdAt, at);
  }

  public Invoice withPdf(String key, Instant at) {
    return new Invoice(
        tenantId, id, number, clientId, issuedOn, dueOn, status, currency, lines, total, key,
        createdAt, at);
  }
}
