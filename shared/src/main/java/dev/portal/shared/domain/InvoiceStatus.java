package dev.portal.shared.domain;

import java.util.Optional;

/**
 * The stored status of an invoice. {@code overdue} is not stored: it is an {@code issued} invoice
 * whose due date has passed in the tenant's time zone, derived when read ({@link
 * Invoice#shownStatus}).
 */
public enum InvoiceStatus implements WireNames.Wired {
  ISSUED("issued"),
  PAID("paid"),
  VOID("void");

  public static final String OVERDUE = "overdue";

  private final String wire;

  InvoiceStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static Optional<InvoiceStatus> fromWire(String s) {
    return WireNames.find(values(), s);
  }

  /** Only an issued invoice changes: it is paid or voided, and both are final. */
  public boolean canBecome(InvoiceStatus next) {
    return this == ISSUED && (next == PAID || next == VOID);
  }
}
