package dev.portal.shared.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.portal.shared.domain.Client;
import dev.portal.shared.domain.Contact;
import dev.portal.shared.domain.Page;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.error.FieldError;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The wire shapes of the contract. Nulls are written out ({@code "firstResponseAt": null}) because portals rely on
 * every documented field being present.
 */
public final class Views {
  private Views() {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record PersonView(String email, String name) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record RatingView(int score, String comment) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record SlaView(String reactionDueAt, String resolutionDueAt, String state) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TicketView(String id, String number, String subject, String description, String status,
      String priority, String channel, String clientId, String contractId, PersonView requester, String createdAt,
      String updatedAt, String firstResponseAt, String resolvedAt, SlaView sla, RatingView rating) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ActorView(String kind, String email) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record EventView(String id, String type, String at, ActorView actor,
      @JsonProperty("public") boolean isPublic, Map<String, Object> data) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ClientView(String id, String name, List<String> emailDomains, String createdAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ContactView(String email, String name, String clientId, String role, String createdAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record PageView<T>(List<T> items, String nextCursor) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ProblemView(String type, String title, int status, String detail, List<FieldError> errors,
      String requestId) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record HealthView(String status) {}

  public static TicketView ticket(Ticket t) {
    return new TicketView(t.id(), t.number(), t.subject(), t.description(), t.status().wire(), t.priority().wire(),
        t.channel().wire(), t.clientId(), t.contractId(), new PersonView(t.requester().email(), t.requester().name()),
        iso(t.createdAt()), iso(t.updatedAt()), iso(t.firstResponseAt()), iso(t.resolvedAt()), null,
        t.rating() == null ? null : new RatingView(t.rating().score(), t.rating().comment()));
  }

  public static EventView event(TicketEvent e) {
    return new EventView(e.id(), e.type().wire(), iso(e.at()), new ActorView(e.actor().kind().wire(), e.actor().email()),
        e.isPublic(), e.data());
  }

  public static ClientView client(Client c) {
    return new ClientView(c.id(), c.name(), c.emailDomains(), iso(c.createdAt()));
  }

  public static ContactView contact(Contact c) {
    return new ContactView(c.email(), c.name(), c.clientId(), c.role().wire(), iso(c.createdAt()));
  }

  public static <T, V> PageView<V> page(Page<T> page, java.util.function.Function<T, V> view) {
    return new PageView<>(page.items().stream().map(view).toList(), page.nextCursor());
  }

  static String iso(Instant i) {
    return dev.portal.shared.domain.Times.iso(i);
  }
}
