package dev.portal.shared.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portal.shared.http.JsonOut;
import dev.portal.shared.http.JsonView;
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
  public record Envelope<T>(String id, String type, String createdAt, T data) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("type", type)
          .field("createdAt", createdAt)
          .field("data", data)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TicketData(Views.TicketView ticket) implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object().field("ticket", ticket).end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record EventData(String ticketId, String ticketNumber, EventView event)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("ticketId", ticketId)
          .field("ticketNumber", ticketNumber)
          .field("event", event)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record EventView(
      String id,
      String type,
      String at,
      Views.ActorView actor,
      @JsonProperty("public") boolean isPublic,
      Map<String, Object> data)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("type", type)
          .field("at", at)
          .field("actor", actor)
          .field("public", isPublic)
          .field("data", data)
          .end();
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record InvoiceData(
      String id,
      String number,
      String clientId,
      String issuedOn,
      String dueOn,
      String status,
      Views.MoneyView total)
      implements JsonView {
    @Override
    public void writeJson(JsonOut out) {
      out.object()
          .field("id", id)
          .field("number", number)
          .field("clientId", clientId)
          .field("issuedOn", issuedOn)
          .field("dueOn", dueOn)
          .field("status", status)
          .field("total", total)
          .end();
    }
  }
}
