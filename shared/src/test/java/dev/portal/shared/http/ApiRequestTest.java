package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.error.PortalException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiRequestTest {
  private static ApiRequest withQuery(Map<String, String> query) {
    return new ApiRequest(
        "GET", "/v1/tickets", Map.of(), query, Map.of(), null, null, "req-1", Optional.empty());
  }

  @Test
  void aFilterIsItsValueOrNullWhenAbsent() {
    ApiRequest r = withQuery(Map.of("status", "open"));
    assertEquals("open", r.filter("status"));
    assertNull(r.filter("group"));
  }

  @Test
  void aFilterSentEmptyIsA400NamingIt() {
    var e =
        assertThrows(
            PortalException.Invalid.class, () -> withQuery(Map.of("group", "")).filter("group"));
    assertEquals("group", e.errors().getFirst().field());
    // query() still reads an empty value as absent, for parameters that are not filters
    assertNull(withQuery(Map.of("group", "")).query("group"));
  }
}
