package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many writers at once: numbers stay unique, and no change is silently lost. */
class ConcurrencyIT {
  private final Fixtures f = new Fixtures();

  @Test
  void fiftyConcurrentCreatesGetFiftyDistinctIncreasingNumbers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<Backend.Res>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      futures.add(pool.submit(() -> f.createTicket(f.alice, "concurrent " + n)));
    }
    TreeSet<Long> numbers = new TreeSet<>();
    for (Future<Backend.Res> future : futures) {
      Backend.Res r = future.get();
      assertEquals(201, r.status(), r::describe);
      String number = r.str("number");
      numbers.add(Long.parseLong(number.substring(number.lastIndexOf('-') + 1)));
    }
    pool.shutdown();
    assertEquals(50, numbers.size(), "every ticket got its own number");
    assertEquals(1L, numbers.first());
    assertEquals(50L, numbers.last(), "no number was skipped when nothing failed");
    String next = f.createTicket(f.alice, "after").str("number");
    assertEquals(
        51L, Long.parseLong(next.substring(next.lastIndexOf('-') + 1)), "numbers keep increasing");
  }

  @Test
  void twoAgentsPatchingOneTicketAtOnceLoseNoUpdate() throws Exception {
    Who dana = Who.agent(f.tenant, "dana");
    Who eric = Who.agent(f.tenant, "eric");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (int round = 0; round < 5; round++) {
      String id = f.ticket(f.alice, "round " + round);
      Callable<Backend.Res> status = () -> f.patch(dana, id, "{\"status\":\"in_progress\"}");
      Callable<Backend.Res> priority = () -> f.patch(eric, id, "{\"priority\":\"urgent\"}");
      Future<Backend.Res> a = pool.submit(status);
      Future<Backend.Res> b = pool.submit(priority);
      Backend.Res ra = a.get();
      Backend.Res rb = b.get();
      assertTrue(ra.status() == 200 || ra.status() == 409, ra::describe);
      assertTrue(rb.status() == 200 || rb.status() == 409, rb::describe);
      Backend.Res ticket = f.get(f.agent, id);
      List<String> types = TicketFlowIT.types(f.events(f.agent, id));
      if (ra.status() == 200) {
        assertEquals("in_progress", ticket.str("status"));
        assertTrue(types.contains("status_changed"), types::toString);
      }
      if (rb.status() == 200) {
        assertEquals("urgent", ticket.str("priority"));
        assertTrue(types.contains("priority_changed"), types::toString);
      }
      assertEquals(
          1 + (ra.status() == 200 ? 1 : 0) + (rb.status() == 200 ? 1 : 0),
          types.size(),
          types::toString);
    }
    pool.shutdown();
  }
}
