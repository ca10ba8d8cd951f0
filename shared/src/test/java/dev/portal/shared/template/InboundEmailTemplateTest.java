package dev.portal.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbound-email function's DynamoDB rights in template.yaml: the requests its code makes, which
 * moto does not check (it grants everything), so only this test stands between a new request kind
 * and an AccessDenied in AWS.
 */
class InboundEmailTemplateTest {
  private static Map<String, Object> resources;

  @BeforeAll
  static void read() throws IOException {
    resources = map(CloudFormationYaml.read(CloudFormationYaml.templatePath()).get("Resources"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o instanceof List<?> l ? (List<Object>) l : List.of(o);
  }

  private static Set<String> dynamoActions(String function) {
    Map<String, Object> r = map(resources.get(function));
    assertNotNull(r, function + " is missing");
    Set<String> out = new TreeSet<>();
    for (Object policy : list(map(r.get("Properties")).get("Policies"))) {
      if (!(policy instanceof Map<?, ?> p) || p.get("Statement") == null) continue;
      for (Object st : list(p.get("Statement"))) {
        for (Object a : list(map(st).get("Action")))
          if (a.toString().startsWith("dynamodb:")) out.add(a.toString());
      }
    }
    return out;
  }

  /**
   * BatchGetItem: the envelope recipients' mailboxes, the sender's facts and a new ticket's client
   * with its contracts; transactions need the rights of their actions (Put, Update, Delete), no
   * right of their own; never Scan.
   */
  @Test
  void inboundEmailMayMakeTheRequestsItsCodeMakes() {
    assertEquals(
        new TreeSet<>(
            List.of(
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem")),
        dynamoActions("InboundEmailFunction"));
  }
}
