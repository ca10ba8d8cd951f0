package dev.portal.fn.invoices;

import dev.portal.shared.domain.Role;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.SnapStartPriming.Read;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.InvoiceService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reading invoices (read-only table access, S3 GetObject for the presigned PDF links). A plain
 * {@code client} may not: invoices are for the client company's admins and the tenant's staff.
 */
public class InvoicesFunction extends ApiFunction {
  private static final Set<Role> READERS = EnumSet.of(Role.CLIENT_ADMIN, Role.AGENT, Role.ADMIN);
  private static final List<String> STATUSES = List.of("issued", "overdue", "paid", "void");

  @Inject InvoiceService invoices;

  public InvoicesFunction() {}

  public InvoicesFunction(ApplicationContext context) {
    super(context);
  }

  /** The invoice list, as staff and as a client's admin read it. */
  @Override
  protected List<Read> primingReads() {
    return List.of(Read.staff("/v1/invoices"), Read.clientAdmin("/v1/invoices"));
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.get("/v1/invoices", READERS, this::list),
        Route.get("/v1/invoices/{id}", READERS, this::get));
  }

  private ApiResponse list(ApiRequest request) {
    String status = request.query("status");
    if (status != null && !STATUSES.contains(status)) {
      throw new PortalException.Invalid("status", "must be one of " + String.join(", ", STATUSES));
    }
    var page =
        invoices.list(
            request.caller(), status, request.clientIdFilter(), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::invoice)));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.json(
        200, json().write(Views.invoice(invoices.get(request.caller(), request.pathParam("id")))));
  }
}
