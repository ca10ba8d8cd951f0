package dev.portal.bench.floor;

import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The cold-start floor: a JVM that only builds a DynamoDbClient the way the functions do
 * (URL-connection HTTP client, region, credentials and endpoint from the SDK's standard settings)
 * and does one GetItem. Nothing can start faster and still answer from DynamoDB. Args: table, pk,
 * sk.
 */
public final class Floor {
  private Floor() {}

  public static void main(String[] args) {
    long mainAt = System.currentTimeMillis();
    DynamoDbClient db =
        DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    long initAt = System.currentTimeMillis();
    GetItemResponse r =
        db.getItem(
            b ->
                b.tableName(args[0])
                    .key(
                        Map.of(
                            "pk",
                            AttributeValue.fromS(args[1]),
                            "sk",
                            AttributeValue.fromS(args[2]))));
    long responseAt = System.currentTimeMillis();
    System.out.println(
        "@bench cold "
            + mainAt
            + " "
            + initAt
            + " "
            + responseAt
            + " "
            + (r.hasItem() ? 200 : 404));
    System.out.flush();
    // After the timed line, as LambdaSim counts a function's (MXBean's own classes included in
    // both).
    System.out.println(
        "@bench classes "
            + java.lang.management.ManagementFactory.getClassLoadingMXBean()
                .getTotalLoadedClassCount());
    System.out.flush();
    System.exit(0);
  }
}
