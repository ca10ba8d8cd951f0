package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.error.PortalException;
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
  void cursorIsUrlSafeAndDoesNotShowTheKeyInClear() {
    String cursor = codec.encode(TENANT, QUERY, lastKey(""));
    assertEquals(cursor, cursor.replaceAll("[^A-Za-z0-9_-]", ""), "cursor must be URL-safe base64 without padding");
    assertEquals(-1, cursor.indexOf("TENANT"));
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
    // Pick a key whose encoding has no partial base64 group, so that every character carries 6 payload bits
    // and a changed character always changes the decoded bytes.
    String cursor = null;
    Map<String, AttributeValue> key = null;
    for (String suffix : new String[] {"", "x", "xx"}) {
      key = lastKey(suffix);
      String c = codec.encode(TENANT, QUERY, key);
      if (c.length() % 4 == 0) {
        cursor = c;
        break;
      }
    }
    assertNotNull(cursor, "no key with a whole number of base64 groups");
    assertEquals(key, codec.decode(TENANT, QUERY, cursor), "the unedited cursor must decode");
    for (int i = 0; i < cursor.length(); i++) {
      char original = cursor.charAt(i);
      char replacement = original == 'A' ? 'B' : 'A';
      String edited = cursor.substring(0, i) + replacement + cursor.substring(i + 1);
      assertNotEquals(cursor, edited);
      assertInvalidCursor(() -> codec.decode(TENANT, QUERY, edited));
    }
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
    String cursor = new CursorCodec("another-secret-of-at-least-32-characters").encode(TENANT, QUERY, lastKey(""));
    assertInvalidCursor(() -> codec.decode(TENANT, QUERY, cursor));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "A", "abc", "not a cursor!", "%%%", "////", "AAAA+AAA"})
  void garbageIsRejectedAsAnInvalidCursor(String garbage) {
    assertInvalidCursor(() -> codec.decode(TENANT, QUERY, garbage));
  }

  @Test
  void cursorNoLongerThanTheMacIsRejected() {
    String sixteenBytes = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    assertInvalidCursor(() -> codec.decode(TENANT, QUERY, sixteenBytes));
  }

  @Test
  void secretShorterThan32CharactersIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new CursorCodec("x".repeat(31)));
    assertThrows(IllegalArgumentException.class, () -> new CursorCodec(null));
  }

  @Test
  void secretOfExactly32CharactersIsAccepted() {
    CursorCodec minimal = assertDoesNotThrow(() -> new CursorCodec("y".repeat(32)));
    Map<String, AttributeValue> key = lastKey("");
    assertEquals(key, minimal.decode(TENANT, QUERY, minimal.encode(TENANT, QUERY, key)));
  }
}
