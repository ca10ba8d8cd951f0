package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.shared.error.FieldError;
import dev.portal.shared.error.PortalException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void everyFailureKindMapsToItsHttpStatus() {
    Map<PortalException, Integer> expected =
        Map.of(
            new PortalException.Invalid("subject", "is required"), 400,
            new PortalException.Unauthorized("no token"), 401,
            new PortalException.Forbidden("not for clients"), 403,
            new PortalException.NotFound("no such ticket"), 404,
            new PortalException.Conflict("closed"), 409,
            new PortalException.PayloadTooLarge("too big"), 413,
            new PortalException.UnsupportedMediaType("text/plain"), 415,
            new PortalException.IdempotencyMismatch("reused"), 422);
    assertEquals(
        PortalException.class.getPermittedSubclasses().length,
        expected.size(),
        "a failure kind has no expected status in this test");
    expected.forEach(
        (e, status) -> assertEquals(status, Problems.status(e), e.getClass().getSimpleName()));
  }

  @Test
  void invalidRequestViewCarriesEveryFieldError() {
    List<FieldError> errors =
        List.of(
            new FieldError("subject", "is required"),
            new FieldError("priority", "must be one of low, normal, high, urgent"));
    Views.ProblemView view = Problems.view(new PortalException.Invalid(errors), "req-1");
    assertEquals(400, view.status());
    assertEquals(errors, view.errors());
    assertEquals("req-1", view.requestId());
    assertEquals("2 fields are invalid", view.detail());
    assertEquals("urn:portal:problem:invalid-request", view.type());
  }

  @Test
  void singleFieldErrorIsNamedInTheDetail() {
    Views.ProblemView view =
        Problems.view(new PortalException.Invalid("cursor", "is not a cursor"), "req-2");
    assertEquals(List.of(new FieldError("cursor", "is not a cursor")), view.errors());
    assertEquals("cursor: is not a cursor", view.detail());
  }

  @Test
  void otherFailuresCarryNoFieldErrors() {
    Views.ProblemView view =
        Problems.view(new PortalException.Conflict("the ticket is closed"), "req-3");
    assertEquals(409, view.status());
    assertEquals(List.of(), view.errors());
    assertEquals("the ticket is closed", view.detail());
    assertEquals("urn:portal:problem:conflict", view.type());
    assertEquals("req-3", view.requestId());
  }

  @Test
  void internalErrorIs500WithNoFieldErrors() {
    Views.ProblemView view = Problems.internal("req-4");
    assertEquals(500, view.status());
    assertEquals("urn:portal:problem:internal-error", view.type());
    assertEquals(List.of(), view.errors());
    assertEquals("req-4", view.requestId());
  }
}
