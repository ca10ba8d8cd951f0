package dev.portal.shared.http;

/** What every HTTP function needs besides its own use cases; one bean, built once per container. */
public record ApiPlatform(Json json, IdempotencyGuard idempotency) {
  public ApiDispatcher dispatcher(java.util.List<Route> routes) {
    return new ApiDispatcher(routes, json, idempotency);
  }
}
