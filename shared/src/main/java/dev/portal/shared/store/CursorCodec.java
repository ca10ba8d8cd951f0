package dev.portal.shared.store;

import dev.portal.shared.error.PortalException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns DynamoDB's last evaluated key into an opaque cursor and back. The cursor carries an HMAC over the tenant, the
 * query it belongs to and the key, so a cursor that was edited, or replayed against another tenant or another query,
 * is rejected (400) instead of silently reading from an arbitrary position.
 *
 * <p>Key attributes of this table are all strings, which keeps the encoding a flat list of name/value pairs.
 */
public final class CursorCodec {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final char SEP = '\u001f';
  private static final int MAC_BYTES = 16;

  private final SecretKeySpec key;

  public CursorCodec(String secret) {
    if (secret == null || secret.length() < 32) {
      throw new IllegalArgumentException("CURSOR_SECRET must be at least 32 characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** @param query a stable description of the query: index, partition and filters */
  public String encode(String tenantId, String query, Map<String, AttributeValue> lastKey) {
    if (lastKey == null || lastKey.isEmpty()) return null;
    StringBuilder payload = new StringBuilder();
    for (Map.Entry<String, AttributeValue> e : new TreeMap<>(lastKey).entrySet()) {
      if (e.getValue().s() == null) throw new IllegalStateException("non-string key attribute " + e.getKey());
      if (!payload.isEmpty()) payload.append(SEP);
      payload.append(e.getKey()).append(SEP).append(e.getValue().s());
    }
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
    byte[] mac = mac(tenantId, query, body);
    byte[] out = new byte[MAC_BYTES + body.length];
    System.arraycopy(mac, 0, out, 0, MAC_BYTES);
    System.arraycopy(body, 0, out, MAC_BYTES, body.length);
    return B64.encodeToString(out);
  }

  /** @return the exclusive start key, or null when {@code cursor} is null */
  public Map<String, AttributeValue> decode(String tenantId, String query, String cursor) {
    if (cursor == null) return null;
    byte[] raw;
    try {
      raw = B64D.decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (raw.length <= MAC_BYTES) throw invalid();
    byte[] body = new byte[raw.length - MAC_BYTES];
    System.arraycopy(raw, MAC_BYTES, body, 0, body.length);
    byte[] expected = mac(tenantId, query, body);
    byte[] given = new byte[MAC_BYTES];
    System.arraycopy(raw, 0, given, 0, MAC_BYTES);
    if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expected, MAC_BYTES), given)) throw invalid();
    String[] parts = new String(body, StandardCharsets.UTF_8).split(String.valueOf(SEP), -1);
    if (parts.length % 2 != 0) throw invalid();
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i += 2) key.put(parts[i], AttributeValue.fromS(parts[i + 1]));
    return key;
  }

  private byte[] mac(String tenantId, String query, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(tenantId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(query.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PortalException invalid() {
    return new PortalException.Invalid("cursor", "is not a cursor this list returned; start again without it");
  }
}
