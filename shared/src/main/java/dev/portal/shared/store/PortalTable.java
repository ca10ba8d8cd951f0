package dev.portal.shared.store;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The table's definition for local mode and tests; template.yaml declares the same table for AWS.
 * PortalTableTest holds the two to the same indexes (keys and projections) and stream view.
 */
public final class PortalTable {
  private PortalTable() {}

  /** The stream the outbox reads; old images too, for projections that compare before and after. */
  public static final StreamViewType STREAM_VIEW = StreamViewType.NEW_AND_OLD_IMAGES;

  public static CreateTableRequest createTableRequest(String tableName) {
    List<AttributeDefinition> attrs = new ArrayList<>();
    attrs.add(attr(Keys.PK));
    attrs.add(attr(Keys.SK));
    List<GlobalSecondaryIndex> gsis = new ArrayList<>();
    for (int n = 1; n <= Keys.GSI_COUNT; n++) {
      attrs.add(attr(Keys.gsiPk(n)));
      attrs.add(attr(Keys.gsiSk(n)));
      gsis.add(
          GlobalSecondaryIndex.builder()
              .indexName(Keys.gsiName(n))
              .keySchema(key(Keys.gsiPk(n), KeyType.HASH), key(Keys.gsiSk(n), KeyType.RANGE))
              .projection(projection(n))
              .build());
    }
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attrs)
        .keySchema(key(Keys.PK, KeyType.HASH), key(Keys.SK, KeyType.RANGE))
        .globalSecondaryIndexes(gsis)
        .streamSpecification(
            StreamSpecification.builder().streamEnabled(true).streamViewType(STREAM_VIEW).build())
        .build();
  }

  /**
   * The ticket lists (GSI5..GSI9) copy only what a list shows; GSI1..GSI4 copy whole items (the
   * other items' lists read them whole).
   */
  public static Projection projection(int n) {
    if (n < Keys.FIRST_NARROW_GSI)
      return Projection.builder().projectionType(ProjectionType.ALL).build();
    return Projection.builder()
        .projectionType(ProjectionType.INCLUDE)
        .nonKeyAttributes(DynamoTicketStore.LIST_ATTRIBUTES)
        .build();
  }

  private static AttributeDefinition attr(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
