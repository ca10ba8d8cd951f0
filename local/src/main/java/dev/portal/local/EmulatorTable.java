package dev.portal.local;

import dev.portal.shared.store.PortalTable;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * The portal table on the DynamoDB that the SDK's standard configuration names ({@code
 * AWS_ENDPOINT_URL_DYNAMODB}, else {@code AWS_ENDPOINT_URL}): moto server, started by our scripts
 * for {@code make dev}, {@code make test} and {@code make bench}, or a LocalStack/Floci container,
 * or AWS itself.
 */
public final class EmulatorTable {
  private EmulatorTable() {}

  /**
   * Creates the portal table unless it exists (it does when the emulator or the account already has
   * it).
   */
  public static void ensure(DynamoDbClient db, String table) {
    try {
      db.createTable(PortalTable.createTableRequest(table));
    } catch (ResourceInUseException exists) {
      // kept from an earlier start
    }
  }

  /** Creates the table with a client of its own, for callers that hold none. */
  public static void ensure(String table) {
    try (DynamoDbClient db = client()) {
      ensure(db, table);
    }
  }

  public static DynamoDbClient client() {
    return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
  }

  /**
   * Fails with the remedy when no emulator endpoint is configured, so a test run never reaches real
   * AWS by accident.
   */
  public static String requireEndpoint(java.util.Map<String, String> env) {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", env.get("AWS_ENDPOINT_URL"));
    if (endpoint == null) {
      throw new IllegalStateException(
          "AWS_ENDPOINT_URL is not set: run through make test / make bench, which start moto");
    }
    return endpoint;
  }
}
