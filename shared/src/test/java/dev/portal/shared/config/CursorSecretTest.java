package dev.portal.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.store.CursorCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cursor secret from Parameter Store: read at first use, once per container, never at
 * construction.
 */
class CursorSecretTest {
  private static final String VALUE = "a-secret-of-at-least-thirty-two-characters";

  /**
   * A double of our own interface: counts the reads and fails the first {@code failures} of them.
   */
  private static final class CountingParameters implements SecureParameters {
    final List<String> reads = new ArrayList<>();
    int failures;

    @Override
    public String read(String name) {
      reads.add(name);
      if (failures-- > 0)
        throw new IllegalStateException("AccessDeniedException (the role's policy not there yet)");
      return VALUE;
    }
  }

  @Test
  void theParameterIsReadAtFirstUseAndThenKept() {
    CountingParameters ssm = new CountingParameters();
    CursorSecret secret = CursorSecret.fromParameter("/portal/cursor", ssm);
    CursorCodec codec = new CursorCodec(secret);
    assertEquals(
        List.of(),
        ssm.reads,
        "nothing read while the container initialises (SnapStart snapshots that)");

    Map<String, AttributeValue> key =
        Map.of("pk", AttributeValue.fromS("T#1"), "sk", AttributeValue.fromS("X"));
    for (int i = 0; i < 5; i++) {
      String cursor = codec.encode("t1", "q", key);
      assertEquals(key, codec.decode("t1", "q", cursor));
    }
    assertEquals(VALUE, secret.get());
    assertEquals(List.of("/portal/cursor"), ssm.reads, "one read per container");
  }

  @Test
  void aFailedReadIsNotKeptTheNextUseTriesAgain() {
    CountingParameters ssm = new CountingParameters();
    ssm.failures = 1;
    CursorSecret secret = CursorSecret.fromParameter("/portal/cursor", ssm);
    assertThrows(IllegalStateException.class, secret::get);
    assertEquals(VALUE, secret.get());
    assertEquals(VALUE, secret.get());
    assertEquals(2, ssm.reads.size());
  }

  @Test
  void aShortValueIsRefusedWhereverItComesFrom() {
    assertThrows(IllegalStateException.class, () -> CursorSecret.of("x".repeat(31)).get());
    assertThrows(
        IllegalStateException.class, () -> CursorSecret.fromParameter("/p", name -> "short").get());
    assertEquals("y".repeat(32), CursorSecret.of("y".repeat(32)).get());
  }

  @Test
  void aFunctionWithoutTheSecretStartsAndFailsOnlyWhenItUsesIt() {
    AtomicInteger built = new AtomicInteger();
    CursorCodec codec =
        new CursorCodec(
            () -> {
              built.incrementAndGet();
              return CursorSecret.missing().get();
            });
    assertEquals(null, codec.decode("t1", "q", null), "no cursor given: no secret needed");
    assertEquals(0, built.get());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> codec.encode("t1", "q", Map.of("pk", AttributeValue.fromS("x"))));
    assertTrue(e.getMessage().contains("CURSOR_SECRET_PARAMETER"), e.getMessage());
    IllegalStateException noClient =
        assertThrows(
            IllegalStateException.class, () -> CursorSecret.fromParameter("/p", null).get());
    assertTrue(noClient.getMessage().contains("no SSM client"), noClient.getMessage());
  }
}
