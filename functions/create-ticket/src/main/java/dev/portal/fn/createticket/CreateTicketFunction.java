package dev.portal.fn.createticket;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.IdempotencyGuard;
import dev.portal.shared.http.JsonFields;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.NewTicket;
import dev.portal.shared.service.TicketService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;

/** {@code POST /v1/tickets}: a client, client admin or agent opens a ticket. */
public class CreateTicketFunction extends ApiFunction {

  @Inject TicketService tickets;

  public CreateTicketFunction() {}

  public CreateTicketFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected List<Route> routes() {
    // The idempotency record is written in the ticket's own transaction: exactly once, two requests
    // to DynamoDB.
    return List.of(
        Route.post("/v1/tickets", Route.EVERYONE, this::create)
            .idempotentInTransaction(this::replayed));
  }

  private ApiResponse create(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    NewTicket ticket =
        new NewTicket(
            body.requiredText("subject", 1, Caps.SUBJECT),
            body.requiredTextAsIs("description", 1, Caps.TEXT),
            body.choice("priority", List.of(Priority.values()), false),
            body.optionalText("clientId", 1, Caps.ID),
            body.email("requesterEmail", false));
    body.done();
    Ticket created =
        tickets.create(
            request.caller(),
            ticket,
            request.idempotency(),
            t -> IdempotencyGuard.stored(response(t.toBuilder().description(null).build())));
    return response(created);
  }

  /**
   * What the idempotency record keeps in place of the description: a created ticket always has one,
   * so this spelling is never a real answer's. The description is most of the answer (up to 20,000
   * characters) and never changes, so the record (written in the create's transaction, 2 write
   * units per KB) keeps the rest and a replay reads the description back from the ticket.
   */
  static final String NO_DESCRIPTION = ",\"description\":null,";

  private ApiResponse replayed(ApiRequest request, ApiResponse stored) {
    String location = stored.headers().get("location");
    if (location == null || !stored.body().contains(NO_DESCRIPTION)) return stored;
    Ticket ticket =
        tickets.get(request.caller(), location.substring(location.lastIndexOf('/') + 1));
    String description = ",\"description\":" + json().write(ticket.description()) + ",";
    return new ApiResponse(
        stored.status(),
        stored.headers(),
        stored.body().replace(NO_DESCRIPTION, description),
        stored.recorded(),
        stored.base64());
  }

  private ApiResponse response(Ticket ticket) {
    return ApiResponse.json(201, json().write(Views.ticket(ticket, now())))
        .withHeader("location", "/v1/tickets/" + ticket.id());
  }
}
