package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final Route TICKET = Route.get("/v1/tickets/{id}", Route.EVERYONE, null);
  private static final Route TICKETS = Route.get("/v1/tickets", Route.EVERYONE, null);
  private static final Route COMMENTS =
      Route.post("/v1/tickets/{id}/comments", Route.EVERYONE, null);
  private static final Route CONTACTS =
      Route.get("/v1/clients/{clientId}/contacts/{email}", Route.STAFF, null);

  @Test
  void placeholderSegmentBecomesAPathParameter() {
    assertEquals(Map.of("id", "tk-42-abcdefghij"), TICKET.match("/v1/tickets/tk-42-abcdefghij"));
  }

  @Test
  void placeholderFollowedByLiteralSegmentMatches() {
    assertEquals(Map.of("id", "ACME-42"), COMMENTS.match("/v1/tickets/ACME-42/comments"));
    assertNull(COMMENTS.match("/v1/tickets/ACME-42/rating"));
  }

  @Test
  void severalPlaceholdersAreAllCaptured() {
    assertEquals(
        Map.of("clientId", "cli_globex", "email", "alice@globex.example"),
        CONTACTS.match("/v1/clients/cli_globex/contacts/alice@globex.example"));
  }

  @Test
  void templateWithoutPlaceholdersMatchesOnlyItsExactPath() {
    assertEquals(Map.of(), TICKETS.match("/v1/tickets"));
    assertNull(TICKETS.match("/v1/ticket"));
    assertNull(TICKETS.match("/v2/tickets"));
    assertNull(TICKETS.match("/V1/Tickets"));
  }

  @Test
  void trailingSlashDoesNotMatch() {
    assertNull(TICKETS.match("/v1/tickets/"));
    assertNull(TICKET.match("/v1/tickets/ACME-42/"));
  }

  @Test
  void emptyPlaceholderSegmentDoesNotMatch() {
    assertNull(TICKET.match("/v1/tickets/"));
    assertNull(COMMENTS.match("/v1/tickets//comments"));
  }

  @Test
  void placeholderSegmentIsUrlDecoded() {
    assertEquals(Map.of("id", "ACME-42"), TICKET.match("/v1/tickets/ACME%2D42"));
    assertEquals(
        Map.of("clientId", "cli_globex", "email", "alice@globex.example"),
        CONTACTS.match("/v1/clients/cli_globex/contacts/alice%40globex.example"));
  }

  @Test
  void encodedSlashStaysInsideOneSegment() {
    assertEquals(Map.of("id", "a/b"), TICKET.match("/v1/tickets/a%2Fb"));
  }

  @Test
  void differentSegmentCountDoesNotMatch() {
    assertNull(TICKET.match("/v1/tickets"));
    assertNull(TICKET.match("/v1/tickets/ACME-42/events"));
    assertNull(COMMENTS.match("/v1/tickets/ACME-42"));
    assertNull(TICKETS.match("/"));
  }

  @Test
  void routeKeyIsMethodAndTemplate() {
    assertEquals("POST /v1/tickets/{id}/comments", COMMENTS.routeKey());
    assertEquals("GET /v1/tickets", TICKETS.routeKey());
  }

  @Test
  void malformedPercentEscapeInSegmentIsNoMatchRatherThanAnError() {
    assertNull(TICKET.match("/v1/tickets/%zz"));
    assertNull(TICKET.match("/v1/tickets/ACME-42%"));
  }

  @Test
  void plusInPathSegmentStaysAPlus() {
    assertEquals(Map.of("id", "a+b"), TICKET.match("/v1/tickets/a+b"));
    assertEquals(Map.of("id", "a b"), TICKET.match("/v1/tickets/a%20b"));
  }

  @Test
  void routesTakeJsonUpTo256KibUnlessTheyDeclareOtherwise() {
    Route json = Route.post("/v1/invoices", Route.STAFF, r -> null);
    assertEquals(256 * 1024, json.body().maxBytes());
    assertTrue(json.body().accepts("application/json; charset=utf-8"));
    assertTrue(json.body().accepts("application/merge-patch+json"));
    assertFalse(json.body().accepts("application/pdf"));
    assertFalse(json.body().accepts(null));

    Route pdf =
        Route.put("/v1/invoices/{id}/pdf", Route.STAFF, r -> null)
            .accepting("application/pdf", 5 * 1024 * 1024);
    assertEquals(5 * 1024 * 1024, pdf.body().maxBytes());
    assertTrue(pdf.body().accepts("Application/PDF"));
    assertFalse(pdf.body().accepts("application/json"));
    assertFalse(pdf.body().accepts("application/pdf+json"), "only JSON routes take any +json type");
    assertEquals(Route.Idempotency.NONE, pdf.idempotency());
  }
}
