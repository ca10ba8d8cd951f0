package dev.portal.fn.billing;

import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.JsonFields;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.LedgerService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Agents' billing writes: time entries on tickets (the prepaid-hours ledger) and invoices. Time entries live here
 * rather than in ticket-actions because they write the ledger, which is billing data; the ticket itself is not
 * changed (its internal {@code time_logged} event sorts beside the ticket's version without bumping it).
 */
public class BillingFunction extends ApiFunction {
  @Inject LedgerService ledger;

  public BillingFunction() {}

  public BillingFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.post("/v1/tickets/{id}/time-entries", Route.STAFF, this::logTime));
  }

  private ApiResponse logTime(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    Integer minutes = body.integer("minutes", 1, 1440, true);
    String note = body.text("note", 0, 2_000, false, true);
    Boolean billable = body.bool("billable");
    if (billable == null) body.error("billable", "is required: true or false");
    body.done();
    var entry = ledger.log(request.caller(), request.pathParam("id"), minutes, note, billable);
    return ApiResponse.json(201, json().write(Views.timeEntry(entry)));
  }
}
