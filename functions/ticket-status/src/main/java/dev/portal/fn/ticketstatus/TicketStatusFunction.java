package dev.portal.fn.ticketstatus;

import dev.portal.shared.domain.MailOutcome;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.domain.WireNames;
import dev.portal.shared.email.AttachmentService;
import dev.portal.shared.email.MailboxService;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.EmailViews;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.SnapStartPriming.Read;
import dev.portal.shared.http.Views;
import dev.portal.shared.report.ProfitabilityReport;
import dev.portal.shared.report.ProfitabilityTable;
import dev.portal.shared.report.SupportReport;
import dev.portal.shared.report.SupportTable;
import dev.portal.shared.service.TicketService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Reading tickets: lists, one ticket by id or number, its timeline and links to its attachments;
 * and the mail log. Read-only table access (and S3 presigning, which reads nothing).
 */
public class TicketStatusFunction extends ApiFunction {
  private static final java.util.regex.Pattern EMAIL =
      java.util.regex.Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}");
  private static final java.util.regex.Pattern GROUP_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  @Inject TicketService tickets;
  @Inject MailboxService mail;
  @Inject AttachmentService attachments;
  @Inject SupportReport reports;
  @Inject ProfitabilityReport profitability;

  public TicketStatusFunction() {}

  public TicketStatusFunction(ApplicationContext context) {
    super(context);
  }

  /** A ticket and the first page of tickets, as a client contact and as staff reads them. */
  @Override
  protected List<Read> primingReads() {
    return List.of(
        Read.client("/v1/tickets/PRIMING-1"),
        Read.client("/v1/tickets?limit=10"),
        Read.staff("/v1/tickets?limit=10"));
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.get("/v1/tickets", Route.EVERYONE, this::list),
        Route.get("/v1/tickets/{id}", Route.EVERYONE, this::get),
        Route.get("/v1/tickets/{id}/events", Route.EVERYONE, this::events),
        Route.get("/v1/tickets/{id}/attachments/{attachmentId}", Route.EVERYONE, this::attachment),
        Route.get("/v1/inbound-mail", Route.STAFF, this::inboundMail),
        Route.get(
            "/v1/reports/support",
            java.util.EnumSet.of(
                dev.portal.shared.domain.Role.AGENT,
                dev.portal.shared.domain.Role.ADMIN,
                dev.portal.shared.domain.Role.CLIENT_ADMIN),
            this::supportReport),
        Route.get("/v1/reports/profitability", Route.ADMINS, this::profitabilityReport));
  }

  private ApiResponse list(ApiRequest request) {
    String status = request.filter("status");
    String assignee = request.filter("assignee");
    String group = request.filter("group");
    TicketStatus parsed =
        status == null
            ? null
            : TicketStatus.fromWire(status)
                .orElseThrow(
                    () ->
                        new PortalException.Invalid(
                            "status", WireNames.oneOf(TicketStatus.values())));
    if (assignee != null
        && !assignee.equals(TicketService.ME)
        && !assignee.equals(TicketService.UNASSIGNED)
        && !EMAIL.matcher(assignee).matches()) {
      throw new PortalException.Invalid("assignee", "must be me, none or a staff member's email");
    }
    if (group != null && !GROUP_ID.matcher(group).matches()) {
      throw new PortalException.Invalid("group", "must be a group id such as grp_3fa8c1d2e4b5");
    }
    var page =
        tickets.list(
            request.caller(),
            parsed,
            request.clientIdFilter(),
            assignee,
            group,
            request.limit(),
            request.cursor());
    Instant now = now();
    return ApiResponse.json(200, json().write(Views.page(page, t -> Views.ticketSummary(t, now))));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.json(
        200,
        json().write(Views.ticket(tickets.get(request.caller(), request.pathParam("id")), now())));
  }

  private ApiResponse events(ApiRequest request) {
    var page =
        tickets.events(
            request.caller(), request.pathParam("id"), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::event)));
  }

  /**
   * 302 to a presigned S3 GET (10 minutes) for whoever may see the ticket and the event the file
   * came with.
   */
  private ApiResponse attachment(ApiRequest request) {
    var url =
        attachments.link(
            request.caller(), request.pathParam("id"), request.pathParam("attachmentId"));
    return new ApiResponse(
        302, java.util.Map.of("location", url.toString(), "cache-control", "no-store"), null);
  }

  private ApiResponse inboundMail(ApiRequest request) {
    String outcome = request.query("outcome");
    MailOutcome parsed =
        outcome == null
            ? null
            : MailOutcome.fromWire(outcome)
                .orElseThrow(
                    () ->
                        new PortalException.Invalid(
                            "outcome", WireNames.oneOf(MailOutcome.values())));
    var page = mail.mailLog(request.caller(), parsed, request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, EmailViews::mailLog)));
  }

  /**
   * The support figures kept by the stream projection; {@code Accept: text/csv} gives the same
   * table as CSV.
   */
  private ApiResponse supportReport(ApiRequest request) {
    SupportReport.Result result =
        reports.support(
            request.caller(), request.query("from"), request.query("to"), request.query("by"));
    String accept = request.headers().getOrDefault("accept", "");
    if (accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv")) {
      String name =
          "support-"
              + result.by().name().toLowerCase(java.util.Locale.ROOT)
              + "-"
              + result.from()
              + "-"
              + result.to()
              + ".csv";
      return new ApiResponse(
          200,
          java.util.Map.of(
              "content-type",
              "text/csv; charset=utf-8",
              "content-disposition",
              "attachment; filename=\"" + name + "\""),
          new String(SupportTable.csv(result), java.nio.charset.StandardCharsets.UTF_8));
    }
    return ApiResponse.json(200, json().write(SupportTable.json(result)));
  }

  /**
   * Per client, the month's revenue against its cost, worst margin first; {@code Accept: text/csv}
   * for CSV.
   */
  private ApiResponse profitabilityReport(ApiRequest request) {
    ProfitabilityReport.Result result =
        profitability.profitability(request.caller(), request.query("month"));
    String accept = request.headers().getOrDefault("accept", "");
    if (accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv")) {
      return new ApiResponse(
          200,
          java.util.Map.of(
              "content-type",
              "text/csv; charset=utf-8",
              "content-disposition",
              "attachment; filename=\"profitability-" + result.month() + ".csv\""),
          new String(ProfitabilityTable.csv(result), java.nio.charset.StandardCharsets.UTF_8));
    }
    return ApiResponse.json(200, json().write(ProfitabilityTable.json(result)));
  }
}
