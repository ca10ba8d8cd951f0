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
  void listsShowOpenWorkFirstThenTheNewestTicketAndACommentMovesNothing() {
    String older = f.ticket(f.alice, "older");
    String newer = f.ticket(f.alice, "newer");
    assertEquals(List.of(newer, older), AccessIT.ids(f.list(f.agent)), "newest ticket first");
    assertEquals(201, f.comment(f.alice, older, "{\"body\":\"any news?\"}").status());
    assertEquals(
        List.of(newer, older),
        AccessIT.ids(f.list(f.agent)),
        "a comment does not move a ticket (lists are no longer by last change)");
    assertEquals(200, f.patch(f.agent, newer, "{\"status\":\"in_progress\"}").status());
    assertEquals(List.of(older, newer), AccessIT.ids(f.list(f.alice)), "new before in progress");
    assertEquals(200, f.patch(f.agent, older, "{\"status\":\"resolved\"}").status());
    assertEquals(List.of(newer, older), AccessIT.ids(f.list(f.bob)), "resolved last");
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
