package dev.portal.shared.http;

import dev.portal.shared.error.FieldError;
import dev.portal.shared.error.PortalException;
import java.util.List;

/** The one place where failures become HTTP statuses and RFC 9457 problem documents. */
public final class Problems {
  private Problems() {}

  public static int status(PortalException e) {
    return switch (e) {
      case PortalException.Invalid i -> 400;
      case PortalException.Unauthorized u -> 401;
      case PortalException.Forbidden f -> 403;
      case PortalException.NotFound n -> 404;
      case PortalException.Conflict c -> 409;
      case PortalException.PayloadTooLarge p -> 413;
      case PortalException.UnsupportedMediaType u -> 415;
      case PortalException.IdempotencyMismatch m -> 422;
    };
  }

  public static Views.ProblemView view(PortalException e, String requestId) {
    int status = status(e);
    List<FieldError> errors = e instanceof PortalException.Invalid i ? i.errors() : List.of();
    return new Views.ProblemView(
        type(status), title(status), status, e.getMessage(), errors, requestId);
  }

  public static Views.ProblemView internal(String requestId) {
    return new Views.ProblemView(
        type(500),
        title(500),
        500,
        "the request failed on our side; it is logged under its request id",
        List.of(),
        requestId);
  }

  static String type(int status) {
    return "urn:portal:problem:"
        + switch (status) {
          case 400 -> "invalid-request";
          case 401 -> "unauthenticated";
          case 403 -> "forbidden";
          case 404 -> "not-found";
          case 409 -> "conflict";
          case 413 -> "payload-too-large";
          case 415 -> "unsupported-media-type";
          case 422 -> "idempotency-key-reused";
          default -> "internal-error";
        };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "The request is invalid";
      case 401 -> "Authentication is required";
      case 403 -> "This role may not do that";
      case 404 -> "Not found";
      case 409 -> "Conflict with the current state";
      case 413 -> "The body is too large";
      case 415 -> "Unsupported content type";
      case 422 -> "Idempotency-Key reused with another request";
      default -> "Internal error";
    };
  }
}
