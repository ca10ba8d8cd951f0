package dev.portal.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Before each test class, the portal table is dropped and created again on moto (registered for
 * every class through JUnit's extension auto-detection, see src/test/resources). Every test makes
 * its own tenants, so no class needs another's data, and moto answers a Query by reading every item
 * of the table (its indexes are not indexed): a table that grew with the whole suite made late
 * classes' requests slow enough to pass the SDK's 30 s timeout, whose retry of a completed
 * transaction then failed its own conditions.
 */
public final class FreshTable implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    Backend.get().recreateTable();
  }
}
