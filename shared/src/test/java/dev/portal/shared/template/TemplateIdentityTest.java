package dev.portal.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The identity part of template.yaml (issue 10, "Identity"): the user pool, its app clients and
 * trigger, the API's authorizer, and the attribute permissions that keep anything a user can write
 * from deciding access. moto does not enforce an app client's write attributes
 * (docs/aws-behaviour.md), so they are pinned here.
 */
class TemplateIdentityTest {
  private static Map<String, Object> resources;

  @BeforeAll
  static void read() throws IOException {
    resources = map(CloudFormationYaml.read(CloudFormationYaml.templatePath()).get("Resources"));
  }

  @Test
  void thePoolHasNoCustomAttributeAndNobodySignsUpThemselves() {
    Map<String, Object> pool = props("UserPool");
    assertEquals("UseCognito", map(resources.get("UserPool")).get("Condition"));
    Object schema = pool.get("Schema");
    if (schema != null) {
      for (Object a : list(schema)) {
        assertFalse(
            Boolean.TRUE.equals(map(a).get("Mutable")) && !"name".equals(map(a).get("Name")),
            "a mutable attribute other than name: " + a);
      }
    }
    assertEquals(
        Boolean.TRUE, map(pool.get("AdminCreateUserConfig")).get("AllowAdminCreateUserOnly"));
    assertEquals(List.of("email"), pool.get("UsernameAttributes"));
    assertEquals(
        List.of("email"),
        map(pool.get("UserAttributeUpdateSettings"))
            .get("AttributesRequireVerificationBeforeUpdate"));
    assertEquals("ACTIVE", pool.get("DeletionProtection"));
  }

  @Test
  void appClientsWriteOnlyTheNameAndReadNoCustomAttribute() {
    for (String client : List.of("PortalAppClient", "ToolsAppClient")) {
      Map<String, Object> p = props(client);
      assertEquals(List.of("name"), p.get("WriteAttributes"), client);
      for (Object a : list(p.get("ReadAttributes")))
        assertFalse(String.valueOf(a).startsWith("custom:"), client);
      assertEquals(Boolean.FALSE, p.get("GenerateSecret"), client);
      assertEquals(Boolean.TRUE, p.get("EnableTokenRevocation"), client);
    }
  }

  @Test
  void tokensAreShortLived() {
    for (String client : List.of("PortalAppClient", "ToolsAppClient")) {
      Map<String, Object> p = props(client);
      Map<String, Object> units = map(p.get("TokenValidityUnits"));
      assertEquals("minutes", units.get("IdToken"), client);
      assertTrue(((Number) p.get("IdTokenValidity")).intValue() <= 60, client);
      assertTrue(((Number) p.get("AccessTokenValidity")).intValue() <= 60, client);
      assertEquals("minutes", units.get("RefreshToken"), client);
      assertTrue(((Number) p.get("RefreshTokenValidity")).intValue() <= 24 * 60, client);
    }
  }

  @Test
  void thePortalClientUsesTheAuthorizationCodeFlowOnlyAndToolsNoPasswordInTheClear() {
    Map<String, Object> portal = props("PortalAppClient");
    assertEquals(List.of("code"), portal.get("AllowedOAuthFlows"));
    assertEquals(List.of("ALLOW_REFRESH_TOKEN_AUTH"), portal.get("ExplicitAuthFlows"));
    List<Object> tools = new ArrayList<>(list(props("ToolsAppClient").get("ExplicitAuthFlows")));
    assertFalse(tools.contains("ALLOW_USER_PASSWORD_AUTH"));
    assertFalse(tools.contains("ALLOW_ADMIN_USER_PASSWORD_AUTH"));
    assertNull(props("ToolsAppClient").get("AllowedOAuthFlows"));
  }

