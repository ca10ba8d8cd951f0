package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.local.LocalMain;
import dev.portal.local.LocalServer;
import dev.portal.shared.domain.Role;
import dev.portal.shared.http.ApiFunction;
import dev.portal.shared.http.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The routes the functions serve ({@code routes()}, as their dispatchers hold them) against
 * openapi.yaml and template.yaml, both ways: a route in one place only fails here, with its name.
 * Local-only operations of the document ({@code x-local-only}) are served by the local server
 * itself and left out.
 */
class OpenApiRoutesIT {
  private final Backend backend = Backend.get();
  private final OpenApi api = OpenApi.get();

  private List<ApiFunction> functions() {
    return List.of(
        backend.createTicket,
        backend.ticketStatus,
        backend.ticketActions,
        backend.tenantAdmin,
        backend.contracts,
        backend.billing,
        backend.invoices);
  }

  private Map<String, Route> codeRoutes() {
    Map<String, Route> routes = new TreeMap<>();
    for (ApiFunction f : functions())
      for (Route r : f.dispatcher().routes()) routes.put(r.routeKey(), r);
    return routes;
  }

  private Map<String, OpenApi.Operation> deployedOperations() {
    Map<String, OpenApi.Operation> ops = new TreeMap<>();
    for (OpenApi.Operation op : api.operations) if (!op.localOnly()) ops.put(op.key(), op);
    return ops;
  }

  @Test
  void everyRouteAFunctionServesIsInTheDocumentAndNothingMore() {
    assertEquals(
        List.of(),
        RouteAgreement.differences(
            "the functions' routes()",
            codeRoutes().keySet(),
            "openapi.yaml",
            deployedOperations().keySet()));
  }

  @Test
  void theLocalOnlyOperationsAreTheLocalServersOwnRoutes() {
    Set<String> documented = new TreeSet<>();
    for (OpenApi.Operation op : api.operations) if (op.localOnly()) documented.add(op.key());
    assertEquals(
        List.of(),
        RouteAgreement.differences(
            "LocalServer.LOCAL_ROUTES",
            new TreeSet<>(LocalServer.LOCAL_ROUTES),
            "openapi.yaml's x-local-only operations",
            documented));
  }

  @Test
  void everyFunctionsRoutesAreItsEventsInTheTemplateAndNothingMore() {
    Map<String, Set<String>> code = new TreeMap<>();
    for (ApiFunction f : functions()) {
      code.put(
          f.getClass().getName(),
          f.dispatcher().routes().stream()
              .map(Route::routeKey)
              .collect(Collectors.toCollection(TreeSet::new)));
    }
    Map<String, Set<String>> template = RouteAgreement.templateRoutes();
    assertEquals(
        code.keySet(), template.keySet(), "functions with HttpApi events in template.yaml");
    List<String> differences = new ArrayList<>();
    for (String handler : code.keySet()) {
      differences.addAll(
          RouteAgreement.differences(
              handler + "'s routes()",
              code.get(handler),
              "its template.yaml events",
              template.get(handler)));
    }
    assertEquals(List.of(), differences);
  }

  @Test
  void localModeServesEveryHttpFunction() {
    Set<String> local =
        LocalMain.functions(backend.context).stream()
            .map(f -> f.getClass().getName())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> here =
        functions().stream()
            .map(f -> f.getClass().getName())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(here, local);
  }

  @Test
  void xRolesOfEachOperationAreTheRolesItsRouteAllows() {
    List<String> differences = new ArrayList<>();
    Map<String, OpenApi.Operation> ops = deployedOperations();
    codeRoutes()
        .forEach(
            (key, route) -> {
              Set<String> allowed =
                  route.roles().stream()
                      .map(Role::wire)
                      .collect(Collectors.toCollection(TreeSet::new));
              OpenApi.Operation op = ops.get(key);
              if (op != null && !op.roles().equals(allowed)) {
                differences.add(key + ": code allows " + allowed + ", x-roles says " + op.roles());
              }
            });
    assertEquals(List.of(), differences);
  }

  @Test
  void idempotencyKeyIsDocumentedExactlyWhereTheRouteAppliesIt() {
    List<String> differences = new ArrayList<>();
    Map<String, OpenApi.Operation> ops = deployedOperations();
    codeRoutes()
        .forEach(
            (key, route) -> {
              OpenApi.Operation op = ops.get(key);
              if (op == null) return;
              boolean documented = false;
              for (JsonNode p : op.node().path("parameters").values()) {
                documented |=
                    p.path("$ref").asString("").equals("#/components/parameters/IdempotencyKey");
              }
              boolean applied = route.idempotency() != Route.Idempotency.NONE;
              if (documented != applied)
                differences.add(key + ": applied " + applied + ", documented " + documented);
            });
    assertEquals(List.of(), differences);
  }

  @Test
  void requestMediaTypesAreTheOnesEachRouteAccepts() {
    List<String> differences = new ArrayList<>();
    Map<String, OpenApi.Operation> ops = deployedOperations();
    codeRoutes()
        .forEach(
            (key, route) -> {
              OpenApi.Operation op = ops.get(key);
              if (op == null) return;
              Set<String> documented =
                  new TreeSet<>(op.node().path("requestBody").path("content").propertyNames());
              Set<String> accepted =
                  route.hasBody() ? new TreeSet<>(route.body().mediaTypes()) : Set.of();
              if (!documented.equals(accepted))
                differences.add(key + ": accepts " + accepted + ", documented " + documented);
            });
    assertEquals(List.of(), differences);
  }
}
