package dev.portal.fn.ticketstatus;

import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.TicketService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;

/** Reading tickets: lists, one ticket by id or number, and its timeline. Read-only table access. */
public class TicketStatusFunction extends ApiFunction {
  @Inject TicketService tickets;

  public TicketStatusFunction() {}

  public TicketStatusFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.get("/v1/tickets", Route.EVERYONE, this::list),
        Route.get("/v1/tickets/{id}", Route.EVERYONE, this::get),
        Route.get("/v1/tickets/{id}/events", Route.EVERYONE, this::events));
  }

  private ApiResponse list(ApiRequest request) {
    String status = request.query("status");
    TicketStatus parsed = status == null ? null : TicketStatus.fromWire(status).orElseThrow(() ->
        new PortalException.Invalid("status", "must be one of new, in_progress, waiting_for_client, resolved, closed"));
    var page = tickets.list(request.caller(), parsed, request.query("clientId"), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::ticket)));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.json(200, json().write(Views.ticket(tickets.get(request.caller(), request.pathParam("id")))));
  }

  private ApiResponse events(ApiRequest request) {
    var page = tickets.events(request.caller(), request.pathParam("id"), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::event)));
  }
}
