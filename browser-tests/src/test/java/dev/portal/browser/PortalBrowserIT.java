package dev.portal.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.http.Json;
import io.micronaut.json.tree.JsonNode;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal in a real browser: what a client and an agent do with a ticket, in English and
 * Russian, on a phone.
 */
@ExtendWith(ScreenshotOnFailure.class)
class PortalBrowserIT implements ScreenshotOnFailure.Browsers {
  private static final String ALICE = "alice@globex.example";
  private static final String BOB = "bob@globex.example";
  private static final String AGENT = "agent@demo.example";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
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
  void clientOpensATicketAgentAnswersAndResolvesItClientRatesIt(@TempDir Path files)
      throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    // The client's screenshot, the agent's file on the reply and one on the internal note: small,
    // and each with bytes of its own so a mix-up shows.
    byte[] clientBytes = ("VPN log " + tag + "\n").repeat(200).getBytes(StandardCharsets.UTF_8);
    Path clientFile = Files.write(files.resolve("vpn-log-" + tag + ".txt"), clientBytes);
    byte[] agentBytes = ("fix " + tag + "\n").repeat(50).getBytes(StandardCharsets.UTF_8);
    Path agentFile = Files.write(files.resolve("fix-" + tag + ".txt"), agentBytes);
    Path internalFile = Files.write(files.resolve("internal-trace-" + tag + ".txt"), agentBytes);
    // One byte over the API's 25 MB: refused in the browser before anything is sent (a sparse
    // file, nothing is written).
    Path tooLarge = files.resolve("too-large-" + tag + ".bin");
    try (RandomAccessFile f = new RandomAccessFile(tooLarge.toFile(), "rw")) {
      f.setLength(25_000_001L);
    }
    String subject = "VPN drops " + tag;
    String publicReply = "We restarted the VPN gateway " + tag;
    String internalNote = "INTERNAL firewall logs " + tag;
    Browser b = open(Browser.desktop(portal, "en-US"));
    b.open(null);
    b.heading("Sign in");
    b.assertAccessible("sign-in");

