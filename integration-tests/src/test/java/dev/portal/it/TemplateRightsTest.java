package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.it.TemplateRights.Need;
import dev.portal.it.TemplateRights.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** How {@link TemplateRights} reads the template and what a request needs. */
class TemplateRightsTest {
  private static final String TABLE = "${PortalTable.Arn}";

  @Test
  void readsEachFunctionsAllowedActionsAndResourcesByItsHandlersPackage() {
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
                      Action: [dynamodb:GetItem, dynamodb:Query]
                      Resource: [!GetAtt PortalTable.Arn, !Sub '${PortalTable.Arn}/index/*']
                    - Effect: Allow
                      Action: ssm:GetParameter
                      Resource: !Sub 'arn:${AWS::Partition}:ssm:x:y:parameter${CursorSecretParameter}'
          PortalTable:
            Type: AWS::DynamoDB::Table
            Properties:
              # dynamodb:PutItem in another resource's block
          OutboxFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: dev.portal.fn.outbox.OutboxFunction::handleRequest
              Policies:
                - Statement:
                    - Effect: Allow
                      Action: dynamodb:PutItem
                      Resource: !GetAtt PortalTable.Arn
                    - Effect: Allow
                      Action: cognito-idp:AdminCreateUser
                      Resource: !If [UseCognito, !GetAtt UserPool.Arn, !Sub 'arn:none']
        """;
    Map<String, Role> roles = TemplateRights.parse(template);
    assertEquals(Set.of("dev.portal.fn.billing", "dev.portal.fn.outbox"), roles.keySet());
    Role billing = roles.get("dev.portal.fn.billing");
    assertEquals("BillingFunction", billing.logicalId());
    assertTrue(billing.allows("dynamodb:Query", TABLE + "/index/GSI3"));
    assertTrue(billing.allows("dynamodb:GetItem", TABLE));
    assertFalse(billing.allows("dynamodb:Scan", TABLE));
    assertTrue(
        billing.allows(
            "ssm:GetParameter", "arn:${AWS::Partition}:ssm:x:y:parameter${CursorSecretParameter}"));
    Role outbox = roles.get("dev.portal.fn.outbox");
    assertTrue(outbox.allows("dynamodb:PutItem", TABLE));
    assertFalse(outbox.allows("dynamodb:PutItem", TABLE + "/index/GSI1"), "the table only");
    assertTrue(outbox.allows("cognito-idp:AdminCreateUser", "${UserPool.Arn}"), "either branch");
    assertTrue(outbox.allows("cognito-idp:AdminCreateUser", "arn:none"), "either branch");
  }

  @Test
  void otherServicesNeedTheirActionsAsIamNamesThemAndS3ObjectsAPrefixOfAnyBucket() {
    String template =
        """
        Resources:
          NotifierFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: dev.portal.fn.notifier.NotifierFunction::handleRequest
              Policies:
                - SQSSendMessagePolicy:
                    QueueName: !GetAtt OutboundMailQueue.QueueName
                - Statement:
                    - Effect: Allow
                      Action: [ses:SendEmail]
                      Resource: '*'
                    - Effect: Allow
                      Action: s3:GetObject
                      Resource: !Sub '${MailBucket.Arn}/raw/*'
        """;
    Role notifier = TemplateRights.parse(template).get("dev.portal.fn.notifier");
    for (String operation : List.of("SendMessage", "SendMessageBatch"))
      for (Need n : TemplateRights.needed("SQS", operation))
        assertTrue(notifier.allows(n.action(), n.resource()), operation);
    Need visibility =
        TemplateRights.needed("SQS", "ChangeMessageVisibilityBatch").iterator().next();
    assertEquals("sqs:ChangeMessageVisibility", visibility.action());
    assertFalse(notifier.allows(visibility.action(), visibility.resource()));
    Need send = TemplateRights.needed("SESv2", "SendEmail").iterator().next();
    assertTrue(notifier.allows(send.action(), send.resource()));
    Need invite =
        TemplateRights.needed("CognitoIdentityProvider", "AdminCreateUser").iterator().next();
    assertEquals("cognito-idp:AdminCreateUser", invite.action());
    assertFalse(notifier.allows(invite.action(), invite.resource()));
    assertTrue(notifier.allows("s3:GetObject", TemplateRights.object("raw/abc")));
    assertFalse(notifier.allows("s3:GetObject", TemplateRights.object("attachments/abc")));
    assertFalse(notifier.allows("s3:PutObject", TemplateRights.object("raw/abc")));
  }

  @Test
  void theRealTemplateGivesEveryHandlerPackageItsRole() {
    Map<String, Role> roles = TemplateRights.roles();
    assertEquals(15, roles.size(), roles::toString);
    assertTrue(roles.get("dev.portal.fn.billing").allows("dynamodb:ConditionCheckItem", TABLE));
    assertTrue(roles.get("dev.portal.fn.invoices").allows("dynamodb:Query", TABLE + "/index/GSI4"));
    assertFalse(
        roles.get("dev.portal.fn.slaticker").allows("dynamodb:Query", TABLE + "/index/GSI4"));
  }

  @Test
  void aTransactionNeedsItsPartsRightsAnIndexQueryTheIndexAndAnyOtherRequestTheTable() {
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
        Set.of(new Need("dynamodb:PutItem", TABLE), new Need("dynamodb:ConditionCheckItem", TABLE)),
        TemplateRights.needed(t, "TransactWriteItems"));
    assertEquals(
        Set.of(new Need("dynamodb:GetItem", TABLE)),
        TemplateRights.needed(GetItemRequest.builder().build(), "GetItem"));
    assertEquals(
        Set.of(new Need("dynamodb:Query", TABLE + "/index/GSI2")),
        TemplateRights.needed(QueryRequest.builder().indexName("GSI2").build(), "Query"));
    assertEquals(
        Set.of(new Need("dynamodb:Query", TABLE)),
        TemplateRights.needed(QueryRequest.builder().build(), "Query"));
  }
}
