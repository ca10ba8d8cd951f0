package dev.portal.fn.billing;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.InvoiceStatus;
import dev.portal.shared.domain.Months;
import dev.portal.shared.domain.TimeEntry;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.JsonFields;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.Ids;
import dev.portal.shared.service.InvoiceService;
import dev.portal.shared.service.LedgerService;
import dev.portal.shared.service.NewInvoice;
import dev.portal.shared.service.UsageInvoicing;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Agents' billing writes: time entries on tickets (the prepaid-hours ledger) and invoices with
 * their PDFs. Time entries live here rather than in ticket-actions because they write the ledger,
 * which is billing data; the ticket itself is not changed (its internal {@code time_logged} event
 * sorts beside the ticket's version without bumping it).
 */
public class BillingFunction extends ApiFunction {
  private static final Pattern INVOICE_NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9/-]{0,39}");

  /** An issued invoice becomes paid or void ({@link InvoiceStatus#canBecome}); nothing else. */
  private static final List<InvoiceStatus> TARGET_STATUSES =
      List.of(InvoiceStatus.PAID, InvoiceStatus.VOID);

  private static final long MAX_QUANTITY = 1_000_000L;
  private static final long MAX_UNIT_PRICE_MINOR = 100_000_000_000L;

  @Inject LedgerService ledger;

  // Through providers: a container that only logs time (the route called most) never builds the
  // invoice side (its store, the PDF bucket's objects). With SnapStart the context builds every
  // singleton before the snapshot all the same (LambdaContexts). A function without FILES_BUCKET
  // still fails at init: Micronaut refuses a Provider of a bean that cannot exist unless
  // allowEmptyProviders is on, which LambdaContexts leaves off.
  @Inject Provider<InvoiceService> invoices;
  @Inject Provider<UsageInvoicing> usage;

  public BillingFunction() {}

  public BillingFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.post("/v1/tickets/{id}/time-entries", Route.STAFF, this::logTime),
        Route.get("/v1/tickets/{id}/time-entries", Route.STAFF_AND_CLIENT_ADMINS, this::entries),
        Route.post("/v1/invoices", Route.STAFF, this::createInvoice),
        Route.post("/v1/invoices/from-usage", Route.STAFF, this::invoiceFromUsage),
        Route.patch("/v1/invoices/{id}", Route.STAFF, this::changeInvoice),
        Route.put("/v1/invoices/{id}/pdf", Route.STAFF, this::attachPdf)
            .accepting("application/pdf", InvoiceService.MAX_PDF_BYTES));
  }

  private ApiResponse createInvoice(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String clientId = body.requiredText("clientId", 1, Caps.ID);
    String number = body.optionalText("number", 1, Caps.INVOICE_NUMBER);
    if (number != null && !INVOICE_NUMBER.matcher(number).matches()) {
      body.error(
          "number", "use letters, digits, '-' and '/' only, starting with a letter or digit");
    }
    LocalDate issuedOn = body.date("issuedOn", true);
    LocalDate dueOn = body.date("dueOn", true);
    String currency = body.currency("currency", true);
    List<NewInvoice.Line> lines = new ArrayList<>();
    for (JsonFields line : body.objects("lines", 1, Caps.INVOICE_LINES, true)) {
      String description = line.requiredText("description", 1, Caps.LINE_DESCRIPTION);
      Long quantity = line.whole("quantity", 1, MAX_QUANTITY, true);
      Long unitPrice = line.whole("unitPriceMinor", 0, MAX_UNIT_PRICE_MINOR, true);
      String ticketId = line.optionalText("ticketId", 1, Caps.ID);
      if (description != null && quantity != null && unitPrice != null) {
        lines.add(new NewInvoice.Line(description, quantity, unitPrice, ticketId));
      }
    }
    body.done();
    var shown =
        invoices
            .get()
            .create(
                request.caller(),
                new NewInvoice(clientId, number, issuedOn, dueOn, currency, lines),
                request.recording(this::created));
    return created(shown).recordedInTransaction();
  }

  /**
   * 201 with the invoice drafted now; 200 with the month's invoice drafted earlier (the same id
   * every time).
   */
  private ApiResponse invoiceFromUsage(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String clientId = body.requiredText("clientId", 1, Caps.ID);
    if (clientId != null && !Ids.isPlausibleId(clientId)) {
      body.error("clientId", "must be a client id: 1 to 64 letters, digits, '_' or '-'");
    }
    String monthText = body.requiredTextAsIs("month", 1, 7);
    YearMonth month = monthText == null ? null : Months.of(monthText).orElse(null);
    if (monthText != null && month == null) body.error("month", "must be a month YYYY-MM");
    var rate = body.money("outOfContractRate", MAX_UNIT_PRICE_MINOR, false);
    LocalDate dueOn = body.date("dueOn", false);
    body.done();
    var result =
        usage
            .get()
            .draft(
                request.caller(),
                new UsageInvoicing.Request(clientId, month, rate, dueOn),
                request.recording(this::created));
    return result.created()
        ? created(result.shown()).recordedInTransaction()
        : ApiResponse.json(200, json().write(Views.invoice(result.shown())))
            .withHeader("location", "/v1/invoices/" + result.shown().invoice().id());
  }

  private ApiResponse created(InvoiceService.Shown shown) {
    return ApiResponse.json(201, json().write(Views.invoice(shown)))
        .withHeader("location", "/v1/invoices/" + shown.invoice().id());
  }

  private ApiResponse changeInvoice(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    InvoiceStatus status = body.choice("status", TARGET_STATUSES, true);
    body.done();
    var shown = invoices.get().changeStatus(request.caller(), request.pathParam("id"), status);
    return ApiResponse.json(200, json().write(Views.invoice(shown)));
  }

  private ApiResponse attachPdf(ApiRequest request) {
    var shown = invoices.get().attachPdf(request.caller(), request.pathParam("id"), request.body());
    return ApiResponse.json(200, json().write(Views.invoice(shown)));
  }

  private ApiResponse logTime(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    Integer minutes = body.integer("minutes", 1, 1440, true);
    String note = body.optionalText("note", 0, Caps.NOTE);
    Boolean billable = body.bool("billable");
    if (billable == null) body.error("billable", "is required: true or false");
    Boolean internal = body.bool("internal");
    body.done();
    var entry =
        ledger.log(
            request.caller(),
            request.pathParam("id"),
            minutes,
            note,
            billable,
            Boolean.TRUE.equals(internal),
            request.recording(this::logged));
    return logged(entry).recordedInTransaction();
  }

  /** A ticket's time entries, oldest first, as the caller may see them. */
  private ApiResponse entries(ApiRequest request) {
    var entries =
        ledger.entries(
            request.caller(), request.pathParam("id"), request.limit(), request.cursor());
    return ApiResponse.json(
        200,
        json()
            .write(
                Views.page(
                    entries.page(),
                    e -> Views.timeEntry(e, entries.ticket().number(), entries.staff()))));
  }

  private ApiResponse logged(TimeEntry entry) {
    return ApiResponse.json(201, json().write(Views.timeEntry(entry)));
  }
}
