package dev.portal.shared.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

  /**
   * The value {@code printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test} printed.
   */
  @Test
  void theHeaderIsHmacSha256OfTimestampDotBodyAsOpensslComputesIt() {
    assertEquals(
        "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
        WebhookSignature.header("whsec_test", 1_700_000_000L, BODY));
  }

  @Test
  void aReceiverAcceptsTheSignatureAndRefusesAChangedBodySecretOrAnOldTimestamp() {
    String h = WebhookSignature.header("whsec_test", 1_700_000_000L, BODY);
    assertTrue(WebhookSignature.verify(h, "whsec_test", BODY, 1_700_000_100L, 300));
    assertFalse(
        WebhookSignature.verify(
            h, "whsec_test", "{\"a\":2}".getBytes(StandardCharsets.UTF_8), 1_700_000_100L, 300));
    assertFalse(WebhookSignature.verify(h, "whsec_other", BODY, 1_700_000_100L, 300));
    assertFalse(WebhookSignature.verify(h, "whsec_test", BODY, 1_700_001_000L, 300));
    assertFalse(WebhookSignature.verify("t=1700000000", "whsec_test", BODY, 1_700_000_000L, 300));
    assertFalse(WebhookSignature.verify(null, "whsec_test", BODY, 1_700_000_000L, 300));
  }
}
