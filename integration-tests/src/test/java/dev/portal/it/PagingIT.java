package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cursors: every item once, in order, and a cursor is only good for the list and tenant that issued
 * it.
 */
class PagingIT {
  private final Fixtures f = new Fixtures();

  @Test
  void fiftySevenTicketsReadInPagesOfTenComeBackOnceEachNewestFirst() {
    List<String> createdOrder = new ArrayList<>();
    for (int i = 0; i < 57; i++) createdOrder.add(f.ticket(f.alice, "ticket " + i));
    List<String> read = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Backend.Res page =
          cursor == null
              ? f.list(f.agent, "limit", "10")
              : f.list(f.agent, "limit", "10", "cursor", cursor);
      assertEquals(200, page.status(), page::describe);
      page.items().values().forEach(n -> read.add(n.get("id").getStringValue()));
      cursor = page.str("nextCursor");
      pages++;
    } while (cursor != null && pages < 20);
    assertEquals(57, read.size());
    assertEquals(57, new HashSet<>(read).size(), "no ticket twice");
    List<String> newestFirst = new ArrayList<>(createdOrder);
    java.util.Collections.reverse(newestFirst);
    assertEquals(newestFirst, read);
    assertEquals(6, pages);
  }

  @Test
  void aTamperedOrForeignCursorIsA400() {
    for (int i = 0; i < 3; i++) f.ticket(f.alice, "t" + i);
    String cursor = f.list(f.agent, "limit", "1").str("nextCursor");
    assertNotNull(cursor);
    assertEquals(200, f.list(f.agent, "limit", "1", "cursor", cursor).status());

    char last = cursor.charAt(cursor.length() - 2);
    String tampered =
        cursor.substring(0, cursor.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + cursor.charAt(cursor.length() - 1);
    Backend.Res bad = f.list(f.agent, "limit", "1", "cursor", tampered);
    assertEquals(400, bad.status(), bad::describe);
    assertEquals(
        "cursor",
        bad.json().get("errors").values().iterator().next().get("field").getStringValue());

    assertEquals(
        400,
        f.list(f.agent, "limit", "1", "status", "new", "cursor", cursor).status(),
        "another query");
    assertEquals(400, f.list(f.bob, "limit", "1", "cursor", cursor).status(), "another scope");
    Fixtures other = new Fixtures();
    assertEquals(
        400, other.list(other.agent, "limit", "1", "cursor", cursor).status(), "another tenant");
    assertEquals(400, f.list(f.agent, "cursor", "not-a-cursor").status());
  }

  @Test
  void statusFilterReadsOnlyThatStatus() {
    String a = f.ticket(f.alice, "a");
    String b = f.ticket(f.alice, "b");
    f.patch(f.agent, a, "{\"status\":\"in_progress\"}");
    assertEquals(List.of(a), AccessIT.ids(f.list(f.agent, "status", "in_progress")));
    assertEquals(List.of(b), AccessIT.ids(f.list(f.alice, "status", "new")));
    assertNull(f.list(f.alice, "status", "new").str("nextCursor"));
  }
}
