package dev.portal.shared.identity;

/**
 * The identity provider's side of membership: inviting a person who was just made a member, and
 * ending every session of one who was deactivated. Both are idempotent, so a retried request may
 * call them again.
 */
public interface Invitations {
  /**
   * Creates the person's sign-in (a temporary password by mail); an existing one is left as it is.
   */
  void invite(String email, String name);

  /**
   * Revokes the person's refresh tokens everywhere; their ID token lives out its short lifetime.
   */
  void signOut(String email);
}
