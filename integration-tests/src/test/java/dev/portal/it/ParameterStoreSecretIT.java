package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.portal.shared.config.PortalConfig;
import dev.portal.shared.store.CursorCodec;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The cursor secret as the stack gives it: only the SecureString's name (CURSOR_SECRET_PARAMETER),
 * read with one signed GetParameter call (SignedSsmParameters) from moto's Parameter Store.
 * Decryption with KMS is moto's own; in AWS the role needs ssm:GetParameter on the parameter
 * (template.yaml) and the key's use through SSM.
 */
class ParameterStoreSecretIT {
  @Test
  void aContextGivenOnlyTheParameterNameSealsAndOpensCursorsWithItsValue() {
    String name = "/portal-it/cursor-secret-" + UUID.randomUUID();
    String value = "from-parameter-store-" + UUID.randomUUID();
    try (SsmClient ssm = SsmClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
      ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.SECURE_STRING));
    }
    try (ApplicationContext context =
        ApplicationContext.builder()
            .properties(Map.of("table.name", Backend.TABLE, "cursor.secret.parameter", name))
            .start()) {
      assertEquals(value, context.getBean(PortalConfig.class).cursorSecret().get());
      CursorCodec codec = context.getBean(CursorCodec.class);
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("T#x"), "sk", AttributeValue.fromS("y"));
      String cursor = codec.encode("t", "q", key);
      assertNotNull(cursor);
      assertEquals(key, codec.decode("t", "q", cursor));
      assertEquals(
          key,
          new CursorCodec(value).decode("t", "q", cursor),
          "sealed under the parameter's value");
    }
  }

  @Test
  void aMissingParameterFailsTheStartWithSsmsOwnReason() {
    String name = "/portal-it/never-written-" + UUID.randomUUID();
    RuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RuntimeException.class,
            () -> new dev.portal.shared.config.SignedSsmParameters().read(name));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("ParameterNotFound"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void aNameSsmWouldRefuseIsRefusedBeforeAnyRequest() {
    for (String bad : new String[] {"", "a\"b", "a b", "x\u0000", "/a/\u00e9"}) {
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class,
          () -> new dev.portal.shared.config.SignedSsmParameters().read(bad),
          bad);
    }
  }

  @Test
  void thePlainValueWinsForLocalModeAndTests() {
    try (ApplicationContext context =
        ApplicationContext.builder()
            .properties(
                Map.of(
                    "table.name",
                    Backend.TABLE,
                    "cursor.secret",
                    Backend.CURSOR_SECRET,
                    "cursor.secret.parameter",
                    "/nowhere"))
            .start()) {
      assertEquals(Backend.CURSOR_SECRET, context.getBean(PortalConfig.class).cursorSecret().get());
    }
  }
}
