package dev.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portal.shared.error.PortalException;
import dev.portal.shared.http.Json;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local mode's token check: only tokens we signed, byte for byte as we wrote them, and only while
 * they are valid.
 */
class Hs256Test {
  private static final String SECRET = "hs256-test-secret-0123456789abcdef";
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static ApplicationContext context;
  private static Hs256 hs256;

  @BeforeAll
  static void start() {
    context = ApplicationContext.run();
    hs256 = new Hs256(SECRET, new Json(context.getBean(JsonMapper.class)));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  private static String token() {
    return hs256.token(
        "demo", "u-1", "alice@globex.example", "Alice", "cli_globex", List.of("client"), 1);
  }

  private static void assertRejected(String token) {
    assertRejected(token, Instant.now());
  }

  private static void assertRejected(String token, Instant at) {
    assertThrows(PortalException.Unauthorized.class, () -> hs256.verify(token, at));
  }

  /**
   * The last character with the low bits in {@code flip} changed: the bits a final partial group
   * leaves unused.
   */
  private static String withLowBitsOfLastCharFlipped(String segment, int flip) {
    char last = segment.charAt(segment.length() - 1);
    return segment.substring(0, segment.length() - 1)
        + ALPHABET.charAt(ALPHABET.indexOf(last) ^ flip);
  }

  private static String sign(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String segment(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A payload whose base64url ends in a partial group, so its last character has unused low bits.
   */
  private static String payloadWithPartialLastGroup() {
    long exp = Instant.now().getEpochSecond() + 3600;
    for (String pad = ""; ; pad += "x") {
      String p =
          segment(
              "{\"sub\":\"u-1\",\"email\":\"alice@globex.example\",\"tenant_id\":\"demo\","
                  + "\"client_id\":\"cli_globex\",\"roles\":[\"client\"],\"name\":\"A"
                  + pad
                  + "\",\"exp\":"
                  + exp
                  + "}");
      if (p.length() % 4 == 2) return p; // one byte in the last group: 4 unused bits
    }
  }

  @Test
  void aTokenWeSignedVerifies() {
    Map<String, String> claims = hs256.verify(token(), Instant.now());
    assertEquals("demo", claims.get("tenant_id"));
    assertEquals("[client]", claims.get("roles"));
  }

  @Test
  void signatureWithTheUnusedBitsOfItsLastCharacterChangedIsRejected() {
    String token = token();
    String signature = token.substring(token.lastIndexOf('.') + 1);
    assertEquals(
        43,
        signature.length(),
        "32 bytes: 42 whole characters and one carrying 4 bits and 2 unused");
    for (int flip = 1; flip <= 3; flip++) {
      String edited =
          token.substring(0, token.lastIndexOf('.') + 1)
              + withLowBitsOfLastCharFlipped(signature, flip);
      assertNotEquals(token, edited);
      assertRejected(edited);
    }
  }

  @Test
  void signatureWithBase64PaddingIsRejected() {
    assertRejected(token() + "=");
  }

  @Test
  void payloadWithTheUnusedBitsOfItsLastCharacterChangedIsRejectedEvenWhenSignedSo() {
    String header = segment("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String payload = payloadWithPartialLastGroup();
    String canonical = header + "." + payload;
    assertEquals(
        "demo", hs256.verify(canonical + "." + sign(canonical), Instant.now()).get("tenant_id"));
    for (int flip = 1; flip <= 15; flip++) {
      String input = header + "." + withLowBitsOfLastCharFlipped(payload, flip);
      assertRejected(input + "." + sign(input));
    }
  }

  @Test
  void headerWithTheUnusedBitsOfItsLastCharacterChangedIsRejectedEvenWhenSignedSo() {
    String header =
        segment("{\"alg\":\"HS256\" }"); // 16 bytes: the last character carries 2 bits, 4 unused
    assertEquals(2, header.length() % 4);
    String payload = payloadWithPartialLastGroup();
    String canonical = header + "." + payload;
    assertEquals(
        "demo", hs256.verify(canonical + "." + sign(canonical), Instant.now()).get("tenant_id"));
    for (int flip = 1; flip <= 15; flip++) {
      String input = withLowBitsOfLastCharFlipped(header, flip) + "." + payload;
      assertRejected(input + "." + sign(input));
    }
  }

  /**
   * Which of two tenant_id claims would count is up to the reader; a token that gives one twice is
   * not ours.
   */
  @Test
  void payloadGivingAClaimTwiceIsRejectedEvenWhenSignedSo() {
    String header = segment("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String payload =
        segment(
            "{\"sub\":\"u-1\",\"tenant_id\":\"demo\",\"roles\":[\"agent\"],\"tenant_id\":\"other\","
                + "\"exp\":"
                + (Instant.now().getEpochSecond() + 3600)
                + "}");
    String input = header + "." + payload;
    assertRejected(input + "." + sign(input));
  }

  @Test
  void tokenSignedWithAnotherSecretIsRejected() {
    String token = token();
    String input = token.substring(0, token.lastIndexOf('.'));
    String forged = input + "." + B64.encodeToString(new byte[32]);
    assertRejected(forged);
  }

  @Test
  void expiredTokenIsRejected() {
    String token = hs256.token("demo", "u-1", "a@b.example", "A", null, List.of("agent"), 1);
    assertRejected(token, Instant.now().plusSeconds(7200));
  }
}
