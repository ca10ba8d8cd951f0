package dev.portal.shared.http;

import dev.portal.shared.domain.Caller;
import dev.portal.shared.domain.Role;
import dev.portal.shared.error.PortalException;
import dev.portal.shared.store.Keys;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The caller from JWT claims as API Gateway's JWT authorizer hands them to the function: every
 * claim is a string, and an array claim arrives rendered as {@code [a b]}. Also accepted: a JSON
 * array text and space- or comma-separated words, which is how other issuers and local mode may
 * write {@code roles}.
 *
 * <p>{@code tenant_id} and {@code client_id} become parts of {@code #}-joined table keys, so they
 * must have the shape of the ids we issue ({@link #ID}); anything else is a token we did not issue:
 * 401, whatever its signature says.
 */
public final class Claims {
  /**
   * Tenant and client ids as we issue them: {@code demo}, {@code cli_globex}, {@code
   * t5d90a26426fd}. No {@code #} (it joins key parts), no white space or control characters, ASCII
   * only, at most 64 characters: {@code [A-Za-z0-9][A-Za-z0-9_-]{0,63}}, checked by hand because
   * every request checks one or two (a regex matcher per check cost more than the rest of the
   * claims).
   */
  static final int ID_MAX_LENGTH = 64;

  private Claims() {}

  /**
   * Whether {@code s} is a tenant or client id as we issue them (for ids that come from elsewhere
   * than a token).
   */
  public static boolean isId(String s) {
    if (s == null || s.isEmpty() || s.length() > ID_MAX_LENGTH || !alnum(s.charAt(0))) return false;
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!alnum(c) && c != '_' && c != '-') return false;
    }
    return true;
  }

  private static boolean alnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  public static Caller caller(Map<String, String> claims) {
    if (claims == null || claims.isEmpty())
      throw new PortalException.Unauthorized("a bearer token is required");
    // Cognito's access tokens carry the app client's id as client_id (it would collide with ours)
    // and none of the
    // claims the pre-token trigger adds: only ID tokens name the caller. Local HS256 tokens may
    // omit token_use.
    String tokenUse = claims.get("token_use");
    if (tokenUse != null && !"id".equals(tokenUse))
      throw new PortalException.Unauthorized("only ID tokens are accepted");
    String tenant = claims.get("tenant_id");
    String sub = claims.get("sub");
    if (tenant == null || tenant.isBlank())
      throw new PortalException.Unauthorized("the token names no tenant_id");
    // The detail never repeats the value: it is hostile input and may carry control characters.
    if (!isId(tenant))
      throw new PortalException.Unauthorized("the token's tenant_id is not a tenant id");
    if (sub == null || sub.isBlank())
      throw new PortalException.Unauthorized("the token names no subject");
    String email = claims.get("email");
    Set<Role> roles = roles(claims.get("roles"));
    String clientId = claims.get("client_id");
    // A blank client_id is how some issuers write an absent one; anything else must be an id.
    if (clientId != null && clientId.isBlank()) clientId = null;
    if (clientId != null && !isId(clientId)) {
      throw new PortalException.Unauthorized("the token's client_id is not a client id");
    }
    boolean staff = roles.contains(Role.AGENT) || roles.contains(Role.ADMIN);
    if (!staff && (email == null || email.isBlank())) {
      // Client contacts are matched to their tickets by email; a client token without one
      // identifies nobody.
      throw new PortalException.Unauthorized("the token names no email");
    }
    return new Caller(
        tenant,
        sub,
        email == null ? null : Keys.normalizeEmail(email),
        claims.getOrDefault("name", email),
        clientId,
        roles);
  }

  static Set<Role> roles(String raw) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (raw == null) return roles;
    // The words that replacing [ ] " , by spaces, trimming and splitting on \s+ gives, found in
    // one pass instead of four copies and a regex.
    int start = 0;
    int end = raw.length();
    while (start < end && trimmed(raw.charAt(start))) start++;
    while (end > start && trimmed(raw.charAt(end - 1))) end--;
    int word = start;
    for (int i = start; i <= end; i++) {
      if (i == end || separator(raw.charAt(i))) {
        if (i > word) Role.fromWire(raw.substring(word, i)).ifPresent(roles::add);
        word = i + 1;
      }
    }
    return roles;
  }

  /**
   * What separates two words: the brackets, quotes and commas of a list, and what the regex \s
   * matches.
   */
  private static boolean separator(char c) {
    return switch (c) {
      case '[', ']', '"', ',', ' ', '\t', '\n', '\013', '\f', '\r' -> true;
      default -> false;
    };
  }

  /** What {@link String#trim()} removes from the ends besides the separators. */
  private static boolean trimmed(char c) {
    return c <= ' ' || separator(c);
  }
}
