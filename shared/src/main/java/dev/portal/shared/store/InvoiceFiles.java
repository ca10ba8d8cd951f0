package dev.portal.shared.store;

import java.net.URI;
import java.time.Duration;

/** Where invoice PDFs are kept (S3 in AWS and against the emulator). */
public interface InvoiceFiles {

  /** The object key of an invoice's PDF: tenant-scoped, so a key can never name another tenant's file. */
  static String pdfKey(String tenantId, String invoiceId) {
    return "tenants/" + tenantId + "/invoices/" + invoiceId + ".pdf";
  }

  void putPdf(String key, byte[] pdf);

  /** A presigned GET of the object that expires after {@code ttl}. */
  URI presignedGet(String key, Duration ttl);
}
