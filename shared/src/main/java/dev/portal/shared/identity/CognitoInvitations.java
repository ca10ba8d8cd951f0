package dev.portal.shared.identity;

import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.Keys;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * {@link Invitations} on a Cognito user pool: AdminCreateUser mails a temporary password (Cognito's
 * own invitation message); the first sign-in answers the NEW_PASSWORD_REQUIRED challenge. The
 * username is the email.
 */
public final class CognitoInvitations implements Invitations {
  private final CognitoIdentityProviderClient cognito;
  private final String userPoolId;

  public CognitoInvitations(CognitoIdentityProviderClient cognito, String userPoolId) {
    this.cognito = cognito;
    this.userPoolId = userPoolId;
  }

  @Override
  public void invite(String email, String name) {
    String address = Keys.normalizeEmail(email);
    List<AttributeType> attributes = new ArrayList<>();
    attributes.add(AttributeType.builder().name("email").value(address).build());
    // The admin vouches for the address, and the temporary password goes to it: signing in proves
    // the mailbox.
    // The trigger issues access claims for verified addresses only.
    attributes.add(AttributeType.builder().name("email_verified").value("true").build());
    if (name != null && !name.isBlank())
      attributes.add(AttributeType.builder().name("name").value(name).build());
    try {
      cognito.adminCreateUser(
          r ->
              r.userPoolId(userPoolId)
                  .username(address)
                  .userAttributes(attributes)
                  .desiredDeliveryMediums(DeliveryMediumType.EMAIL));
    } catch (UsernameExistsException exists) {
      // Invited before (a retried request, or a member of another tenant): their sign-in stays as
      // it is.
      JsonLog.info("invitation_exists", "email", JsonLog.maskEmail(address));
    }
  }

  @Override
  public void signOut(String email) {
    try {
      cognito.adminUserGlobalSignOut(
          r -> r.userPoolId(userPoolId).username(Keys.normalizeEmail(email)));
    } catch (UserNotFoundException never) {
      // Never invited (e.g. a contact created from mail): there is no session to end.
    }
  }
}
