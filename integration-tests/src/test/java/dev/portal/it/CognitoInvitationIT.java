package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.identity.CognitoInvitations;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;

/**
 * Invitation, first sign-in and the ID token's signature against moto's cognito-idp (moto never
 * runs the pre-token trigger: PreTokenTriggerIT covers the claims). The admin-side sign-in stands
 * in for the hosted UI's code flow.
 */
class CognitoInvitationIT {
  @Test
  void anInvitedPersonSignsInOnceWithANewPasswordAndGetsAnRs256IdTokenTheJwksVerifies()
      throws Exception {
    Backend.get();
    try (CognitoIdentityProviderClient cognito =
        CognitoIdentityProviderClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      String pool =
          cognito
              .createUserPool(
                  r ->
                      r.poolName("it-" + System.nanoTime())
                          .usernameAttributes(UsernameAttributeType.EMAIL))
              .userPool()
              .id();
      String client =
          cognito
              .createUserPoolClient(
                  r ->
                      r.userPoolId(pool)
                          .clientName("tools")
                          .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH))
              .userPoolClient()
              .clientId();
      CognitoInvitations invitations = new CognitoInvitations(cognito, pool);
      String email = "Dana-" + System.nanoTime() + "@Demo.example";
      invitations.invite(email, "Dana");
      invitations.invite(email, "Dana"); // a retried request: already invited, no error
      var user = cognito.adminGetUser(r -> r.userPoolId(pool).username(email.toLowerCase()));
      assertEquals("FORCE_CHANGE_PASSWORD", user.userStatusAsString());
      Map<String, String> attrs = new java.util.HashMap<>();
      user.userAttributes().forEach(a -> attrs.put(a.name(), a.value()));
      assertEquals(email.toLowerCase(), attrs.get("email"));
      assertEquals("true", attrs.get("email_verified"));

      // The invitation mail's temporary password is not readable here: set a known temporary one.
      cognito.adminSetUserPassword(
          r ->
              r.userPoolId(pool)
                  .username(email.toLowerCase())
                  .password("Temp-Passw0rd!")
                  .permanent(false));
      var first =
          cognito.adminInitiateAuth(
              r ->
                  r.userPoolId(pool)
                      .clientId(client)
                      .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                      .authParameters(
                          Map.of("USERNAME", email.toLowerCase(), "PASSWORD", "Temp-Passw0rd!")));
      assertEquals(ChallengeNameType.NEW_PASSWORD_REQUIRED, first.challengeName());
      var done =
          cognito.adminRespondToAuthChallenge(
              r ->
                  r.userPoolId(pool)
                      .clientId(client)
                      .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                      .session(first.session())
                      .challengeResponses(
                          Map.of(
                              "USERNAME",
                              email.toLowerCase(),
                              "NEW_PASSWORD",
                              "A-new-Passw0rd-2026")));
      String idToken = done.authenticationResult().idToken();

      String[] parts = idToken.split("\\.");
      String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      assertTrue(header.contains("\"RS256\""), header);
      assertTrue(
          payload.contains("\"token_use\": \"id\"") || payload.contains("\"token_use\":\"id\""),
          payload);

      String endpoint = System.getenv("AWS_ENDPOINT_URL");
      String jwks =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(endpoint + "/" + pool + "/.well-known/jwks.json"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      var keys = Backend.get().json.parse(jwks.getBytes(StandardCharsets.UTF_8)).get("keys");
      var key = keys.get(0);
      PublicKey publicKey =
          KeyFactory.getInstance("RSA")
              .generatePublic(
                  new RSAPublicKeySpec(
                      new BigInteger(
                          1, Base64.getUrlDecoder().decode(key.get("n").getStringValue())),
                      new BigInteger(
                          1, Base64.getUrlDecoder().decode(key.get("e").getStringValue()))));
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(publicKey);
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      assertTrue(
          rs256.verify(Base64.getUrlDecoder().decode(parts[2])),
          "the ID token verifies against the pool's JWKS");
      // A tampered payload does not.
      rs256.initVerify(publicKey);
      rs256.update((parts[0] + "." + parts[1] + "x").getBytes(StandardCharsets.US_ASCII));
      assertTrue(!rs256.verify(Base64.getUrlDecoder().decode(parts[2])));

      invitations.signOut(email);
      invitations.signOut("never-invited@demo.example"); // nobody to sign out: no error
    }
  }
}
