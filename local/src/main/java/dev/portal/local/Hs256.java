package dev.portal.local;

import dev.portal.shared.error.PortalException;
import dev.portal.shared.http.Json;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 tokens for local mode, standing in for API Gateway's JWT authorizer: verified claims are
 * handed to the functions in the shape the authorizer uses (every claim a string, arrays rendered
 * as {@code [a b]}).
 */
public final class Hs256 {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final String HEADER =
      B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final byte[] secret;
  private final Json json;

  public Hs256(String secret, Json json) {
    if (secret == null || secret.length() < 32)
      throw new IllegalArgumentException("PORTAL_JWT_SECRET needs 32+ characters");
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.json = json;
  }

  /** Signs claims; {@code roles} may be a list, the rest strings or numbers. */
  public String sign(Map<String, Object> claims) {
    String payload = B64.encodeToString(json.write(claims).getBytes(StandardCharsets.UTF_8));
    String signingInput = HEADER + "." + payload;
    return signingInput + "." + B64.encodeToString(mac(signingInput));
  }

  /**
   * @return the claims as API Gateway passes them; throws Unauthorized for anything not valid now
   */
  public Map<String, String> verify(String token, Instant now) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3) throw bad("the bearer token is not a JWT");
    JsonNode header = decode(parts[0]);
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isString() || !"HS256".equals(alg.getStringValue()))
      throw bad("only HS256 tokens are accepted locally");
    byte[] given = canonical(parts[2], "the token signature is malformed");
    if (!MessageDigest.isEqual(mac(parts[0] + "." + parts[1]), given))
      throw bad("the token signature does not verify");
    JsonNode payload = decode(parts[1]);
    JsonNode exp = payload.get("exp");
    if (exp == null
        || !exp.isNumber()
        || exp.getNumberValue().longValue() <= now.getEpochSecond()) {
      throw bad("the token has expired or has no exp");
    }
    JsonNode nbf = payload.get("nbf");
    if (nbf != null
        && nbf.isNumber()
        && nbf.getNumberValue().longValue() > now.getEpochSecond() + 60) {
      throw bad("the token is not valid yet");
    }
    Map<String, String> claims = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : payload.entries())
      claims.put(e.getKey(), render(e.getValue()));
    return claims;
  }

  private static String render(JsonNode v) {
    if (v.isString()) return v.getStringValue();
    if (v.isArray()) {
      StringBuilder b = new StringBuilder("[");
      for (JsonNode item : v.values()) {
        if (b.length() > 1) b.append(' ');
        b.append(render(item));
      }
      return b.append(']').toString();
    }
    if (v.isNumber()) return v.getNumberValue().toString();
    if (v.isBoolean()) return Boolean.toString(v.getBooleanValue());
    return v.toString();
  }

  private JsonNode decode(String part) {
    try {
      JsonNode node = json.parse(canonical(part, "the token is malformed"));
      if (!node.isObject()) throw bad("the token is malformed");
      return node;
    } catch (PortalException.Invalid e) {
      throw bad("the token is malformed");
    }
  }

  /**
   * The bytes of a segment that is exactly how we encode them: base64url without padding. The JDK
   * decoder also takes padding and ignores the unused low bits of a final partial group, so one
   * signature would have several spellings; a token we did not write character for character is not
   * ours.
   */
  private static byte[] canonical(String segment, String why) {
    byte[] bytes;
    try {
      bytes = B64D.decode(segment);
    } catch (IllegalArgumentException e) {
      throw bad(why);
    }
    if (!B64.encodeToString(bytes).equals(segment)) throw bad(why);
    return bytes;
  }

  private byte[] mac(String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PortalException.Unauthorized bad(String why) {
    return new PortalException.Unauthorized(why);
  }

  /** A token for local use: valid for {@code hours}. */
  public String token(
      String tenant,
      String sub,
      String email,
      String name,
      String clientId,
      List<String> roles,
      int hours) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", sub);
    claims.put("email", email);
    claims.put("name", name);
    claims.put("tenant_id", tenant);
    if (clientId != null) claims.put("client_id", clientId);
    claims.put("roles", roles);
    long now = Instant.now().getEpochSecond();
    claims.put("iat", now);
    claims.put("exp", now + hours * 3600L);
    return sign(claims);
  }
}
