package dev.portal.browser;

import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Saves a screenshot of every browser a failed test had open, as
 * target/browser-screenshots/FAILED-Class-test-n.png. The test class lists its open browsers
 * through {@link Browsers}. Runs right after the test method, before any {@code @AfterEach} closes
 * the browsers.
 */
final class ScreenshotOnFailure implements AfterTestExecutionCallback {
  interface Browsers {
    List<Browser> openBrowsers();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) return;
    Object test = context.getTestInstance().orElse(null);
    if (!(test instanceof Browsers b)) return;
    int n = 0;
    for (Browser browser : b.openBrowsers()) {
      try {
        var file =
            browser.screenshot(
                "FAILED-"
                    + context.getRequiredTestClass().getSimpleName()
                    + "-"
                    + context.getRequiredTestMethod().getName()
                    + "-"
                    + (n++));
        System.err.println("screenshot of the failed test: " + file.toAbsolutePath());
      } catch (Exception e) {
        System.err.println("no screenshot: " + e);
      }
    }
  }
}