    // The client opens a ticket; a blank form first, whose problem document's errors appear beside
    // the fields.
    b.signInAs(ALICE);
    b.heading("Tickets");
    b.assertAccessible("client ticket list");
    b.driver.findElement(By.linkText("New ticket")).click();
    b.heading("New ticket");
    b.waitFor(By.cssSelector("form button[type=submit]")).click();
    WebElement subjectError = b.waitFor(By.id("nt-subject-error"));
    assertFalse(subjectError.getText().isBlank());
    assertEquals(
        "nt-subject-error",
        b.driver.findElement(By.id("nt-subject")).getDomAttribute("aria-describedby"));
    assertEquals("true", b.driver.findElement(By.id("nt-subject")).getDomAttribute("aria-invalid"));
    b.driver.findElement(By.id("nt-subject")).sendKeys(subject);
    b.driver.findElement(By.id("nt-description")).sendKeys("Every hour since Monday");
    new Select(b.driver.findElement(By.id("nt-priority"))).selectByValue("high");
    // A file over 25 MB is named with the reason and blocks sending until removed; the small one
    // is listed with its name and size.
    b.driver.findElement(By.id("nt-files")).sendKeys(tooLarge.toString());
    WebElement refused = b.waitFor(By.cssSelector(".files .file-invalid"));
    assertTrue(refused.getText().contains(tooLarge.getFileName().toString()), refused.getText());
    assertTrue(refused.getText().contains("Larger than 25 MB"), refused.getText());
    b.driver.findElement(By.id("nt-files")).sendKeys(clientFile.toString());
    WebElement chosen =
        b.waitFor(By.cssSelector(".files li[data-file='" + clientFile.getFileName() + "']"));
    assertTrue(chosen.getText().contains("kB"), chosen.getText());
    b.assertAccessible("new-ticket form with errors and files");
    b.driver.findElement(By.cssSelector("form button[type=submit]")).click();
    b.waitForText(By.cssSelector("form .alert"), "Remove the files that cannot be sent");
    assertTrue(b.driver.findElements(By.cssSelector("#page-title .number")).isEmpty());
    refused.findElement(By.cssSelector("button")).click();
    b.wait.until(
        ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".files .file-invalid")));
    b.driver.findElement(By.cssSelector("form button[type=submit]")).click();
    b.waitForText(By.id("page-title"), subject);
    String number = b.driver.findElement(By.cssSelector("#page-title .number")).getText();
    assertTrue(number.matches("DEMO-\\d+"), number);

    // The ticket page lists the file; its link (the API's route) gives the same bytes, fetched
    // here over HTTP with the client's token and in the page as the app fetches it (the API's
    // redirect to the emulator's S3 passes the CSP and CORS of the portal's origin).
    WebElement link = attachmentLink(b, clientFile);
    assertEquals(clientFile.getFileName().toString(), link.getText());
    assertArrayEquals(clientBytes, downloadOverHttp(link.getDomAttribute("href"), ALICE));
    assertArrayEquals(clientBytes, downloadInPage(b, link.getDomAttribute("href"), ALICE));
    // The app's own click: fetched with the session's token and saved; no error beside the link.
    link.click();
    b.wait.until(
        ExpectedConditions.or(
            ExpectedConditions.attributeToBe(link, "data-download", "done"),
            ExpectedConditions.attributeToBe(link, "data-download", "failed")));
    assertEquals("done", link.getDomAttribute("data-download"), "the app's download failed");
    b.assertAccessible("client ticket page with an attachment");

    // Listed with its number and the SLA's due time (the demo contract gives every ticket clocks).
    b.go("/tickets");
    WebElement row = b.waitFor(By.cssSelector("tr[data-ticket='" + number + "']"));
    assertTrue(row.getText().contains(subject), row.getText());
    WebElement due = row.findElement(By.cssSelector(".sla-due time"));
    Instant dueAt = Instant.parse(due.getDomAttribute("datetime"));
    assertTrue(dueAt.isAfter(Instant.now().minusSeconds(60)), "due " + dueAt);
    assertFalse(due.getText().isBlank());
    assertTrue(row.getText().contains("On track"), row.getText());
    b.signOut();

    // The agent finds it in the queue, writes an internal note and a public reply, logs time and
    // resolves it.
    b.signInAs(AGENT);
    b.heading("Queue");
    b.waitFor(By.cssSelector("tr[data-ticket='" + number + "']"));
    b.assertAccessible("agent queue");
    b.screenshot("agent-queue");
    b.driver.findElement(By.linkText(number)).click();
    b.waitForText(By.id("page-title"), subject);
    comment(b, internalNote, true, internalFile);
    comment(b, publicReply, false, agentFile);
    assertArrayEquals(
        agentBytes, downloadOverHttp(attachmentLink(b, agentFile).getDomAttribute("href"), AGENT));
    b.driver.findElement(By.id("te-minutes")).sendKeys("25");
    b.driver
        .findElement(By.cssSelector("form[aria-labelledby=time-heading] button[type=submit]"))
        .click();
    b.waitFor(By.cssSelector("[data-event-type=time_logged]"));
    b.assertAccessible("agent ticket page");
    new Select(b.driver.findElement(By.id("tc-status"))).selectByValue("resolved");
    b.driver
        .findElement(By.cssSelector("form[aria-labelledby=change-heading] button[type=submit]"))
        .click();
    b.waitForText(By.cssSelector(".ticket-status"), "Resolved");
    b.signOut();

    // The client reads the public reply, never the internal note nor the time entry, and rates the
    // ticket.
    b.signInAs(ALICE);
    b.go("/tickets/" + number);
    b.waitForText(By.cssSelector(".timeline"), publicReply);
    // The reply's file is the client's to download; the internal note's is not even listed.
    WebElement agentLink = attachmentLink(b, agentFile);
    assertArrayEquals(agentBytes, downloadInPage(b, agentLink.getDomAttribute("href"), ALICE));
    String page = b.driver.getPageSource();
    assertFalse(page.contains(internalNote), "the client sees the internal note");
    assertFalse(
        page.contains(internalFile.getFileName().toString()),
        "the client sees the internal note's file");
    assertTrue(b.driver.findElements(By.cssSelector("[data-event-type=time_logged]")).isEmpty());
    b.waitForText(By.cssSelector(".ticket-status"), "Resolved");
    b.assertAccessible("client ticket page with the rating form");
    b.screenshot("client-ticket-page");
    b.driver.findElement(By.cssSelector("label[for=rate-5]")).click();
    b.driver.findElement(By.id("rate-comment")).sendKeys("Fast and friendly");
    b.driver
        .findElement(By.cssSelector("form[aria-labelledby=rate-heading] button[type=submit]"))
        .click();
    b.waitForText(By.cssSelector(".rating"), "★★★★★");
    assertTrue(
        b.driver.findElements(By.id("rate-heading")).isEmpty(),
        "the rating form stays after rating");
    b.go("/contract");
    b.heading("Contract");
    b.waitFor(By.cssSelector(".contract"));
    b.assertAccessible("client contract");
  }

  /** The link of the ticket page's attachments list to the file of that name, once it is there. */
  private static WebElement attachmentLink(Browser b, Path file) {
    return b.waitFor(
        By.xpath(
            "//ul[@class='attachments']//a[@class='attachment-link'][normalize-space()='"
                + file.getFileName()
                + "']"));
  }

  /** A demo user's token, as the sign-in page gets it. */
  private static String token(String email) throws Exception {
    HttpResponse<byte[]> users =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(portal.apiBase() + "/local/demo-users")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    JsonNode items = portal.context.getBean(Json.class).parse(users.body()).get("items");
    for (int i = 0; i < items.size(); i++) {
      JsonNode u = items.get(i);
      if (u.get("email").getStringValue().equals(email)) return u.get("token").getStringValue();
    }
    throw new AssertionError("no demo user " + email);
  }

  /**
   * The attachment link's target over plain HTTP: the API's 302 (with the token), then the
   * presigned S3 link it names (without).
   */
  private static byte[] downloadOverHttp(String href, String email) throws Exception {
    HttpResponse<Void> redirect =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(href))
                .header("Authorization", "Bearer " + token(email))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertEquals(302, redirect.statusCode());
    HttpResponse<byte[]> file =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(redirect.headers().firstValue("location").orElseThrow()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, file.statusCode());
    assertTrue(
        file.headers().firstValue("content-disposition").orElse("").startsWith("attachment;"),
        file.headers().map()::toString);
    return file.body();
  }

  /**
   * The same link fetched inside the portal's page as the app's download does: cross-origin to the
   * API with the token, then the redirect to S3, under the page's CSP.
   */
  private static byte[] downloadInPage(Browser b, String href, String email) throws Exception {
    b.driver.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(30));
    Object result =
        ((JavascriptExecutor) b.driver)
            .executeAsyncScript(
                """
            const [href, token, done] = arguments;
            fetch(href, {headers: {Authorization: 'Bearer ' + token}, credentials: 'omit', mode: 'cors'})
              .then(r => r.ok ? r.arrayBuffer() : Promise.reject('HTTP ' + r.status))
              .then(buf => { let s = ''; for (const x of new Uint8Array(buf)) s += String.fromCharCode(x); done(btoa(s)); })
              .catch(e => done('ERROR ' + e));
            """,
                href,
                token(email));
    String text = String.valueOf(result);
    assertFalse(text.startsWith("ERROR"), text);
    return Base64.getDecoder().decode(text);
  }

  private static void comment(Browser b, String text, boolean internal, Path file) {
    WebElement body = b.waitFor(By.id("reply-body"));
    body.sendKeys(text);
    WebElement box = b.driver.findElement(By.id("reply-internal"));
    if (box.isSelected() != internal)
      b.driver.findElement(By.cssSelector("label[for=reply-internal]")).click();
    if (file != null) b.driver.findElement(By.id("reply-files")).sendKeys(file.toString());
    b.driver
        .findElement(By.cssSelector("form[aria-labelledby=reply-heading] button[type=submit]"))
        .click();
    b.waitForText(By.cssSelector(".timeline"), text);
    WebElement event =
        b.driver.findElement(
            By.xpath("//li[contains(@class,'event')][.//div[contains(., '" + text + "')]]"));
    assertEquals(
        internal,
        event.getDomAttribute("class").contains("internal"),
        event.getDomAttribute("class"));
    if (file != null) {
      WebElement listed =
          attachmentLink(b, file).findElement(By.xpath("ancestor::li[@data-attachment-id]"));
      assertEquals(internal, !listed.findElements(By.cssSelector(".internal-badge")).isEmpty());
    }
  }

  @Test
  void staffPagesAndTheClientAdminsInvoicesPassAxe() throws Exception {
    Browser b = open(Browser.desktop(portal, "en-US"));
    // By keyboard alone: Tab to the agent's sign-in button, Enter, Tab to the navigation's Clients
    // link, Enter.
    b.open(null);
    b.waitFor(By.cssSelector("button.demo-user[data-email='" + AGENT + "']"));
    tabUntil(b, "button.demo-user[data-email='" + AGENT + "']");
    b.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    b.heading("Queue");
    tabUntil(b, "nav a[href='#/clients']");
    b.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    b.heading("Clients");
    b.waitForText(By.tagName("main"), "Globex");
    b.assertAccessible("clients");
    b.go("/mail");
    b.heading("Mail log");
    b.wait.until(
        ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[aria-live=polite]")));
    b.assertAccessible("mail log");
    b.signOut();
    b.signInAs(BOB);
    b.go("/invoices");
    b.heading("Invoices");
    b.wait.until(
        ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[aria-live=polite]")));
    b.assertAccessible("invoices");
  }

  /** Presses Tab until the focused element matches {@code css}; fails after 40 presses. */
  private static void tabUntil(Browser b, String css) {
    WebElement target = b.driver.findElement(By.cssSelector(css));
    for (int i = 0; i < 40; i++) {
      if (b.driver.switchTo().activeElement().equals(target)) return;
      new Actions(b.driver).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("Tab never reaches " + css);
  }

  @Test
  void russianBrowserGetsRussianLabelsAndTheSwitchGoesBackToEnglish() throws Exception {
    Browser b = open(Browser.desktop(portal, "ru-RU"));
    b.open(null);
    b.heading("Вход");
    assertEquals("ru", b.driver.findElement(By.tagName("html")).getDomAttribute("lang"));
    b.signInAs(ALICE);
    b.heading("Заявки");
    assertTrue(b.driver.findElement(By.tagName("nav")).getText().contains("Новая заявка"));
    b.driver.findElement(By.linkText("Новая заявка")).click();
    b.heading("Новая заявка");
    assertEquals("Тема", b.driver.findElement(By.cssSelector("label[for=nt-subject]")).getText());
    assertEquals(
        "Прикрепить файлы", b.driver.findElement(By.cssSelector("label[for=nt-files]")).getText());
    // The file input is reached by keyboard like every other control.
    tabUntil(b, "#nt-files");
    b.assertAccessible("new-ticket form in Russian");
    new Select(b.driver.findElement(By.id("lang-select"))).selectByValue("en");
    b.heading("New ticket");
    assertEquals(
        "Subject", b.driver.findElement(By.cssSelector("label[for=nt-subject]")).getText());
  }

  /**
   * A client's administrator copies a colleague on their ticket from the ticket page; the colleague
   * then opens it by its number (a watcher reads it) and finds themselves listed, with a way off.
   */
  @Test
  void aClientAdministratorCopiesAColleagueWhoThenReadsTheTicket() throws Exception {
    String subject = "Printer jams " + UUID.randomUUID().toString().substring(0, 8);
    Browser b = open(Browser.desktop(portal, "en-US"));
    b.signInAs(BOB);
    b.go("/new");
    b.heading("New ticket");
    b.driver.findElement(By.id("nt-subject")).sendKeys(subject);
    b.driver.findElement(By.id("nt-description")).sendKeys("Tray 2, every morning");
    b.driver.findElement(By.cssSelector("form button[type=submit]")).click();
    b.waitForText(By.id("page-title"), subject);
    String number = b.driver.findElement(By.cssSelector("#page-title .number")).getText();
    b.waitForText(By.cssSelector(".watchers"), "Nobody else is copied.");
    // Someone who is not a contact of Globex: the problem's field error appears beside the input.
    b.driver.findElement(By.id("watcher-email")).sendKeys("stranger@elsewhere.example");
    b.driver.findElement(By.cssSelector(".watchers form button[type=submit]")).click();
    b.waitFor(By.id("watcher-email-error"));
    b.driver.findElement(By.id("watcher-email")).clear();
    b.driver.findElement(By.id("watcher-email")).sendKeys(ALICE);
    b.driver.findElement(By.cssSelector(".watchers form button[type=submit]")).click();
    b.waitFor(By.cssSelector(".watcher-list li[data-watcher='" + ALICE + "']"));
    b.waitForText(By.cssSelector(".timeline"), "Copied: " + ALICE);
    b.assertAccessible("ticket page with its watchers");
    b.signOut();

    b.signInAs(ALICE);
    b.go("/tickets/" + number);
    b.waitForText(By.id("page-title"), subject);
    WebElement me = b.waitFor(By.cssSelector(".watcher-list li[data-watcher='" + ALICE + "']"));
    assertTrue(me.findElement(By.cssSelector("button")).isDisplayed(), "a watcher can leave");
    assertTrue(
        b.driver.findElements(By.id("watcher-email")).isEmpty(),
        "a plain client who is not the requester does not choose watchers");
  }

  @Test
  void aPhoneWide360PixelsStillShowsTheNewTicketForm() throws Exception {
    Browser b = open(Browser.phone(portal));
    b.signInAs(ALICE);
    b.go("/new");
    b.heading("New ticket");
    JavascriptExecutor js = (JavascriptExecutor) b.driver;
    assertEquals(360L, ((Number) js.executeScript("return window.innerWidth")).longValue());
    for (String id : List.of("nt-subject", "nt-description", "nt-priority", "nt-files")) {
      WebElement field = b.driver.findElement(By.id(id));
      assertTrue(field.isDisplayed(), id);
      var r = field.getRect();
      assertTrue(
          r.getX() >= 0 && r.getX() + r.getWidth() <= 360,
          id + " at " + r.getX() + "+" + r.getWidth());
    }
    WebElement submit = b.driver.findElement(By.cssSelector("form button[type=submit]"));
    assertTrue(submit.isDisplayed());
    // Nothing wider than the screen: no sideways scrolling.
    assertTrue(
        ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue()
            <= 360);
    b.assertAccessible("new-ticket form at 360 px");
    b.screenshot("phone-new-ticket");
  }
}
