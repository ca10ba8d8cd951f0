package dev.portal.shared.http;

/** The thin part of a route: parse the request, call one use case, map its result. */
@FunctionalInterface
public interface Endpoint {
  ApiResponse handle(ApiRequest request);
}
