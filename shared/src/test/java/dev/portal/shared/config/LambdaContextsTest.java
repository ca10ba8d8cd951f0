package dev.portal.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextConfiguration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LambdaContextsTest {
  @Test
  void singletonsAreBuiltEagerlyOnlyForASnapStartSnapshot() {
    var snap = (ApplicationContextConfiguration) LambdaContexts.builder("snap-start");
    assertTrue(snap.isEagerInitSingletons());
    assertTrue(snap.isEagerInitConfiguration());
    for (String type : new String[] {null, "on-demand", "provisioned-concurrency"}) {
      var lazy = (ApplicationContextConfiguration) LambdaContexts.builder(type);
      assertFalse(lazy.isEagerInitSingletons(), type);
      assertFalse(lazy.isEagerInitConfiguration(), type);
    }
  }

  @Test
  void noDeductionNoConfigFilesSameEnvironmentNames() {
    var c = (ApplicationContextConfiguration) LambdaContexts.builder(null);
    assertEquals(Optional.of(false), c.getDeduceEnvironments());
    assertFalse(c.isDeduceCloudEnvironment());
    assertFalse(c.isEnableDefaultPropertySources());
    assertEquals(java.util.List.of("function", "lambda"), c.getEnvironments());
  }

  /** The default property sources are off; system properties (and environment variables) stay. */
  @Test
  void systemPropertiesStillConfigure() {
    System.setProperty("lambda.contexts.test", "kept");
    try (ApplicationContext context = LambdaContexts.builder(null).start()) {
      assertEquals(Optional.of("kept"), context.getProperty("lambda.contexts.test", String.class));
      assertTrue(context.getEnvironment().getActiveNames().contains("lambda"));
    } finally {
      System.clearProperty("lambda.contexts.test");
    }
  }
}
