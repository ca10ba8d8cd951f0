package dev.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.PortalSite;
import dev.portal.shared.http.Json;
import io.micronaut.json.tree.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The company-account sign-in (authorization code + PKCE through oidc-client-ts) against a real
 * OpenID Connect issuer: panva's oidc-provider (browser-tests/oidc-issuer, npm), started by this
 * class on a free loopback port with a public client that must use PKCE, and its development login
 * page. The portal is the built app on an origin of its own, its config.json naming that issuer.
 *
 * <p>What this cannot show: the Cognito hosted UI (no emulator has one; real account only, see
 * docs/aws-behaviour.md) and the API accepting the issuer's tokens. Local mode's API verifies its
 * own locally minted tokens only and is not widened for this test, so sign-in is asserted in the
 * portal (the header shows the account), never through an API answer.
 */
@ExtendWith(ScreenshotOnFailure.class)
class CompanySignInBrowserIT implements ScreenshotOnFailure.Browsers {
  private static final String CLIENT_ID = "portal-browser-test";
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.");

  private static PortalInstance portal;
  private static Process issuerProcess;
  private static String issuer;
  private static PortalSite site;
  private static final BlockingQueue<JsonNode> authorizeRequests = new LinkedBlockingQueue<>();
  private final List<Browser> browsers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    portal = PortalInstance.get();
    String origin = "http://127.0.0.1:" + portal.companySignInPort;
    Path dir = portal.repo.resolve("browser-tests/oidc-issuer");
    ProcessBuilder pb =
        new ProcessBuilder("node", "issuer.mjs")
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("REDIRECT_URI", origin + "/");
    pb.environment().put("CLIENT_ID", CLIENT_ID);
    issuerProcess = pb.start();
    Json json = portal.context.getBean(Json.class);
    BlockingQueue<String> issuerLine = new LinkedBlockingQueue<>();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(issuerProcess.getInputStream(), StandardCharsets.UTF_8));
    Thread reader =
        new Thread(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  if (!line.startsWith("{")) continue;
                  JsonNode node = json.parse(line.getBytes(StandardCharsets.UTF_8));
                  if (node.get("issuer") != null)
                    issuerLine.add(node.get("issuer").getStringValue());
                  if (node.get("authorize") != null) authorizeRequests.add(node.get("authorize"));
                }
              } catch (IOException e) {
                // the issuer ended; the tests waiting for a line fail on their own
              }
            },
            "oidc-issuer-output");
    reader.setDaemon(true);
    reader.start();
    issuer = issuerLine.poll(60, TimeUnit.SECONDS);
    assertNotNull(
        issuer,
        "the OIDC issuer did not start; run scripts/portal.sh --browser (npm ci in " + dir + ")");
    site =
        new PortalSite(
                portal.dist,
                portal.apiBase(),
                portal.storageOrigin(),
                "Europe/Moscow",
                new PortalSite.Oidc(issuer, CLIENT_ID),
                portal.companySignInPort)
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (site != null) site.close();
    if (issuerProcess != null) {
      issuerProcess.getOutputStream().close(); // its standard input: the issuer exits
      if (!issuerProcess.waitFor(10, TimeUnit.SECONDS)) issuerProcess.destroy();
    }
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

  @Test
  void signsInWithPkceS256AtTheIssuerAndKeepsNoTokenInBrowserStorage() throws Exception {
    authorizeRequests.clear();
    Browser b = Browser.desktop(portal, "en-US");
    browsers.add(b);
    String email = "carol@globex.example";

    signInAtTheIssuer(b, email);

    b.waitForText(By.cssSelector("header .email"), email);
    JsonNode authorize = authorizeRequests.poll(5, TimeUnit.SECONDS);
    assertNotNull(authorize, "the issuer saw no authorization request");
    assertEquals("S256", text(authorize, "code_challenge_method"));
    assertTrue(
        text(authorize, "code_challenge").matches("[A-Za-z0-9_-]{43}"),
        "a base64url SHA-256 code challenge: " + text(authorize, "code_challenge"));
    assertEquals("code", text(authorize, "response_type"));
    assertEquals(CLIENT_ID, text(authorize, "client_id"));
    assertEquals(site.origin() + "/", text(authorize, "redirect_uri"));
    assertTrue(text(authorize, "scope").contains("openid"), text(authorize, "scope"));
    assertFalse(b.driver.getCurrentUrl().contains("code="), b.driver.getCurrentUrl());

    Map<String, String> stored = browserStorage(b);
    for (var e : stored.entrySet()) {
      assertFalse(JWT.matcher(e.getValue()).find(), "a token in browser storage: " + e.getKey());
      assertFalse(e.getKey().contains("oidc"), "sign-in state left behind: " + e.getKey());
    }
    assertEquals(
        "", ((JavascriptExecutor) b.driver).executeScript("return document.cookie"), "cookies");

    // In memory only: a reload forgets the tokens and shows the sign-in page again.
    b.driver.navigate().refresh();
    b.waitFor(By.id("oidc-sign-in"));
    assertTrue(b.driver.findElements(By.cssSelector("header .email")).isEmpty());
    b.assertAccessible("the sign-in page with the company sign-in");
  }

  @Test
  void signOutForgetsTheSessionAndAnExpiredTokenReturnsToSignIn() throws Exception {
    Browser b = Browser.desktop(portal, "en-US");
    browsers.add(b);
    signInAtTheIssuer(b, "dan@globex.example");
    b.waitForText(By.cssSelector("header .email"), "dan@globex.example");
    b.driver.findElement(By.cssSelector("header .who button")).click();
    b.waitFor(By.id("oidc-sign-in"));
    assertTrue(b.driver.findElements(By.cssSelector("header .email")).isEmpty());

    // The issuer gives "brief." accounts an 8-second ID token: the portal goes back to sign-in on
    // its own when it expires, saying why. A new browser: the first one's session at the issuer
    // would sign dan in again without asking (the portal's sign-out leaves it, with no logout URL).
    b = Browser.desktop(portal, "en-US");
    browsers.add(b);
    signInAtTheIssuer(b, "brief.erin@globex.example");
    b.wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".signin .notice"), "Your session has expired"));
    assertTrue(b.driver.findElements(By.cssSelector("header .email")).isEmpty());
  }

  /**
   * From the portal's sign-in page through the issuer's login (any password) and consent pages back
   * to the portal. The issuer's session is new in each browser, so both pages always show.
   */
  private void signInAtTheIssuer(Browser b, String login) {
    b.driver.get(site.origin() + "/");
    b.wait.until(ExpectedConditions.elementToBeClickable(By.id("oidc-sign-in"))).click();
    b.wait.until(ExpectedConditions.urlContains(issuer + "/interaction/"));
    if (!b.driver.findElements(By.name("login")).isEmpty()) {
      b.driver.findElement(By.name("login")).sendKeys(login);
      b.driver.findElement(By.name("password")).sendKeys("any password");
      b.driver.findElement(By.cssSelector("button[type=submit]")).click();
    }
    // The consent page (the scopes), unless this browser already granted them.
    b.wait.until(
        d ->
            d.getCurrentUrl().startsWith(site.origin())
                || !d.findElements(By.xpath("//button[normalize-space()='Continue']")).isEmpty());
    if (!b.driver.getCurrentUrl().startsWith(site.origin())) {
      b.driver.findElement(By.xpath("//button[normalize-space()='Continue']")).click();
    }
    b.wait.until(ExpectedConditions.urlContains(site.origin()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> browserStorage(Browser b) {
    return (Map<String, String>)
        ((JavascriptExecutor) b.driver)
            .executeScript(
                """
                const all = {};
                for (const [name, s] of [['local', localStorage], ['session', sessionStorage]]) {
                  for (let i = 0; i < s.length; i++) all[name + ':' + s.key(i)] = s.getItem(s.key(i));
                }
                return all;
                """);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null ? "" : v.getStringValue();
  }
}
