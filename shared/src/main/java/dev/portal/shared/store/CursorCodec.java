package dev.portal.shared.store;

import dev.portal.shared.error.PortalException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns DynamoDB's last evaluated key into an opaque cursor and back. The key is sealed with
 * AES-256-GCM under a key derived from {@code CURSOR_SECRET}, with the tenant and the query as
 * associated data: a caller learns nothing from a cursor (not the tenant, client, requester or time
 * it points at), and a cursor that was edited, or replayed against another tenant or another query,
 * fails authentication (400) instead of reading from an arbitrary position.
 *
 * <p>Cursor: base64url without padding of {@code version (1) | nonce (12) | ciphertext | tag (16)}.
 * Key attributes of this table are all strings, so the plaintext is a count and then name/value
 * pairs, each length-prefixed.
 */
public final class CursorCodec {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER_BYTES = 1 + NONCE_BYTES;
  private static final int OVERHEAD = HEADER_BYTES + TAG_BITS / 8;

  /**
   * An index's last key is at most 6 KiB (table and index partition keys of 2 KiB, sort keys of 1
   * KiB), about 8 K characters as a cursor; anything longer is refused before decoding.
   */
  private static final int MAX_CURSOR_CHARS = 12 * 1024;

  private static final byte[] KDF_SALT = "dev.portal cursor".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KDF_INFO =
      "AES-256-GCM cursor key v1".getBytes(StandardCharsets.UTF_8);

  /**
   * A fresh random nonce per cursor, drawn when the cursor is made, never at init (SnapStart
   * snapshots init state): GCM stays safe for 2^32 random nonces under one key. The default here is
   * the JDK's NativePRNG on Linux, which mixes /dev/urandom into every call.
   */
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<String> secret;
  private volatile SecretKey key;

  public CursorCodec(String secret) {
    this(() -> secret);
    secretKey();
  }

  /**
   * The secret is asked for when the first cursor is sealed or opened, not here: in AWS it is read
   * from Parameter Store (config/CursorSecret), which a function that never pages never needs.
   */
  public CursorCodec(Supplier<String> secret) {
    this.secret = secret;
  }

  private SecretKey secretKey() {
    SecretKey k = key;
    if (k == null) {
      synchronized (this) {
        if (key == null) {
          String s = secret.get();
          if (s == null || s.length() < 32) {
            throw new IllegalArgumentException("CURSOR_SECRET must be at least 32 characters");
          }
          key = derive(s);
        }
        k = key;
      }
    }
    return k;
  }

  /**
   * HKDF-SHA256: the configured text becomes a uniform 256-bit key, and this key is good for
   * cursors only.
   */
  private static SecretKey derive(String secret) {
    try {
      return KDF.getInstance("HKDF-SHA256")
          .deriveKey(
              "AES",
              HKDFParameterSpec.ofExtract()
                  .addIKM(secret.getBytes(StandardCharsets.UTF_8))
                  .addSalt(KDF_SALT)
                  .thenExpand(KDF_INFO, 32));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param query a stable description of the query: index, partition and filters
   */
  public String encode(String tenantId, String query, Map<String, AttributeValue> lastKey) {
    if (lastKey == null || lastKey.isEmpty()) return null;
    byte[] plaintext = plaintext(lastKey);
    byte[] out = new byte[OVERHEAD + plaintext.length];
    out[0] = VERSION;
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, tenantId, query);
      cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return B64.encodeToString(out);
  }

  /**
   * @return the exclusive start key, or null when {@code cursor} is null
   */
  public Map<String, AttributeValue> decode(String tenantId, String query, String cursor) {
    if (cursor == null) return null;
    if (cursor.length() > MAX_CURSOR_CHARS) throw invalid();
    byte[] raw;
    try {
      raw = B64D.decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    // One spelling per cursor: the decoder would also take padding and ignore a last character's
    // unused bits.
    if (!B64.encodeToString(raw).equals(cursor)) throw invalid();
    if (raw.length <= OVERHEAD || raw[0] != VERSION) throw invalid();
    byte[] nonce = new byte[NONCE_BYTES];
    System.arraycopy(raw, 1, nonce, 0, NONCE_BYTES);
    byte[] plaintext;
    try {
      plaintext =
          cipher(Cipher.DECRYPT_MODE, nonce, tenantId, query)
              .doFinal(raw, HEADER_BYTES, raw.length - HEADER_BYTES);
    } catch (AEADBadTagException e) {
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return key(plaintext);
  }

  private Cipher cipher(int mode, byte[] nonce, String tenantId, String query)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(associatedData(tenantId, query));
    return cipher;
  }

  /**
   * The version, then the tenant with its length (so no tenant/query split can be read two ways),
   * then the query.
   */
  private static byte[] associatedData(String tenantId, String query) {
    byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
    byte[] q = query.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 4 + tenant.length + q.length)
        .put(VERSION)
        .putInt(tenant.length)
        .put(tenant)
        .put(q)
        .array();
  }

  private static byte[] plaintext(Map<String, AttributeValue> lastKey) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    if (lastKey.size() > 255)
      throw new IllegalStateException("a DynamoDB key has at most four attributes");
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(lastKey.size());
      for (Map.Entry<String, AttributeValue> e : new TreeMap<>(lastKey).entrySet()) {
        if (e.getValue().s() == null)
          throw new IllegalStateException("non-string key attribute " + e.getKey());
        // Length-prefixed (DataOutput's UTF: up to 64 KiB, DynamoDB keys are at most 2 KiB), so any
        // character may
        // appear in a value.
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue().s());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Only ever reads what {@link #plaintext} wrote (the tag says so), but fails as a bad cursor,
   * never as a 500.
   */
  private static Map<String, AttributeValue> key(byte[] plaintext) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
      int count = in.readUnsignedByte();
      for (int i = 0; i < count; i++) key.put(in.readUTF(), AttributeValue.fromS(in.readUTF()));
      if (count == 0 || in.available() != 0) throw invalid();
    } catch (IOException e) {
      throw invalid();
    }
    return key;
  }

  private static PortalException invalid() {
    return new PortalException.Invalid(
        "cursor", "is not a cursor this list returned; start again without it");
  }
}
