package dev.portal.shared.identity;

import dev.portal.shared.domain.Member;
import dev.portal.shared.log.JsonLog;
import dev.portal.shared.store.MembershipStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pre-token-generation trigger adds to an ID token: {@code tenant_id}, {@code roles} and,
 * for a contact, {@code client_id}, from the person's membership in our table. Nothing the user can
 * write decides it: only the {@code email} attribute, and only when Cognito says it is verified;
 * every {@code custom:} attribute is ignored.
 */
public final class TokenClaims {
  private final MembershipStore members;

  public TokenClaims(MembershipStore members) {
    this.members = members;
  }

  /**
   * The claims to add; empty (a token the API refuses with 401) for anyone without exactly one
   * active membership.
   */
  public Map<String, String> claims(Map<String, String> userAttributes) {
    String email = userAttributes.get("email");
    if (email == null || email.isBlank() || email.length() > 254) return Map.of();
    // Cognito writes the attribute as the string "true"; anything else (absent, "false", a boolean)
    // is unverified.
    if (!"true".equals(userAttributes.get("email_verified"))) {
      JsonLog.info(
          "token_claims_denied", "reason", "email_unverified", "email", JsonLog.maskEmail(email));
      return Map.of();
    }
    List<Member> active = members.memberships(email).stream().filter(Member::active).toList();
    if (active.size() != 1) {
      // None: deactivated or never a member. Several: an ID token names one tenant, and we do not
      // guess which.
      JsonLog.info(
          "token_claims_denied",
          "reason",
          active.isEmpty() ? "no_active_membership" : "several_tenants",
          "email",
          JsonLog.maskEmail(email));
      return Map.of();
    }
    Member m = active.get(0);
    Map<String, String> claims = new LinkedHashMap<>();
    claims.put("tenant_id", m.tenantId());
    claims.put("roles", m.role().wire());
    if (m.clientId() != null) claims.put("client_id", m.clientId());
    return claims;
  }
}
