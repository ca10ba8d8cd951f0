package dev.portal.shared.webhook;

import dev.portal.shared.domain.Invoice;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.Times;
import dev.portal.shared.http.Json;
import dev.portal.shared.http.Views;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.StreamImages;
import dev.portal.shared.store.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The projections consumer's webhook part: a stream record that is a webhook event (a new ticket, a
 * changed ticket, a comment, an SLA warning or breach, a new invoice) becomes one delivery per
 * webhook of the tenant that subscribed to it. Each delivery's id is derived from the webhook and
 * the change, so a replayed batch finds the delivery written and only queues it again; the delivery
 * function sends a delivered one no second time.
 */
public final class WebhookFanout {
  /** Deliveries are listed for this long, then TTL removes them. */
  static final Duration RETENTION = Duration.ofDays(30);

  /**
   * Event text past this is cut in the payload, so a delivery always fits its item and stays a sane
   * POST.
   */
  static final int MAX_TEXT = 20_000;

  private final WebhookStore store;
  private final WebhookQueue queue;
  private final Json json;
  private final Clock clock;

  public WebhookFanout(WebhookStore store, WebhookQueue queue, Json json, Clock clock) {
    this.store = store;
    this.queue = queue;
    this.json = json;
    this.clock = clock;
  }

  /**
   * What one change means to webhooks: its tenant, a stable id, the event, when, and the payload's
   * data.
   */
  record Change(String tenantId, String changeId, WebhookEvent event, Instant at, Object data) {}

  /**
   * @return how many deliveries the record led to (queued, new or again)
   */
  public int apply(
      String eventName,
      Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    Optional<Change> change = change(eventName, oldImage, newImage);
    if (change.isEmpty()) return 0;
    Change c = change.get();
    List<Webhook> hooks =
        store.webhooks(c.tenantId()).stream().filter(w -> w.wants(c.event())).toList();
    for (Webhook w : hooks) {
      String id = "dl_" + Keys.sha256Hex(w.id() + "|" + c.changeId()).substring(0, 24);
      String body =
          json.write(
              new WebhookPayloads.Envelope<>(id, c.event().wire(), Times.iso(c.at()), c.data()));
      WebhookDelivery d =
          new WebhookDelivery(
              w.id(),
              id,
              c.event(),
              c.at(),
              WebhookDelivery.Status.PENDING,
              0,
              0,
              null,
              clock.instant(),
              body);
      store.addDelivery(c.tenantId(), d, clock.instant().plus(RETENTION));
      queue.send(new WebhookDelivery.Ref(c.tenantId(), w.id(), id, Times.iso(c.at())));
    }
    return hooks.size();
  }

  static Optional<Change> change(
      String eventName,
      Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    if ("REMOVE".equals(eventName)) return Optional.empty();
    Optional<Ticket> ticket = StreamImages.ticket(newImage);
    if (ticket.isPresent()) {
      Ticket t = ticket.get();
      Ticket before =
          "INSERT".equals(eventName) ? null : StreamImages.ticket(oldImage).orElse(null);
      if (before != null && before.version() == t.version())
        return Optional.empty(); // a re-put of the same version
      WebhookEvent e =
          before == null && t.version() <= 1
              ? WebhookEvent.TICKET_CREATED
              : WebhookEvent.TICKET_UPDATED;
      return Optional.of(
          new Change(
              t.tenantId(),
              "T" + t.seq() + "v" + t.version(),
              e,
              t.updatedAt(),
              new WebhookPayloads.TicketData(Views.ticket(t, t.updatedAt()))));
    }
    if (!"INSERT".equals(eventName)) return Optional.empty();
    Optional<StreamImages.EventImage> event = StreamImages.event(newImage);
    if (event.isPresent()) {
      StreamImages.EventImage e = event.get();
      WebhookEvent type =
          switch (e.eventType()) {
            case "comment" -> WebhookEvent.COMMENT_ADDED;
            case "sla_warning" -> WebhookEvent.SLA_WARNING;
            case "sla_breached" -> WebhookEvent.SLA_BREACHED;
            default -> null;
          };
      if (type == null || e.id() == null || e.at() == null) return Optional.empty();
      var view =
          new WebhookPayloads.EventView(
              e.id(),
              e.eventType(),
              Times.iso(e.at()),
              new Views.ActorView(e.actorKind(), e.actorEmail()),
              e.isPublic(),
              capped(e.data()));
      return Optional.of(
          new Change(
              e.tenantId(),
              e.id(),
              type,
              e.at(),
              new WebhookPayloads.EventData(e.ticketId(), e.ticketNumber(), view)));
    }
    Optional<Invoice> invoice = StreamImages.invoice(newImage);
    if (invoice.isPresent()) {
      Invoice i = invoice.get();
      return Optional.of(
          new Change(
              i.tenantId(),
              "I" + i.id(),
              WebhookEvent.INVOICE_ISSUED,
              i.createdAt(),
              new WebhookPayloads.InvoiceData(
                  i.id(),
                  i.number(),
                  i.clientId(),
                  i.issuedOn().toString(),
                  i.dueOn().toString(),
                  i.status().wire(),
                  Views.money(i.total()))));
    }
    return Optional.empty();
  }

  /**
   * Text values past {@link #MAX_TEXT} characters cut, with {@code truncated: true} beside them.
   */
  private static Map<String, Object> capped(Map<String, Object> data) {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean cut = false;
    for (var e : data.entrySet()) {
      if (e.getValue() instanceof String s && s.length() > MAX_TEXT) {
        out.put(e.getKey(), s.substring(0, MAX_TEXT));
        cut = true;
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    if (cut) out.put("truncated", true);
    return out;
  }
}
