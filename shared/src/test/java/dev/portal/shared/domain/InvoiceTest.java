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
        Instant.EPOCH,
        null);
  }

  @Test
  void fromUsageOnlyTheWorkOutsideContractsCountsAsInvoicedNotTheOverageAgain() {
    Money overage = new Money(9000, "EUR");
    Money work = new Money(6000, "EUR");
    List<InvoiceLine> lines =
        List.of(
            new InvoiceLine("overage", 1, overage, overage, null),
            new InvoiceLine("T-7", 1, work, work, "tkt_7"));
    Money total = new Money(15000, "EUR");
    Invoice byHand =
        new Invoice(
            "t",
            "inv_1",
            "INV-1",
            "cli",
            DUE,
            DUE,
            InvoiceStatus.ISSUED,
            "EUR",
            lines,
            total,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            null);
    assertEquals(total, byHand.counted(), "an invoice typed by hand counts whole");
    Invoice fromUsage =
        new Invoice(
            "t",
            "inv_2",
            "INV-2",
            "cli",
            DUE,
            DUE,
            InvoiceStatus.ISSUED,
            "EUR",
            lines,
            total,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            java.time.YearMonth.of(2026, 10));
    assertEquals(work, fromUsage.counted());
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
