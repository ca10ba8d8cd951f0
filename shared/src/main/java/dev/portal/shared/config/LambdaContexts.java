package dev.portal.shared.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.SystemPropertiesPropertySource;

/**
 * The Micronaut context a function builds in Lambda (every handler's no-argument constructor goes
 * through {@link #builder()}; tests and local mode pass their own context).
 *
 * <p>micronaut-function-aws's own builder turns on {@code eagerInitSingletons(true)}: every
 * singleton of the jar, and every SDK client among them, is built at start-up, whether or not the
 * invoked route needs it. That pays off only where the start-up is snapshotted: with SnapStart
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) everything is built, and then primed, before
 * the snapshot. Anywhere else (on-demand and provisioned concurrency, the bench, tests) a singleton
 * is built when something first needs it, so a request pays only for what it uses.
 *
 * <p>Also left out, because a Lambda has no use for them: environment deduction (Micronaut probes
 * the host for cloud providers and test frameworks) and the configuration-file property sources (no
 * function ships an {@code application.*} file; Micronaut would look for one per environment name
 * and format). Configuration stays what it was: environment variables ({@code FILES_BUCKET} as
 * {@code files.bucket}) and system properties. The environment names stay those of
 * micronaut-function-aws ({@code function}, {@code lambda}).
 */
public final class LambdaContexts {
  /** The value of {@code AWS_LAMBDA_INITIALIZATION_TYPE} in a SnapStart function's init phase. */
  static final String SNAP_START = "snap-start";

  private LambdaContexts() {}

  public static ApplicationContextBuilder builder() {
    return builder(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
  }

  static ApplicationContextBuilder builder(String initializationType) {
    boolean snapshot = SNAP_START.equals(initializationType);
    return ApplicationContext.builder()
        .environments("function", "lambda")
        .deduceEnvironment(false)
        .deduceCloudEnvironment(false)
        .enableDefaultPropertySources(false)
        .propertySources(new EnvironmentPropertySource(), new SystemPropertiesPropertySource())
        .banner(false)
        .eagerInitConfiguration(snapshot)
        .eagerInitSingletons(snapshot);
  }
}
