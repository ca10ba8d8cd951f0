package dev.portal.fn.contracts;

import dev.portal.shared.domain.Caps;
import dev.portal.shared.domain.Money;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.SlaCalendar;
import dev.portal.shared.domain.SlaTerms;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.ApiRequest;
import dev.portal.shared.http.ApiResponse;
import dev.portal.shared.http.JsonFields;
import dev.portal.shared.http.Route;
import dev.portal.shared.http.Views;
import dev.portal.shared.service.ContractService;
import dev.portal.shared.service.NewContract;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Contracts with their current balance, and agents' monthly usage report per client. */
public class ContractsFunction extends ApiFunction {
  private static final List<String> CALENDARS = List.of("24x7", "business");
  /** A month has at most 744 hours; a larger prepaid figure is a typo. */
  private static final int MAX_PREPAID_MINUTES = 744 * 60;
  private static final int MAX_SLA_MINUTES = 365 * 24 * 60;

  @Inject ContractService contracts;

  public ContractsFunction() {}

  public ContractsFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected List<Route> routes() {
    return List.of(
        Route.post("/v1/contracts", Route.ADMINS, this::create),
        Route.get("/v1/contracts", Route.EVERYONE, this::list),
        Route.get("/v1/contracts/{id}", Route.EVERYONE, this::get),
        Route.patch("/v1/contracts/{id}", Route.ADMINS, this::change),
        Route.get("/v1/clients/{id}/usage", Route.STAFF, this::usage));
  }

  private ApiResponse create(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    String clientId = body.text("clientId", 1, Caps.ID, true, true);
    String name = body.text("name", 1, Caps.NAME, true, true);
    LocalDate startsOn = body.date("startsOn", true);
    LocalDate endsOn = body.date("endsOn", false);
    SlaTerms terms = slaTerms(body, true);
    Integer prepaid = body.integer("prepaidMinutesPerMonth", 0, MAX_PREPAID_MINUTES, true);
    Money rate = body.money("overageRate", 1_000_000_000L, true);
    body.done();
    var created = contracts.create(request.caller(),
        new NewContract(clientId, name, startsOn, endsOn, terms, prepaid, rate), request.recording(this::created));
    return created(created).recordedInTransaction();
  }

  /** {@code sla}: the single pair, the calendar and optionally minutes per priority; null when absent or invalid. */
  private static SlaTerms slaTerms(JsonFields body, boolean required) {
    JsonFields sla = body.object("sla", required);
    if (sla == null) return null;
    Integer reaction = sla.integer("reactionMinutes", 1, MAX_SLA_MINUTES, true);
    Integer resolution = sla.integer("resolutionMinutes", 1, MAX_SLA_MINUTES, true);
    SlaCalendar calendar = sla.choice("calendar", SlaCalendar::fromWire, CALENDARS, true);
    Map<Priority, SlaTerms.Minutes> byPriority = priorities(sla);
    if (reaction == null || resolution == null || calendar == null) return null;
    return new SlaTerms(reaction, resolution, calendar, byPriority);
  }

  /**
   * {@code sla.priorities}: minutes per priority ({@code urgent: {reactionMinutes: 30, resolutionMinutes: 240}}),
   * each pair complete; priorities left out fall back to the contract's single pair.
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
    var page = contracts.list(request.caller(), request.clientIdFilter(), request.limit(), request.cursor());
    return ApiResponse.json(200, json().write(Views.page(page, Views::contract)));
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.json(200, json().write(Views.contract(contracts.get(request.caller(), request.pathParam("id")))));
  }

  /** {@code endsOn}, {@code sla} or both, in one write. */
  private ApiResponse change(ApiRequest request) {
    JsonFields body = JsonFields.of(json().parse(request.body()));
    LocalDate endsOn = body.date("endsOn", false);
    SlaTerms sla = slaTerms(body, false);
    if (!body.hasErrors() && endsOn == null && sla == null) body.error("endsOn", "is required unless sla is given");
    body.done();
    var changed = contracts.change(request.caller(), request.pathParam("id"), endsOn, sla);
    return ApiResponse.json(200, json().write(Views.contract(changed)));
  }

  private ApiResponse usage(ApiRequest request) {
    String m = request.query("month");
    if (m == null) throw new PortalException.Invalid("month", "is required: YYYY-MM");
    YearMonth month;
    try {
      if (!m.matches("[0-9]{4}-[0-9]{2}")) throw new DateTimeParseException("", m, 0);
      month = YearMonth.parse(m);
    } catch (DateTimeParseException e) {
      throw new PortalException.Invalid("month", "must be a month YYYY-MM");
    }
    var usage = contracts.clientUsage(request.caller(), request.pathParam("id"), month);
    return ApiResponse.json(200, json().write(Views.clientUsage(usage)));
  }
}
