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
        Route.post("/v1/tickets", Route.EVERYONE, this::create).idempotentInTransaction());
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
            t -> IdempotencyGuard.stored(response(t)));
    return response(created);
  }

  private ApiResponse response(Ticket ticket) {
    return ApiResponse.json(201, json().write(Views.ticket(ticket, now())))
        .withHeader("location", "/v1/tickets/" + ticket.id());
  }
}
