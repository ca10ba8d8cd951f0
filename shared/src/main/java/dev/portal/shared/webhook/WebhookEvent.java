package dev.portal.shared.webhook;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a webhook can subscribe to; the wire names are the contract's ({@code ticket.created} ...).
 */
public enum WebhookEvent {
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

  public String wire() {
    return wire;
  }

  public static Optional<WebhookEvent> fromWire(String s) {
    for (WebhookEvent e : values()) if (e.wire.equals(s)) return Optional.of(e);
    return Optional.empty();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(WebhookEvent::wire).toList();
  }
}
