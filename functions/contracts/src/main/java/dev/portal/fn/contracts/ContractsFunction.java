package dev.portal.fn.contracts;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Months;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.JsonFields;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.SnapStartPriming.Read;
import dev.portal.shared.http.StatementView;
import dev.portal.shared.http.Views;
import dev.portal.shared.report.CostRates;
import dev.portal.shared.report.ProfitabilityReport;
import dev.portal.shared.report.Statement;
import dev.portal.shared.report.StatementPdf;
import dev.portal.shared.report.WorkLog;
import dev.portal.shared.report.WorkLogTable;
import dev.portal.shared.service.ContractService;
import dev.portal.shared.service.NewContract;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Contracts with their current balance, and agents' monthly usage report per client. */
public class ContractsFunction extends ApiFunction {

  /** A month has at most 744 hours; a larger prepaid figure is a typo. */
  private static final int MAX_PREPAID_MINUTES = 744 * 60;

  private static final int MAX_SLA_MINUTES = 365 * 24 * 60;

  @Inject ContractService contracts;
  @Inject WorkLog workLog;
  @Inject Statement statement;
  @Inject ProfitabilityReport profitability;

  public ContractsFunction() {}

  public ContractsFunction(ApplicationContext context) {
    super(context);
  }

  /** The contracts list, as a client contact and as staff read it. */
  @Override
  protected List<Read> primingReads() {
    return List.of(Read.client("/v1/contracts"), Read.staff("/v1/contracts"));
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.post("/v1/contracts", Route.ADMINS, this::create),
        Route.get("/v1/contracts", Route.EVERYONE, this::list),
        Route.get("/v1/contracts/{id}", Route.EVERYONE, this::get),
        Route.patch("/v1/contracts/{id}", Route.ADMINS, this::change),
        Route.get("/v1/clients/{id}/usage", Route.STAFF, this::usage),
        Route.get("/v1/clients/{id}/time-entries", Route.STAFF_AND_CLIENT_ADMINS, this::workLog),
        Route.get(
            "/v1/clients/{id}/statements/{month}", Route.STAFF_AND_CLIENT_ADMINS, this::statement),
        Route.put("/v1/reports/cost-rates", Route.ADMINS, this::putCostRates));
  }

  private ApiResponse create(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String clientId = body.requiredText("clientId", 1, Caps.ID);
    String name = body.requiredText("name", 1, Caps.NAME);
    LocalDate startsOn = body.date("startsOn", true);
    LocalDate endsOn = body.date("endsOn", false);
    SlaTerms terms = slaTerms(body, true);
    Integer prepaid = body.integer("prepaidMinutesPerMonth", 0, MAX_PREPAID_MINUTES, true);
    Money rate = body.money("overageRate", 1_000_000_000L, true);
    body.done();
    var created =
        contracts.create(
            request.caller(),
            new NewContract(clientId, name, startsOn, endsOn, terms, prepaid, rate),
            request.recording(this::created));
    return created(created).recordedInTransaction();
  }

  /**
   * {@code sla}: the single pair, the calendar and optionally minutes per priority; null when
   * absent or invalid.
   */
  private static SlaTerms slaTerms(JsonFields body, boolean required) {
    JsonFields sla = body.object("sla", required);
    if (sla == null) return null;
    Integer reaction = sla.integer("reactionMinutes", 1, MAX_SLA_MINUTES, true);
    Integer resolution = sla.integer("resolutionMinutes", 1, MAX_SLA_MINUTES, true);
    SlaCalendar calendar = sla.choice("calendar", List.of(SlaCalendar.values()), true);
    Map<Priority, SlaTerms.Minutes> byPriority = priorities(sla);
    Integer warningPercent = sla.integer("warningPercent", 1, 99, false);
    if (reaction == null || resolution == null || calendar == null) return null;
    return new SlaTerms(reaction, resolution, calendar, byPriority, warningPercent);
  }

  /**
   * {@code sla.priorities}: minutes per priority ({@code urgent: {reactionMinutes: 30,
   * resolutionMinutes: 240}}), each pair complete; priorities left out fall back to the contract's
   * single pair.
   */
  private static Map<Priority, SlaTerms.Minutes> priorities(JsonFields sla) {
    Map<Priority, SlaTerms.Minutes> out = new EnumMap<>(Priority.class);
    JsonFields priorities = sla.object("priorities", false);
    if (priorities == null) return out;
    for (Priority p : Priority.values()) {
      JsonFields pair = priorities.object(p.wire(), false);
      if (pair == null) continue;
      Integer reaction = pair.integer("reactionMinutes", 1, MAX_SLA_MINUTES, true);
      Integer resolution = pair.integer("resolutionMinutes", 1, MAX_SLA_MINUTES, true);
      if (reaction != null && resolution != null && reaction > resolution) {
        pair.error("reactionMinutes", "must not exceed resolutionMinutes");
      } else if (reaction != null && resolution != null) {
        out.put(p, new SlaTerms.Minutes(reaction, resolution));
      }
    }
    return out;
  }

  private ApiResponse created(ContractService.WithBalance created) {
    return ApiResponse.json(201, json().write(Views.contract(created)))
        .withHeader("location", "/v1/contracts/" + created.contract().id());
  }

  private ApiResponse list(ApiRequest request) {
    var page =
        contracts.list(
            request.caller(), request.clientIdFilter(), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::contract)));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.json(
        200,
        json().write(Views.contract(contracts.get(request.caller(), request.pathParam("id")))));
  }

  /** {@code endsOn}, {@code sla} or both, in one write. */
  private ApiResponse change(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    LocalDate endsOn = body.date("endsOn", false);
    SlaTerms sla = slaTerms(body, false);
    if (!body.hasErrors() && endsOn == null && sla == null)
      body.error("endsOn", "is required unless sla is given");
    body.done();
    var changed = contracts.change(request.caller(), request.pathParam("id"), endsOn, sla);
    return ApiResponse.json(200, json().write(Views.contract(changed)));
  }

  private ApiResponse usage(ApiRequest request) {
    var usage = contracts.clientUsage(request.caller(), request.pathParam("id"), month(request));
    return ApiResponse.json(200, json().write(Views.clientUsage(usage)));
  }

  private static YearMonth month(ApiRequest request) {
    return Months.required("month", request.query("month"));
  }

  /** The client's month of logged work; {@code Accept: text/csv} gives the same table as CSV. */
  private ApiResponse workLog(ApiRequest request) {
    WorkLog.Result result = workLog.read(request.caller(), request.pathParam("id"), month(request));
    boolean staff = request.caller().isStaff();
    String accept = request.headers().getOrDefault("accept", "");
    if (accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv")) {
      return new ApiResponse(
          200,
          java.util.Map.of(
              "content-type",
              "text/csv; charset=utf-8",
              "content-disposition",
              "attachment; filename=\"time-entries-"
                  + result.clientId()
                  + "-"
                  + result.month()
                  + ".csv\""),
          new String(WorkLogTable.csv(result, staff), java.nio.charset.StandardCharsets.UTF_8));
    }
    return ApiResponse.json(200, json().write(WorkLogTable.json(result, staff)));
  }

  /**
   * The client's monthly statement: JSON, or with {@code Accept: application/pdf} a PDF, in the
   * tenant's language or {@code ?lang=}.
   */
  private ApiResponse statement(ApiRequest request) {
    Statement.Result result =
        statement.read(
            request.caller(),
            request.pathParam("id"),
            Months.required("month", request.pathParam("month")),
            request.query("lang"));
    String accept = request.headers().getOrDefault("accept", "");
    if (!accept.toLowerCase(java.util.Locale.ROOT).contains("application/pdf")) {
      return ApiResponse.json(
          200, json().write(StatementView.of(result, request.caller().isStaff())));
    }
    return ApiResponse.binary(
        200,
        java.util.Map.of(
            "content-type",
            "application/pdf",
            "content-disposition",
            "inline; filename=\"statement-"
                + result.log().clientId()
                + "-"
                + result.log().month()
                + ".pdf\"",
            "cache-control",
            "no-store"),
        StatementPdf.render(result));
  }

  /**
   * Replaces the tenant's internal cost rates: a default per hour and per agent, in one currency.
   */
  private ApiResponse putCostRates(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String currency = body.currency("currency", true);
    Long fallback = body.whole("defaultPerHourMinor", 0, CostRates.MAX_PER_HOUR_MINOR, false);
    java.util.Map<String, Long> agents = new java.util.TreeMap<>();
    List<JsonFields> list = body.objects("agents", 0, CostRates.MAX_AGENTS, false);
    for (int i = 0; i < list.size(); i++) {
      JsonFields a = list.get(i);
      String email = a.email("email", true);
      Long rate = a.whole("perHourMinor", 0, CostRates.MAX_PER_HOUR_MINOR, true);
      if (email != null && rate != null && agents.put(email, rate) != null) {
        body.error("agents[" + i + "].email", "appears twice");
      }
    }
    body.done();
    CostRates saved =
        profitability.setCostRates(request.caller(), new CostRates(currency, fallback, agents));
    return ApiResponse.json(200, json().write(costRatesView(saved)));
  }

  private static java.util.Map<String, Object> costRatesView(CostRates r) {
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("currency", r.currency());
    out.put("defaultPerHourMinor", r.defaultPerHourMinor());
    List<java.util.Map<String, Object>> agents = new java.util.ArrayList<>();
    r.agents().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(
            e -> agents.add(java.util.Map.of("email", e.getKey(), "perHourMinor", e.getValue())));
    out.put("agents", agents);
    return out;
  }
}
