package dev.portal.shared.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceTest {
  private static final LocalDate DUE = LocalDate.parse("2026-11-24");

  private static Invoice invoice(InvoiceStatus status) {
    Money m = new Money(100, "EUR");
    return new Invoice(
        "t",
        "inv_1",
        "INV-2026-0001",
        "cli",
        LocalDate.parse("2026-11-01"),
        DUE,
        status,
        "EUR",
        List.of(new InvoiceLine("x", 1, m, m, null)),
        m,
        null,
        Instant.EPOCH,
        Instant.EPOCH);
  }

  @Test
  void anIssuedInvoiceIsOverdueFromTheDayAfterItsDueDate() {
    assertEquals("issued", invoice(InvoiceStatus.ISSUED).shownStatus(DUE.minusDays(1)));
    assertEquals(
        "issued", invoice(InvoiceStatus.ISSUED).shownStatus(DUE), "due today is not overdue yet");
    assertEquals("overdue", invoice(InvoiceStatus.ISSUED).shownStatus(DUE.plusDays(1)));
    assertEquals("paid", invoice(InvoiceStatus.PAID).shownStatus(DUE.plusDays(30)));
    assertEquals("void", invoice(InvoiceStatus.VOID).shownStatus(DUE.plusDays(30)));
  }

  @Test
  void onlyIssuedInvoicesArePaidOrVoidedAndThoseAreFinal() {
    assertTrue(InvoiceStatus.ISSUED.canBecome(InvoiceStatus.PAID));
    assertTrue(InvoiceStatus.ISSUED.canBecome(InvoiceStatus.VOID));
    assertFalse(InvoiceStatus.ISSUED.canBecome(InvoiceStatus.ISSUED));
    for (InvoiceStatus from : List.of(InvoiceStatus.PAID, InvoiceStatus.VOID)) {
      for (InvoiceStatus to : InvoiceStatus.values())
        assertFalse(from.canBecome(to), from + " -> " + to);
    }
  }
}
