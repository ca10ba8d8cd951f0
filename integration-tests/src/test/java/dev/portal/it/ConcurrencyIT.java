package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.Channel;
import dev.portal.shared.domain.Person;
import dev.portal.shared.domain.Priority;
import dev.portal.shared.domain.Ticket;
import dev.portal.shared.domain.TicketStatus;
import dev.portal.shared.service.Ids;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.TicketStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Many writers at once: numbers stay unique, and no change is silently lost. */
class ConcurrencyIT {
  private final Fixtures f = new Fixtures();
  private final DynamoDbClient db = f.api.context.getBean(DynamoDbClient.class);

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

  /**
   * A portal create reads what it decides on in one request and writes the ticket with its number
   * in one transaction (issue 5: at most two requests).
   */
  @Test
  void aPortalCreateIsOneReadAndOneTransaction() {
    f.ticket(f.alice, "first");

    DynamoRequests.start();
    Backend.Res r = f.createTicket(f.alice, "second");
    assertEquals(List.of("BatchGetItem", "TransactWriteItems"), DynamoRequests.stop());
    assertEquals(201, r.status(), r::describe);
    assertTrue(r.str("number").endsWith("-2"), r::describe);
  }

  /** An agent naming the requester: the contact is one more key of the same read. */
  @Test
  void anAgentsCreateNamingARequesterIsOneReadAndOneTransactionToo() {
    MailKit mail = new MailKit(f);
    String carol = "carol@" + mail.globexDomain();
    mail.addContact(f.globex, carol, "Carol Example");
    f.ticket(f.alice, "first");

    DynamoRequests.start();
    Backend.Res r =
        Req.from("create-ticket.json")
            .as(f.agent)
            .header("idempotency-key", null)
            .body(
                "{\"subject\":\"by phone\",\"description\":\"printer\",\"clientId\":\""
                    + f.globex
                    + "\",\"requesterEmail\":\""
                    + carol
                    + "\"}")
            .send(f.api.createTicket);
    assertEquals(List.of("BatchGetItem", "TransactWriteItems"), DynamoRequests.stop());
    assertEquals(201, r.status(), r::describe);
    assertEquals(carol, r.json().get("requester").get("email").getStringValue(), r::describe);
  }

  /**
   * The number is written on condition that it is still the tenant's last: a number drawn between a
   * create's read and its write (a mail's ticket) cancels the write whole, and the counter keeps
   * the other draw.
   */
  @Test
  void aNumberDrawnAfterTheReadCancelsTheWholeCreate() {
    TicketStore store = f.api.context.getBean(TicketStore.class);
    f.ticket(f.alice, "first");
    TicketStore.Opening opening = store.opening(f.tenant, f.globex, null);
    assertEquals(1, opening.lastSeq());
    assertEquals(2, store.nextNumber(f.tenant).seq(), "another create draws 2");

    Ticket stale = draft(opening.lastSeq() + 1);
    assertThrows(
        TicketStore.NumberTaken.class,
        () -> store.createNumbered(stale, opening, List.of(), Optional.empty()));
    assertTrue(store.find(f.tenant, 2).isEmpty(), "nothing written");

    store.createNumbered(
        draft(3), store.opening(f.tenant, f.globex, null), List.of(), Optional.empty());
    assertEquals(3, store.opening(f.tenant, f.globex, null).lastSeq());
    assertTrue(store.find(f.tenant, 3).isPresent());
  }

  private Ticket draft(long seq) {
    Instant now = Instant.now();
    return Ticket.builder()
        .tenantId(f.tenant)
        .id(Ids.ticketId(seq))
        .seq(seq)
        .number("T-" + seq)
        .subject("drawn")
        .description("by hand")
        .status(TicketStatus.NEW)
        .priority(Priority.NORMAL)
        .channel(Channel.PORTAL)
        .clientId(f.globex)
        .requester(new Person("alice@globex.example", "Alice"))
        .createdAt(now)
        .updatedAt(now)
        .version(1)
        .build();
  }

  /**
   * A tenant's prefix is fixed by its first ticket number: a settings change of the prefix between
   * the first create's read and its write cancels the create, which then draws again.
   */
  @Test
  void aPrefixChangedBeforeTheFirstNumberCancelsTheCreateThatReadTheOldOne() {
    TicketStore store = f.api.context.getBean(TicketStore.class);
    TicketStore.Opening opening = store.opening(f.tenant, f.globex, null);
    assertEquals(0, opening.lastSeq());
    db.updateItem(
        r ->
            r.tableName(Backend.TABLE)
                .key(
                    Map.of(
                        Keys.PK,
                        AttributeValue.fromS(Keys.tenantPk(f.tenant)),
                        Keys.SK,
                        AttributeValue.fromS(Keys.tenantSk())))
                .updateExpression("SET ticketPrefix = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("NEWP"))));

    assertThrows(
        TicketStore.NumberTaken.class,
        () -> store.createNumbered(draft(1), opening, List.of(), Optional.empty()));
    assertTrue(store.find(f.tenant, 1).isEmpty(), "nothing written");
    Backend.Res after = f.createTicket(f.alice, "after the change");
    assertEquals("NEWP-1", after.str("number"), after::describe);
  }
}
