package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.error.PortalException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CursorCodecTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
  private static final String TENANT = "acme";
  private static final String QUERY = "GSI3|TENANT#acme#CLIENT#cli_globex#TICKETS|status=";

  private final CursorCodec codec = new CursorCodec(SECRET);

  private static Map<String, AttributeValue> lastKey(String suffix) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    key.put("pk", AttributeValue.fromS("TENANT#acme#TICKET#42"));
    key.put("sk", AttributeValue.fromS("#TICKET"));
    key.put("gsi3pk", AttributeValue.fromS("TENANT#acme#CLIENT#cli_globex#TICKETS"));
    key.put("gsi3sk", AttributeValue.fromS("2025-06-01T08:00:00.000Z#000000000042" + suffix));
    return key;
  }

  private static PortalException.Invalid assertInvalidCursor(Runnable r) {
    PortalException.Invalid e = assertThrows(PortalException.Invalid.class, r::run);
    assertEquals(1, e.errors().size(), e.errors().toString());
    assertEquals("cursor", e.errors().getFirst().field());
    return e;
  }

  @Test
  void multiAttributeKeyRoundTrips() {
    Map<String, AttributeValue> key = lastKey("");
    String cursor = codec.encode(TENANT, QUERY, key);
    assertNotNull(cursor);
    assertEquals(key, codec.decode(TENANT, QUERY, cursor));
  }

  @Test
  void cursorIsUrlSafeBase64WithoutPadding() {
    String cursor = codec.encode(TENANT, QUERY, lastKey(""));
    assertEquals(
        cursor,
        cursor.replaceAll("[^A-Za-z0-9_-]", ""),
        "cursor must be URL-safe base64 without padding");
  }

  /**
   * Opaque, not only tamper-proof: the tenant, the client and the key's values are not in the
   * cursor's bytes.
   */
  @Test
  void cursorRevealsNoTenantIdOrKeyValueWhenDecodedAsBase64() {
    String cursor = codec.encode(TENANT, QUERY, lastKey(""));
    byte[] raw = Base64.getUrlDecoder().decode(cursor);
    // Every byte as one char, so no decoding error can hide a match.
    String bytes = new String(raw, StandardCharsets.ISO_8859_1);
    for (String secret :
        new String[] {
          TENANT, "TENANT", "cli_globex", "TICKET", "gsi3", "2025-06-01", "000000000042"
        }) {
      assertEquals(-1, bytes.indexOf(secret), "the cursor's bytes show " + secret);
    }
  }

  @Test
  void theSameKeyGivesAnotherCursorEachTimeAndBothDecode() {
    Map<String, AttributeValue> key = lastKey("");
    String first = codec.encode(TENANT, QUERY, key);
    String second = codec.encode(TENANT, QUERY, key);
    assertNotEquals(first, second, "a fresh nonce per cursor");
    assertEquals(key, codec.decode(TENANT, QUERY, first));
    assertEquals(key, codec.decode(TENANT, QUERY, second));
  }

  @Test
  void cursorsStayShortEnoughForAQueryString() {
    String cursor = codec.encode(TENANT, QUERY, lastKey(""));
    assertTrue(cursor.length() <= 256, cursor.length() + " characters");
  }

  @Test
  void keyValuesWithControlCharactersRoundTrip() {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    key.put(
        "pk",
        AttributeValue.fromS(
            "TENANT#acme#CLIENT#cli_globex#REQUESTER#a\u001fb\u0000c@globex.example#TICKETS"));
    key.put("sk", AttributeValue.fromS(""));
    key.put("gsi5sk", AttributeValue.fromS("\uD83D\uDE00 \u00e9"));
    assertEquals(key, codec.decode(TENANT, QUERY, codec.encode(TENANT, QUERY, key)));
  }

  @Test
  void nullOrEmptyLastKeyGivesNoCursor() {
    assertNull(codec.encode(TENANT, QUERY, null));
    assertNull(codec.encode(TENANT, QUERY, Map.of()));
  }

  @Test
  void nullCursorDecodesToNoStartKey() {
    assertNull(codec.decode(TENANT, QUERY, null));
  }

  @Test
  void cursorWithAnyOneCharacterChangedIsRejected() {
    // Whatever the length: a changed last character that only touches unused bits is not the
    // canonical encoding.
    for (String suffix : new String[] {"", "x", "xx"}) {
      Map<String, AttributeValue> key = lastKey(suffix);
      String cursor = codec.encode(TENANT, QUERY, key);
      assertEquals(key, codec.decode(TENANT, QUERY, cursor), "the unedited cursor must decode");
      for (int i = 0; i < cursor.length(); i++) {
        char original = cursor.charAt(i);
        char replacement = original == 'A' ? 'B' : 'A';
        String edited = cursor.substring(0, i) + replacement + cursor.substring(i + 1);
        assertNotEquals(cursor, edited);
        assertInvalidCursor(() -> codec.decode(TENANT, QUERY, edited));
      }
    }
  }

  @Test
  void cursorWithAnyOneBitFlippedIsRejected() {
    Map<String, AttributeValue> key = lastKey("");
    byte[] raw = Base64.getUrlDecoder().decode(codec.encode(TENANT, QUERY, key));
    for (int bit = 0; bit < raw.length * 8; bit++) {
      byte[] flipped = raw.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      String edited = Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
      assertInvalidCursor(() -> codec.decode(TENANT, QUERY, edited));
    }
  }

  @Test
  void cursorWithBase64PaddingIsRejected() {
    for (String suffix : new String[] {"", "x", "xx"}) {
      String cursor = codec.encode(TENANT, QUERY, lastKey(suffix));
      if (cursor.length() % 4 == 0) continue; // no padding to add
      String padded = cursor + "=".repeat(4 - cursor.length() % 4);
      assertInvalidCursor(() -> codec.decode(TENANT, QUERY, padded));
    }
  }

  @Test
  void cursorLongerThanAnyWeIssueIsRejected() {
    assertInvalidCursor(() -> codec.decode(TENANT, QUERY, "A".repeat(100_000)));
  }

  @Test
  void cursorReplayedUnderAnotherTenantIsRejected() {
    String cursor = codec.encode(TENANT, QUERY, lastKey(""));
    assertInvalidCursor(() -> codec.decode("globex", QUERY, cursor));
  }

  @Test
  void cursorReplayedForAnotherQueryIsRejected() {
    String cursor = codec.encode(TENANT, QUERY, lastKey(""));
    assertInvalidCursor(() -> codec.decode(TENANT, QUERY + "resolved", cursor));
  }

  @Test
  void cursorMadeWithAnotherSecretIsRejected() {
    String cursor =
        new CursorCodec("another-secret-of-at-least-32-characters")
            .encode(TENANT, QUERY, lastKey(""));
    assertInvalidCursor(() -> codec.decode(TENANT, QUERY, cursor));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "A", "abc", "not a cursor!", "%%%", "////", "AAAA+AAA"})
  void garbageIsRejectedAsAnInvalidCursor(String garbage) {
    assertInvalidCursor(() -> codec.decode(TENANT, QUERY, garbage));
  }

  @Test
  void cursorNoLongerThanItsVersionNonceAndTagIsRejected() {
    for (int n : new int[] {1, 13, 28, 29}) {
      String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[n]);
      assertInvalidCursor(() -> codec.decode(TENANT, QUERY, zeros));
    }
  }

  @Test
  void secretShorterThan32CharactersIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new CursorCodec("x".repeat(31)));
    assertThrows(IllegalArgumentException.class, () -> new CursorCodec((String) null));
  }

  @Test
  void secretOfExactly32CharactersIsAccepted() {
    CursorCodec minimal = assertDoesNotThrow(() -> new CursorCodec("y".repeat(32)));
    Map<String, AttributeValue> key = lastKey("");
    assertEquals(key, minimal.decode(TENANT, QUERY, minimal.encode(TENANT, QUERY, key)));
  }
}
