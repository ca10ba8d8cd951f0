package dev.portal.shared.error;

import java.util.List;

/**
 * Every failure a caller can be told about. Each subtype maps to exactly one HTTP status in {@code
 * dev.portal.shared.http.Problems}; nothing else decides status codes for errors.
 */
public abstract sealed class PortalException extends RuntimeException
    permits PortalException.NotFound,
        PortalException.Conflict,
        PortalException.Invalid,
        PortalException.Forbidden,
        PortalException.Unauthorized,
        PortalException.PayloadTooLarge,
        PortalException.UnsupportedMediaType,
        PortalException.IdempotencyMismatch {

  protected PortalException(String detail) {
    super(detail, null, false, false);
  }

  /**
   * The resource does not exist, or the caller may not know it exists (another tenant, client or
   * requester).
   */
  public static final class NotFound extends PortalException {
    public NotFound(String detail) {
      super(detail);
    }
  }

  /**
   * The request is well formed but conflicts with the resource's state (a transition, a duplicate,
   * a concurrent change).
   */
  public static final class Conflict extends PortalException {
    public Conflict(String detail) {
      super(detail);
    }
  }

  /** The request is malformed or has invalid fields; {@link #errors()} names each one. */
  public static final class Invalid extends PortalException {
    private final List<FieldError> errors;

    public Invalid(List<FieldError> errors) {
      super(
          errors.size() == 1
              ? errors.getFirst().field() + ": " + errors.getFirst().message()
              : errors.size() + " fields are invalid");
      this.errors = List.copyOf(errors);
    }

    public Invalid(String field, String message) {
      this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  /** The caller is known but their role may not do this. */
  public static final class Forbidden extends PortalException {
    public Forbidden(String detail) {
      super(detail);
    }
  }

  /** No credentials, or credentials that do not identify a caller of a tenant. */
  public static final class Unauthorized extends PortalException {
    public Unauthorized(String detail) {
      super(detail);
    }
  }

  public static final class PayloadTooLarge extends PortalException {
    public PayloadTooLarge(String detail) {
      super(detail);
    }
  }

  public static final class UnsupportedMediaType extends PortalException {
    public UnsupportedMediaType(String detail) {
      super(detail);
    }
  }

  /** An {@code Idempotency-Key} reused with a different request. */
  public static final class IdempotencyMismatch extends PortalException {
    public IdempotencyMismatch(String detail) {
      super(detail);
    }
  }
}
