package dev.portal.shared.identity;

import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.Keys;

/**
 * Local mode's {@link Invitations}: there is no user pool, tokens are HS256 ones anyone can mint
 * with the local secret, so the invitation is a log line (what would have been sent to whom) and
 * signing out is a no-op.
 */
public final class LoggedInvitations implements Invitations {
  @Override
  public void invite(String email, String name) {
    JsonLog.info(
        "invitation",
        "email",
        Keys.normalizeEmail(email),
        "note",
        "local mode: no mail is sent; mint an HS256 token");
  }

  @Override
  public void signOut(String email) {
    JsonLog.info("sign_out", "email", Keys.normalizeEmail(email));
  }
}
