package dev.portal.shared.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portal.shared.http.Views;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * The bodies receivers get (openapi.yaml, {@code WebhookPayload}): the same envelope, a {@code
 * data} per event.
 */
public final class WebhookPayloads {
  private WebhookPayloads() {}

  /**
   * @param id the delivery's id, the same on every attempt: a receiver's key for ignoring a repeat
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Envelope<T>(String id, String type, String createdAt, T data) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TicketData(Views.TicketView ticket) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record EventData(String ticketId, String ticketNumber, EventView event) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record EventView(
      String id,
      String type,
      String at,
      Views.ActorView actor,
      @JsonProperty("public") boolean isPublic,
      Map<String, Object> data) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record InvoiceData(
      String id,
      String number,
      String clientId,
      String issuedOn,
      String dueOn,
      String status,
      Views.MoneyView total) {}
}
