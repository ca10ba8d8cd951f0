package dev.portal.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.portal.shared.store.PortalTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * DynamoDB Local (Amazon's own emulator, from Maven Central) running inside this JVM, bound to 127.0.0.1 and
 * reached over HTTP like the real service, so the code under test talks the real wire protocol.
 */
public final class EmbeddedDynamo implements AutoCloseable {
  private final DynamoDBProxyServer server;
  private final int port;

  private EmbeddedDynamo(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * @param dataDir where the database file lives, so data survives restarts; null keeps it in memory
   * @param port 0 picks a free port
   */
  public static EmbeddedDynamo start(Path dataDir, int port) {
    if (System.getProperty("sqlite4java.library.path") == null) {
      throw new IllegalStateException("set -Dsqlite4java.library.path to the folder holding libsqlite4java-linux-amd64.so");
    }
    int chosen = port == 0 ? freePort() : port;
    List<String> args = new ArrayList<>(List.of("-port", Integer.toString(chosen), "-sharedDb", "-disableTelemetry"));
    try {
      if (dataDir == null) {
        args.add("-inMemory");
      } else {
        Files.createDirectories(dataDir);
        args.addAll(List.of("-dbPath", dataDir.toString()));
      }
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
      server.start();
      return new EmbeddedDynamo(server, chosen);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start on port " + chosen, e);
    }
  }

  /**
   * In memory on a free port, with this JVM's SDK clients pointed at it (system properties, which win over the
   * environment) and the portal table created: what the integration tests and the bench each need once per JVM.
   */
  public static EmbeddedDynamo startInMemoryWithTable(String table) {
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    EmbeddedDynamo dynamo = start(null, 0);
    System.setProperty("aws.endpointUrlDynamoDb", dynamo.endpoint());
    try (DynamoDbClient db = client()) {
      ensureTable(db, table);
    }
    return dynamo;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates the portal table unless it exists. */
  public static void ensureTable(DynamoDbClient db, String table) {
    try {
      db.createTable(PortalTable.createTableRequest(table));
    } catch (ResourceInUseException exists) {
      // kept from an earlier run
    }
  }

  public static DynamoDbClient client() {
    return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
