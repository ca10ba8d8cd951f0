package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** How {@link TemplateRights} reads the template and what a request needs. */
class TemplateRightsTest {
  @Test
  void readsEachFunctionsDynamoDbActionsByItsHandlersPackageAndSkipsComments() {
    String template =
        """
        Resources:
          BillingFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: dev.portal.fn.billing.BillingFunction::handleRequest
              Policies:
                # dynamodb:Scan is never granted
                - Statement:
                    - Effect: Allow
                      Action: [dynamodb:GetItem, dynamodb:ConditionCheckItem]
          PortalTable:
            Type: AWS::DynamoDB::Table
            Properties:
              # dynamodb:PutItem in another resource's block
          OutboxFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: dev.portal.fn.outbox.OutboxFunction::handleRequest
        """;
    assertEquals(
        Map.of(
            "dev.portal.fn.billing", Set.of("GetItem", "ConditionCheckItem"),
            "dev.portal.fn.outbox", Set.of()),
        TemplateRights.parse(template));
  }

  @Test
  void theRealTemplateGivesEveryHandlerPackageItsRights() {
    Map<String, Set<String>> rights = TemplateRights.rights();
    assertEquals(15, rights.size(), rights::toString);
    assertEquals(true, rights.get("dev.portal.fn.billing").contains("ConditionCheckItem"));
  }

  @Test
  void aTransactionNeedsItsPartsRightsAndAnyOtherRequestItsOperations() {
    TransactWriteItemsRequest t =
        TransactWriteItemsRequest.builder()
            .transactItems(
                List.of(
                    TransactWriteItem.builder().put(Put.builder().build()).build(),
                    TransactWriteItem.builder()
                        .conditionCheck(ConditionCheck.builder().build())
                        .build()))
            .build();
    assertEquals(
        Set.of("PutItem", "ConditionCheckItem"), TemplateRights.needed(t, "TransactWriteItems"));
    assertEquals(
        Set.of("GetItem"), TemplateRights.needed(GetItemRequest.builder().build(), "GetItem"));
  }
}
