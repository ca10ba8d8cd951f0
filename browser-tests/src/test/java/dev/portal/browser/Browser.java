package dev.portal.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's chromium and chromium-driver; nothing downloaded) and the steps
 * the tests share: signing in with a demo user's button, waiting, running axe-core on the page,
 * screenshots.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
  private static final String CHROMIUM =
      System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
  private static final String CHROMEDRIVER =
      System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");

  final WebDriver driver;
  final WebDriverWait wait;
  private final PortalInstance portal;

  private Browser(PortalInstance portal, ChromeOptions options) {
    this.portal = portal;
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new java.io.File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  private static ChromeOptions options(String language) {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM);
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        // No name but the loopback resolves: a page that loads anything from outside the local
        // servers fails here at once (the portal must not; the test issuer's login page imports a
        // web font, which then fails fast instead of waiting on a network there is none of).
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        "--lang=" + language);
    o.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    return o;
  }

  /**
   * A desktop-sized browser whose language is {@code language} (e.g. {@code en-US}, {@code ru-RU}).
   */
  static Browser desktop(PortalInstance portal, String language) {
    ChromeOptions o = options(language);
    o.addArguments("--window-size=1280,1000");
    return new Browser(portal, o);
  }

  /**
   * Chrome's mobile emulation: a 360 CSS-pixel-wide device viewport, touch and a phone's user
   * agent.
   */
  static Browser phone(PortalInstance portal) {
    ChromeOptions o = options("en-US");
    o.setExperimentalOption(
        "mobileEmulation",
        Map.of(
            "deviceMetrics",
            Map.of("width", 360, "height", 780, "pixelRatio", 3.0, "touch", true),
            "userAgent",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36"));
    return new Browser(portal, o);
  }

  void open(String hashPath) {
    driver.get(portal.portalUrl() + (hashPath == null ? "" : "#" + hashPath));
  }

  /** The sign-in page's button labelled with the user's email; then the first page of the app. */
  void signInAs(String email) {
    open(null);
    WebElement button =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space()='" + email + "']")));
    button.click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("header .email"), email));
  }

  void signOut() {
    By out = By.cssSelector("header .who button");
    wait.until(ExpectedConditions.elementToBeClickable(out)).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.demo-user")));
  }

  void go(String hashPath) {
    ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", "#" + hashPath);
  }

  WebElement waitFor(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void waitForText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  void heading(String text) {
    waitForText(By.id("page-title"), text);
  }

  /**
   * axe-core (the npm package the portal's lockfile pins) on the current page: the serious and
   * critical violations, each as "rule: selectors". Injected through WebDriver, which the page's
   * CSP does not govern.
   */
  List<String> seriousAccessibilityViolations() throws IOException {
    String axe = Files.readString(portal.repo.resolve("portal/node_modules/axe-core/axe.min.js"));
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript(axe);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Object result =
        js.executeAsyncScript(
            """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
          .catch(e => done(['axe failed: ' + e]));
        """);
    @SuppressWarnings("unchecked")
    List<String> violations = (List<String>) result;
    return violations;
  }

  void assertAccessible(String page) throws IOException {
    assertEquals(List.of(), seriousAccessibilityViolations(), "axe-core on " + page);
  }

  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