  @Test
  void thePortalClientSendsTheStacksPortalBackToItsRootAfterSignInAndSignOut() {
    Map<String, Object> portal = props("PortalAppClient");
    assertEquals(List.of("openid", "email", "profile"), portal.get("AllowedOAuthScopes"));
    assertEquals(Boolean.FALSE, portal.get("GenerateSecret"));
    for (String urls : List.of("CallbackURLs", "LogoutURLs")) {
      List<Object> choice = list(map(portal.get(urls)).get("Fn::If"));
      assertEquals("HasMoreCallbackUrls", choice.get(0));
      // Without more URLs: the portal's root alone, where index.html completes the sign-in.
      assertEquals(
          List.of(Map.of("Fn::Sub", "https://${PortalDistribution.DomainName}/")), choice.get(2));
      List<Object> split = list(map(choice.get(1)).get("Fn::Split"));
      List<Object> sub = list(map(split.get(1)).get("Fn::Sub"));
      assertTrue(
          sub.getFirst().toString().startsWith("https://${PortalDistribution.DomainName}/,"),
          urls + ": " + sub);
    }
  }

  @Test
  void theTriggerIsVersionOneOfPreTokenGenerationOnTheFunctionsAlias() {
    Map<String, Object> config =
        map(map(props("UserPool").get("LambdaConfig")).get("PreTokenGenerationConfig"));
    assertEquals("V1_0", config.get("LambdaVersion"));
    assertEquals(Map.of("Ref", "PreTokenFunction.Alias"), config.get("LambdaArn"));
    Map<String, Object> permission = props("PreTokenInvokePermission");
    assertEquals("cognito-idp.amazonaws.com", permission.get("Principal"));
    assertEquals(Map.of("Fn::GetAtt", List.of("UserPool", "Arn")), permission.get("SourceArn"));
  }

  @Test
  void theTriggerMayOnlyQueryMemberPartitions() {
    List<Object> statements =
        list(map(list(props("PreTokenFunction").get("Policies")).getFirst()).get("Statement"));
    assertEquals(1, statements.size());
    Map<String, Object> s = map(statements.getFirst());
    assertEquals(List.of("dynamodb:Query"), s.get("Action"));
    assertEquals(
        Map.of("dynamodb:LeadingKeys", List.of("MEMBER#*")),
        map(map(s.get("Condition")).get("ForAllValues:StringLike")));
  }

  @Test
  void theAuthorizerTrustsThePoolOrTheExternalIssuer() {
    Map<String, Object> jwt =
        map(
            map(
                map(map(map(props("PortalHttpApi").get("Auth")).get("Authorizers"))
                        .get("JwtAuthorizer"))
                    .get("JwtConfiguration")));
    assertEquals(
        Map.of(
            "Fn::If",
            List.of(
                "UseCognito",
                Map.of("Fn::GetAtt", List.of("UserPool", "ProviderURL")),
                Map.of("Ref", "JwtIssuer"))),
        jwt.get("issuer"));
    assertEquals(
        Map.of(
            "Fn::If",
            List.of(
                "UseCognito",
                List.of(Map.of("Ref", "PortalAppClient"), Map.of("Ref", "ToolsAppClient")),
                Map.of("Ref", "JwtAudience"))),
        jwt.get("audience"));
  }

  @Test
  void onlyTenantAdminCallsCognitoAndOnlyOnThePool() {
    int found = 0;
    for (var e : resources.entrySet()) {
      String text = String.valueOf(map(e.getValue()).get("Properties"));
      if (!text.contains("cognito-idp:")) continue;
      assertEquals("TenantAdminFunction", e.getKey());
      found++;
      String policies = String.valueOf(props(e.getKey()).get("Policies"));
      assertTrue(
          policies.contains(
              "Action=[cognito-idp:AdminCreateUser, cognito-idp:AdminUserGlobalSignOut]"),
          policies);
      assertTrue(
          policies.contains("Resource={Fn::If=[UseCognito, {Fn::GetAtt=[UserPool, Arn]}"),
          policies);
    }
    assertEquals(1, found);
    assertTrue(
        Set.of("UserPool", "PortalAppClient", "ToolsAppClient").stream()
            .allMatch(resources::containsKey));
  }

  private static Map<String, Object> props(String id) {
    return map(map(resources.get(id)).get("Properties"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, () -> "expected a mapping: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertTrue(o instanceof List, () -> "expected a list: " + o);
    return (List<Object>) o;
  }
}
