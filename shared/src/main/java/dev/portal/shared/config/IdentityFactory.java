package dev.portal.shared.config;

import dev.portal.shared.identity.CognitoInvitations;
import dev.portal.shared.identity.Invitations;
import dev.portal.shared.identity.LoggedInvitations;
import dev.portal.shared.identity.TokenClaims;
import dev.portal.shared.service.MembershipService;
import dev.portal.shared.store.CursorCodec;
import dev.portal.shared.store.DirectoryStore;
import dev.portal.shared.store.DynamoMembershipStore;
import dev.portal.shared.store.MembershipStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Membership and invitations. With {@code USER_POOL_ID} (AWS: the template's pool; ITs: moto's)
 * people are invited into Cognito; without it (local mode) the invitation is a log line.
 */
@Factory
public class IdentityFactory {

  @Singleton
  MembershipStore membershipStore(DynamoDbClient db, PortalConfig config, CursorCodec cursors) {
    return new DynamoMembershipStore(db, config.tableName(), cursors);
  }

  @Singleton
  MembershipService membershipService(
      MembershipStore members, DirectoryStore directory, Invitations invitations, Clock clock) {
    return new MembershipService(members, directory, invitations, clock);
  }

  @Singleton
  TokenClaims tokenClaims(MembershipStore members) {
    return new TokenClaims(members);
  }

  @Factory
  @Requires(classes = CognitoIdentityProviderClient.class)
  @Requires(property = "user.pool.id")
  public static class Cognito {
    /**
     * Region, credentials and endpoint from the SDK's standard configuration, like every other
     * client.
     */
    @Singleton
    CognitoIdentityProviderClient cognito() {
      return CognitoIdentityProviderClient.builder()
          .httpClient(UrlConnectionHttpClient.create())
          .build();
    }

    @Singleton
    Invitations invitations(
        CognitoIdentityProviderClient cognito, io.micronaut.context.env.Environment env) {
      return new CognitoInvitations(cognito, env.getRequiredProperty("user.pool.id", String.class));
    }
  }

  @Factory
  @Requires(missingProperty = "user.pool.id")
  public static class Logged {
    @Singleton
    Invitations invitations() {
      return new LoggedInvitations();
    }
  }
}
