package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tokens and bodies no honest client sends, through the real create-ticket and ticket-status entry
 * points against DynamoDB Local: each is a problem document with a 4xx status, and none of them
 * writes anything.
 */
class HostileInputIT {
  private final Fixtures f = new Fixtures();

  private Backend.Res create(Who who, String body) {
    return Req.from("create-ticket.json")
        .as(who)
        .header("idempotency-key", null)
        .body(body)
        .send(f.api.createTicket);
  }

  private static void assertProblem(int status, Backend.Res r) {
    assertEquals(status, r.status(), r::describe);
    assertEquals("application/problem+json", r.headers().get("content-type"), r::describe);
  }

  private static List<String> fields(Backend.Res r) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : r.json().get("errors").values()) out.add(e.get("field").getStringValue());
    return out;
  }

  private void assertNothingWasCreated() {
    Backend.Res list = f.list(f.agent);
    assertEquals(200, list.status(), list::describe);
    assertEquals(0, list.items().size(), list::describe);
  }

  @Test
  void agentTokenWithoutEmailOpeningATicketForThemselvesIs400NamingRequesterEmailNot500() {
    Who noEmail = new Who(f.tenant, "u-agent-no-email", null, null, List.of("agent"));

    Backend.Res r =
        create(
            noEmail,
            "{\"subject\":\"VPN\",\"description\":\"down\",\"clientId\":\"" + f.globex + "\"}");

    assertProblem(400, r);
    assertEquals(List.of("requesterEmail"), fields(r));
    assertNothingWasCreated();
  }

  @Test
  void tokenWhoseTenantIdCarriesAKeySeparatorIs401() {
    Who smuggler = Who.agent(f.tenant + "#CLIENT#" + f.globex);

    assertProblem(401, f.list(smuggler));
    assertProblem(
        401,
        create(
            smuggler,
            "{\"subject\":\"s\",\"description\":\"d\",\"clientId\":\"" + f.globex + "\"}"));
    assertNothingWasCreated();
  }

  @Test
  void tokenWhoseClientIdIsNotAnIdIs401() {
    Who alice = f.alice;
    Who padded =
        new Who(alice.tenant(), alice.sub(), alice.email(), alice.clientId() + " ", alice.roles());

    assertProblem(401, f.list(padded));
  }

  @Test
  void bodyWithTrailingGarbageIs400() {
    Backend.Res r = create(f.alice, "{\"subject\":\"s\",\"description\":\"d\"} x");

    assertProblem(400, r);
    assertEquals(List.of("body"), fields(r));
    assertNothingWasCreated();
  }

  @Test
  void bodyWithASecondJsonValueIs400() {
    assertProblem(
        400, create(f.alice, "{\"subject\":\"s\",\"description\":\"d\"}{\"subject\":\"t\"}"));
    assertNothingWasCreated();
  }

  @Test
  void bodyWithADuplicateKeyIs400() {
    Backend.Res r = create(f.alice, "{\"subject\":\"a\",\"subject\":\"b\",\"description\":\"d\"}");

    assertProblem(400, r);
    assertEquals(List.of("body"), fields(r));
    assertNothingWasCreated();
  }

  @Test
  void deeplyNestedBodyIs400NotAStackOverflow() {
    int depth = 100_000;
    String body =
        "{\"subject\":\"s\",\"description\":" + "[".repeat(depth) + "]".repeat(depth) + "}";

    assertProblem(400, create(f.alice, body));
    assertNothingWasCreated();
  }

  /**
   * Found by make fuzz: a staff list filtered by a {@code clientId} that cannot be an id (longer
   * than the document's limit, or carrying the key separator) answered 200 with an empty page,
   * where the document says such a request is refused; the filter went into a key unchecked.
   */
  @Test
  void clientIdFilterThatIsNoIdIs400OnEveryList() {
    for (String noId : List.of("c".repeat(65), "cli#x", "cli globex")) {
      Backend.Res tickets = f.list(f.agent, "clientId", noId);
      assertProblem(400, tickets);
      assertEquals(List.of("clientId"), fields(tickets));
      assertProblem(400, f.contracts(f.agent, "clientId", noId));
      assertProblem(400, f.invoices(f.agent, "clientId", noId));
    }
  }
}
