package dev.portal.shared.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on every delivery: header {@code Portal-Signature: t=<unix seconds>,v1=<hex>},
 * where the hex is HMAC-SHA256, keyed with the webhook's secret (its UTF-8 bytes), of {@code
 * <t>.<body>}. A receiver recomputes it over the raw body and rejects a timestamp far from its
 * clock, which stops a captured delivery being replayed later.
 */
public final class WebhookSignature {
  public static final String HEADER = "Portal-Signature";

  private WebhookSignature() {}

  public static String hmacHex(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      mac.update(body);
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  public static String header(String secret, long timestamp, byte[] body) {
    return "t=" + timestamp + ",v1=" + hmacHex(secret, timestamp, body);
  }

  /**
   * What a receiver does: the header's form, the HMAC in constant time, and the timestamp within
   * {@code toleranceSeconds}.
   */
  public static boolean verify(
      String header, String secret, byte[] body, long nowSeconds, long toleranceSeconds) {
    if (header == null) return false;
    long t = -1;
    String v1 = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) return false;
      if (kv[0].equals("t") && kv[1].matches("[0-9]{1,12}")) t = Long.parseLong(kv[1]);
      if (kv[0].equals("v1")) v1 = kv[1];
    }
    if (t < 0 || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
    return MessageDigest.isEqual(
        hmacHex(secret, t, body).getBytes(StandardCharsets.US_ASCII),
        v1.getBytes(StandardCharsets.US_ASCII));
  }
}
