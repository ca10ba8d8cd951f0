package dev.portal.shared.store;

import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.InvoiceStatus;
import dev.portal.shared.domain.Page;
import java.time.LocalDate;
import java.util.Optional;

/** Invoices, their tenant-unique numbers and the per-year number counter, in the single table. */
public interface InvoiceStore {

  /** The next value of the tenant's invoice counter for {@code year} (atomic, gap-tolerant). */
  long nextNumber(String tenantId, int year);

  /**
   * Writes the invoice and claims its number in one transaction.
   *
   * @throws NumberTaken when another invoice of the tenant has the number
   */
  default void create(Invoice invoice) {
    create(invoice, Optional.empty());
  }

  /**
   * As above, with the request's completed idempotency record in the same transaction. An invoice
   * drafted from usage ({@link Invoice#usageMonth()} set) also claims its client's month in the
   * transaction.
   *
   * @throws IdempotencyCollision when the record's key is in other hands
   * @throws UsageClaimed when the client's month has its invoice already (or another transaction is
   *     writing one at the same moment): nothing was written
   */
  void create(Invoice invoice, Optional<CompletedIdempotency> record);

  /**
   * The id of the invoice drafted from the client's usage in {@code month}, if there is one (one
   * consistent GetItem of the month's claim).
   */
  Optional<String> usageInvoiceId(String tenantId, String clientId, java.time.YearMonth month);

  Optional<Invoice> find(String tenantId, String invoiceId);

  /**
   * A list on a designed key: the tenant's or one client's invoices, newest issue date first; or
   * one status, {@code issued} and {@code overdue} both read the issued partition by due date
   * ascending, split at {@code today}.
   *
   * @param status null, or a stored status wire, or {@code overdue}
   */
  Page<Invoice> list(
      String tenantId, String clientId, String status, LocalDate today, int limit, String cursor);

  /** Invoices issued to one client in one month, oldest first, and whether more were left out. */
  record IssuedIn(java.util.List<Invoice> invoices, boolean truncated) {}

  /**
   * The client's invoices with {@code issuedOn} in {@code month}: one Query of the client's invoice
   * list, {@code begins_with} the month, at most {@code limit} of them.
   */
  IssuedIn issuedIn(String tenantId, String clientId, java.time.YearMonth month, int limit);

  /**
   * @return false when the stored status was no longer {@code from}
   */
  boolean changeStatus(Invoice invoice, InvoiceStatus from, InvoiceStatus to);

  /** Records the PDF's S3 key on the invoice. */
  void attachPdf(Invoice invoice);

  final class UsageClaimed extends RuntimeException {
    public UsageClaimed() {
      super("usage month claimed", null, false, false);
    }
  }

  final class NumberTaken extends RuntimeException {
    public NumberTaken() {
      super("invoice number taken", null, false, false);
    }
  }
}
