package dev.portal.shared.webhook;

import dev.portal.shared.domain.WireNames;
import java.util.Optional;

/**
 * What a webhook can subscribe to; the wire names are the contract's ({@code ticket.created} ...).
 */
public enum WebhookEvent implements WireNames.Wired {
  TICKET_CREATED("ticket.created"),
  TICKET_UPDATED("ticket.updated"),
  COMMENT_ADDED("comment.added"),
  SLA_WARNING("sla.warning"),
  SLA_BREACHED("sla.breached"),
  INVOICE_ISSUED("invoice.issued");

  private final String wire;

  WebhookEvent(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static Optional<WebhookEvent> fromWire(String s) {
    return WireNames.find(values(), s);
  }
}
