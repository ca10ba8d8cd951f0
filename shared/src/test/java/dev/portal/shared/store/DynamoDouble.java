package dev.portal.shared.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A double of the SDK's DynamoDB client, for the few behaviours of DynamoDB that moto never shows
 * (docs/aws-behaviour.md); each test overrides only the calls it plays, every other call throws.
 */
interface DynamoDouble extends DynamoDbClient {
  @Override
  default String serviceName() {
    return "dynamodb";
  }

  @Override
  default void close() {}
}
