package dev.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The desk in a real browser: the queue's views (mine, unassigned, a group's, all) on the API's
 * desk lists, the ticket's assignee and group with a note, the internal `assigned` event the client
 * never sees, an admin's new group, and everyone's mail choices.
 */
@ExtendWith(ScreenshotOnFailure.class)
class DeskBrowserIT implements ScreenshotOnFailure.Browsers {
  private static final String ALICE = "alice@globex.example";
  private static final String AGENT = "agent@demo.example";
  private static final String ADMIN = "admin@demo.example";

  private static PortalInstance portal;
  private final List<Browser> browsers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    portal = PortalInstance.get();
  }

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(Browser::close);
    browsers.clear();
  }

  @Override
  public List<Browser> openBrowsers() {
    return browsers;
  }

  private Browser open(Browser b) {
    browsers.add(b);
    return b;
  }

  @Test
  void agentTakesAnUnassignedTicketWithANoteFindsItUnderMineAndTheClientNeverSeesTheMove()
      throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String subject = "Mail server down " + tag;
    String note = "Taking this one, I know the mail server " + tag;
    Browser b = open(Browser.desktop(portal, "en-US"));
    String number = clientOpensTicket(b, subject);
    b.signOut();

    // The agent picks the Unassigned view by keyboard: the new ticket is there, owned by nobody.
    b.signInAs(AGENT);
    b.heading("Queue");
    b.waitFor(By.cssSelector("button.view[data-view=unassigned]"));
    tabUntil(b, "button.view[data-view=unassigned]");
    b.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    WebElement row = waitForRow(b, "unassigned", "", number);
    assertEquals(
        "true",
        b.driver
            .findElement(By.cssSelector("button.view[data-view=unassigned]"))
            .getDomAttribute("aria-pressed"));
    assertEquals("Nobody", row.findElement(By.cssSelector("td.assignee")).getText());
    b.assertAccessible("agent queue, unassigned view");

    // On the ticket page the agent assigns it to themself with a note.
    row.findElement(By.linkText(number)).click();
    b.waitForText(By.id("page-title"), subject);
    b.waitFor(By.cssSelector("#as-assignee option[value='" + AGENT + "']"));
    assertEquals("Nobody", b.driver.findElement(By.cssSelector(".ticket-assignee")).getText());
    b.assertAccessible("agent ticket page with the assignment form");
    // Someone who is no staff member (as if removed since the page loaded): the API's 400 names the
    // field, shown beside it.
    ((JavascriptExecutor) b.driver)
        .executeScript(
            "const o = document.createElement('option'); o.value = o.textContent = 'ghost@demo.example';"
                + " document.getElementById('as-assignee').append(o);");
    new Select(b.driver.findElement(By.id("as-assignee"))).selectByValue("ghost@demo.example");
    b.driver
        .findElement(By.cssSelector("form[aria-labelledby=assign-heading] button[type=submit]"))
        .click();
    WebElement assigneeError = b.waitFor(By.id("as-assignee-error"));
    assertFalse(assigneeError.getText().isBlank());
    assertEquals(
        "as-assignee-error",
        b.driver.findElement(By.id("as-assignee")).getDomAttribute("aria-describedby"));
    assertEquals(
        "true", b.driver.findElement(By.id("as-assignee")).getDomAttribute("aria-invalid"));
    assertTrue(
        b.driver.findElements(By.cssSelector("[data-event-type=assigned]")).isEmpty(),
        "a refused move is in the timeline");
    b.assertAccessible("assignment form with the API's error");
    new Select(b.driver.findElement(By.id("as-assignee"))).selectByValue(AGENT);
    b.driver.findElement(By.id("as-note")).sendKeys(note);
    b.driver
        .findElement(By.cssSelector("form[aria-labelledby=assign-heading] button[type=submit]"))
        .click();
    WebElement assigned = b.waitFor(By.cssSelector("[data-event-type=assigned]"));
    b.waitForText(By.cssSelector("[data-event-type=assigned] .assigned-note"), note);
    assertTrue(
        assigned.getDomAttribute("class").contains("internal"), assigned.getDomAttribute("class"));
    String text = assigned.getText();
    assertTrue(
        text.contains("moved the ticket") && text.contains("Assignee: Dana Agent (" + AGENT + ")"),
        text);
    b.waitForText(By.cssSelector(".ticket-assignee"), AGENT);
    assertTrue(
        b.driver.findElements(By.id("as-assignee-error")).isEmpty(),
        "the error stays after the move");
    assertEquals(
        AGENT,
        new Select(b.driver.findElement(By.id("as-assignee")))
            .getFirstSelectedOption()
            .getDomAttribute("value"));
    b.assertAccessible("agent ticket page after the assignment");
    b.screenshot("agent-assigned-ticket");

    // The same event reads in Russian.
    new Select(b.driver.findElement(By.id("lang-select"))).selectByValue("ru");
    b.waitForText(By.cssSelector("[data-event-type=assigned]"), "передал(а) заявку");
    assertTrue(
        b.driver
            .findElement(By.cssSelector("[data-event-type=assigned]"))
            .getText()
            .contains("Исполнитель: Dana Agent"));
    assertEquals(
        "Исполнитель", b.driver.findElement(By.cssSelector("label[for=as-assignee]")).getText());
    new Select(b.driver.findElement(By.id("lang-select"))).selectByValue("en");
    b.waitForText(By.cssSelector("[data-event-type=assigned]"), "moved the ticket");

    // Under Mine now, with its assignee; the status filter narrows the desk list; gone from
    // Unassigned.
    b.go("/tickets");
    b.heading("Queue");
    b.waitFor(By.cssSelector("button.view[data-view=mine]")).click();
    waitForRow(b, "mine", "", number);
    b.waitForText(
        By.cssSelector("tr[data-ticket='" + number + "'] td.assignee"),
        "Dana Agent (" + AGENT + ")");
    b.screenshot("agent-queue-mine");
    new Select(b.driver.findElement(By.id("ticket-status-filter"))).selectByValue("new");
    waitForRow(b, "mine", "new", number);
    new Select(b.driver.findElement(By.id("ticket-status-filter"))).selectByValue("resolved");
    waitForList(b, "mine", "resolved");
    assertTrue(
        b.driver.findElements(By.cssSelector("tr[data-ticket='" + number + "']")).isEmpty(),
        "a new ticket listed as resolved");
    new Select(b.driver.findElement(By.id("ticket-status-filter"))).selectByValue("");
    b.driver.findElement(By.cssSelector("button.view[data-view=unassigned]")).click();
    waitForList(b, "unassigned", "");
    assertTrue(
        b.driver.findElements(By.cssSelector("tr[data-ticket='" + number + "']")).isEmpty(),
        "still listed as unassigned");
    b.assertAccessible("agent queue, unassigned view without the ticket");
    b.signOut();

    // The client sees the ticket, but no assignment controls and not the internal event nor its
    // note.
    b.signInAs(ALICE);
    b.heading("Tickets");
    assertTrue(
        b.driver.findElements(By.cssSelector("button.view")).isEmpty(),
        "the client gets the queue's views");
    b.go("/tickets/" + number);
    b.waitFor(By.cssSelector(".timeline [data-event-type=created]"));
    b.waitForText(By.id("page-title"), subject);
    assertTrue(
        b.driver.findElements(By.cssSelector("[data-event-type=assigned]")).isEmpty(),
        "the client sees the assigned event");
    assertTrue(
        b.driver.findElements(By.id("as-assignee")).isEmpty(),
        "the client gets the assignee control");
    assertTrue(
        b.driver.findElements(By.id("as-group")).isEmpty(), "the client gets the group control");
    assertTrue(
        b.driver.findElements(By.cssSelector(".ticket-assignee")).isEmpty(),
        "the client sees the assignee");
    assertFalse(b.driver.getPageSource().contains(note), "the client sees the assignment's note");
    assertFalse(b.driver.findElement(By.tagName("nav")).getText().contains("Groups"));
  }

  @Test
  void adminCreatesAGroupWhoseQueueViewAgentsGet() throws Exception {
    String name = "Night shift " + UUID.randomUUID().toString().substring(0, 8);
    Browser b = open(Browser.desktop(portal, "en-US"));
    b.signInAs(ADMIN);
    b.waitFor(By.cssSelector("nav a[href='#/groups']")).click();
    b.heading("Groups");
    b.waitFor(By.cssSelector("#gr-member-0"));
    // Blank first: the problem document's error beside the name.
    b.driver
        .findElement(By.cssSelector("form[aria-labelledby=group-new-heading] button[type=submit]"))
        .click();
    WebElement nameError = b.waitFor(By.id("gr-name-error"));
    assertFalse(nameError.getText().isBlank());
    assertEquals(
        "gr-name-error",
        b.driver.findElement(By.id("gr-name")).getDomAttribute("aria-describedby"));
    assertEquals("true", b.driver.findElement(By.id("gr-name")).getDomAttribute("aria-invalid"));
    b.assertAccessible("groups page with the form's errors");
    b.driver.findElement(By.id("gr-name")).sendKeys(name);
    WebElement agentBox =
        b.driver.findElement(By.cssSelector("fieldset.members input[value='" + AGENT + "']"));
    b.driver
        .findElement(By.cssSelector("label[for='" + agentBox.getDomAttribute("id") + "']"))
        .click();
    assertTrue(agentBox.isSelected());
    b.driver
        .findElement(By.cssSelector("form[aria-labelledby=group-new-heading] button[type=submit]"))
        .click();
    b.waitForText(By.cssSelector("form[aria-labelledby=group-new-heading] [role=status]"), name);
    WebElement row =
        b.waitFor(
            By.xpath(
                "//table[contains(@class,'groups')]//tr[td[normalize-space()='" + name + "']]"));
    assertTrue(row.getText().contains("Dana Agent (" + AGENT + ")"), row.getText());
    String groupId = row.getDomAttribute("data-group");
    assertTrue(groupId != null && !groupId.isBlank());
    b.signOut();

    // The agent's queue has a view for it (nothing in it yet), and the ticket page offers it.
    b.signInAs(AGENT);
    b.heading("Queue");
    WebElement view = b.waitFor(By.cssSelector("button.view[data-view='group:" + groupId + "']"));
    assertEquals(name, view.getText());
    view.click();
    waitForList(b, "group:" + groupId, "");
    b.waitForText(By.cssSelector(".results"), "Nothing here yet.");
    b.go("/groups");
    b.heading("Groups");
    b.waitFor(By.cssSelector("tr[data-group='" + groupId + "']"));
    assertTrue(
        b.driver.findElements(By.id("gr-name")).isEmpty(),
        "an agent gets the admin's new-group form");
  }

  @Test
  void adminSetsAnAccountManagerWhoThenOwnsTheClientsNewTickets() throws Exception {
    Browser b = open(Browser.desktop(portal, "en-US"));
    try {
      b.signInAs(ADMIN);
      b.waitFor(By.cssSelector("nav a[href='#/clients']")).click();
      b.heading("Clients");
      b.waitFor(By.cssSelector("#am-cli_globex option[value='" + AGENT + "']"));
      assertEquals(
          "Account manager: Globex",
          b.driver.findElement(By.cssSelector("label[for=am-cli_globex]")).getText());
      new Select(b.driver.findElement(By.id("am-cli_globex"))).selectByValue(AGENT);
      b.driver
          .findElement(By.cssSelector("tr[data-client=cli_globex] form button[type=submit]"))
          .click();
      b.waitFor(By.cssSelector("tr[data-client=cli_globex] [role=status]"));
      b.assertAccessible("clients with the account manager form");
      b.signOut();

      // Globex's next ticket is the agent's from the start: under Mine, with the routing's assigned
      // event.
      String number =
          clientOpensTicket(
              b, "Routed to the account manager " + UUID.randomUUID().toString().substring(0, 8));
      b.signOut();
      b.signInAs(AGENT);
      b.heading("Queue");
      b.waitFor(By.cssSelector("button.view[data-view=mine]")).click();
      waitForRow(b, "mine", "", number);
      b.go("/tickets/" + number);
      b.waitForText(By.cssSelector("[data-event-type=assigned] .assigned-to"), AGENT);
      b.waitForText(By.cssSelector(".ticket-assignee"), AGENT);
    } finally {
      // Globex's later tickets must arrive unassigned again for the other tests, whatever happened
      // above.
      String token =
          portal.tokens.token("demo", "u-admin", ADMIN, "Sam Admin", null, List.of("admin"), 1);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(portal.apiBase() + "/v1/clients/cli_globex"))
                      .header("Authorization", "Bearer " + token)
                      .header("Content-Type", "application/json")
                      .method(
                          "PATCH",
                          HttpRequest.BodyPublishers.ofString("{\"accountManagerId\":null}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
    }
  }

  @Test
  void everyoneTurnsKindsOfMailOffAndOnAgain() throws Exception {
    Browser b = open(Browser.desktop(portal, "en-US"));
    b.signInAs(AGENT);
    b.waitFor(By.cssSelector("nav a[href='#/notifications']")).click();
    b.heading("Notifications");
    b.waitFor(By.cssSelector("form.notifications"));
    for (String kind : List.of("agent_new_ticket", "agent_client_reply", "agent_assigned"))
      b.waitFor(By.id("nf-" + kind));
    assertTrue(
        b.driver.findElements(By.id("nf-agent_reply")).isEmpty(), "staff offered a contact's kind");
    assertEquals(
        "a client replies on a ticket",
        b.driver.findElement(By.cssSelector("label[for=nf-agent_client_reply]")).getText());
    b.assertAccessible("staff notifications");
    boolean before = b.driver.findElement(By.id("nf-agent_client_reply")).isSelected();
    b.driver.findElement(By.cssSelector("label[for=nf-agent_client_reply]")).click();
    b.driver.findElement(By.cssSelector("form.notifications button[type=submit]")).click();
    b.waitFor(By.cssSelector("form.notifications [role=status]"));
    // Read back from the API: away and back again.
    b.go("/tickets");
    b.heading("Queue");
    b.go("/notifications");
    b.heading("Notifications");
    WebElement box = b.waitFor(By.id("nf-agent_client_reply"));
    assertEquals(!before, box.isSelected());
    b.driver.findElement(By.cssSelector("label[for=nf-agent_client_reply]")).click();
    b.driver.findElement(By.cssSelector("form.notifications button[type=submit]")).click();
    b.waitFor(By.cssSelector("form.notifications [role=status]"));
    assertEquals(before, b.driver.findElement(By.id("nf-agent_client_reply")).isSelected());
    b.signOut();

    // A client chooses among a contact's kinds, in Russian too.
    b.signInAs(ALICE);
    b.waitFor(By.cssSelector("nav a[href='#/notifications']")).click();
    b.heading("Notifications");
    for (String kind : List.of("acknowledgement", "agent_reply", "waiting_for_you", "resolved"))
      b.waitFor(By.id("nf-" + kind));
    assertTrue(
        b.driver.findElements(By.id("nf-agent_new_ticket")).isEmpty(),
        "a client offered a staff kind");
    b.assertAccessible("client notifications");
    new Select(b.driver.findElement(By.id("lang-select"))).selectByValue("ru");
    b.heading("Уведомления");
    assertEquals(
        "моя заявка решена",
        b.driver.findElement(By.cssSelector("label[for=nf-resolved]")).getText());
    new Select(b.driver.findElement(By.id("lang-select"))).selectByValue("en");
    b.heading("Notifications");
  }

  @Test
  void theQueueAndTheAssignmentFormFitA360PixelPhone() throws Exception {
    Browser b = open(Browser.phone(portal));
    String number =
        clientOpensTicket(b, "Phone desk " + UUID.randomUUID().toString().substring(0, 8));
    b.signOut();
    b.signInAs(AGENT);
    b.heading("Queue");
    b.waitFor(By.cssSelector("button.view[data-view=unassigned]")).click();
    waitForRow(b, "unassigned", "", number);
    JavascriptExecutor js = (JavascriptExecutor) b.driver;
    assertEquals(360L, ((Number) js.executeScript("return window.innerWidth")).longValue());
    assertTrue(
        ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue()
            <= 360);
    b.assertAccessible("queue at 360 px");
    b.go("/tickets/" + number);
    b.waitFor(By.cssSelector("#as-assignee option[value='" + AGENT + "']"));
    for (String id : List.of("as-assignee", "as-group", "as-note")) {
      WebElement field = b.driver.findElement(By.id(id));
      ((JavascriptExecutor) b.driver).executeScript("arguments[0].scrollIntoView()", field);
      var r = field.getRect();
      assertTrue(
          r.getX() >= 0 && r.getX() + r.getWidth() <= 360,
          id + " at " + r.getX() + "+" + r.getWidth());
    }
    assertTrue(
        ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue()
            <= 360);
    b.assertAccessible("ticket page with the assignment form at 360 px");
    b.screenshot("phone-assignment");
  }

  /** Signs in as Alice and opens a ticket through the form; its number. */
  private static String clientOpensTicket(Browser b, String subject) {
    b.signInAs(ALICE);
    b.go("/new");
    b.heading("New ticket");
    b.waitFor(By.id("nt-subject")).sendKeys(subject);
    b.driver.findElement(By.id("nt-description")).sendKeys("Nobody can send mail");
    b.driver.findElement(By.cssSelector("form button[type=submit]")).click();
    b.waitForText(By.id("page-title"), subject);
    return b.driver.findElement(By.cssSelector("#page-title .number")).getText();
  }

  /**
   * Waits until the queue shows the list of {@code view} and {@code status} (not the one before).
   */
  private static void waitForList(Browser b, String view, String status) {
    String loaded = "[\"" + view + "\",\"" + status + "\"]";
    b.wait.until(
        ExpectedConditions.attributeToBe(By.cssSelector(".results"), "data-loaded", loaded));
  }

  private static WebElement waitForRow(Browser b, String view, String status, String number) {
    waitForList(b, view, status);
    return b.waitFor(By.cssSelector(".results tr[data-ticket='" + number + "']"));
  }

  /** Presses Tab until the focused element matches {@code css}; fails after 60 presses. */
  private static void tabUntil(Browser b, String css) {
    WebElement target = b.driver.findElement(By.cssSelector(css));
    for (int i = 0; i < 60; i++) {
      if (b.driver.switchTo().activeElement().equals(target)) return;
      new Actions(b.driver).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("Tab never reaches " + css);
  }
}
