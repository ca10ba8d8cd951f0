package dev.portal.shared.store;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's hard limits and its size rules ("DynamoDB item sizes and formats", "Service quotas" in
 * the developer guide). Unit tests hold the largest items our validation admits against {@link
 * #MAX_ITEM_BYTES}, and the bench prices requests with {@link #writeUnits} and {@link #readUnits},
 * because moto reports 1 capacity unit for any request whatever its size (docs/aws-behaviour.md).
 */
public final class DynamoLimits {
  /** Actions in one TransactWriteItems (raised from 25 to 100 in 2022). */
  public static final int MAX_TRANSACTION_ITEMS = 100;

  /** Largest item, attribute names and values together. */
  public static final int MAX_ITEM_BYTES = 400 * 1024;

  /** A Query or Scan page stops after this much data read, before its Limit is reached. */
  public static final int MAX_PAGE_BYTES = 1024 * 1024;

  private DynamoLimits() {}

  /**
   * The item's size by DynamoDB's rules: names and values, 3 bytes per list or map, 1 byte per
   * element.
   */
  public static int itemBytes(Map<String, AttributeValue> item) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet())
      size += utf8(e.getKey()) + valueBytes(e.getValue());
    return size;
  }

  static int valueBytes(AttributeValue v) {
    if (v.s() != null) return utf8(v.s());
    if (v.n() != null) return numberBytes(v.n());
    if (v.b() != null) return v.b().asByteArrayUnsafe().length;
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
    if (v.hasSs()) return v.ss().stream().mapToInt(DynamoLimits::utf8).sum();
    if (v.hasNs()) return v.ns().stream().mapToInt(DynamoLimits::numberBytes).sum();
    if (v.hasBs()) return v.bs().stream().mapToInt(b -> b.asByteArrayUnsafe().length).sum();
    if (v.hasL()) return 3 + elements(v.l());
    if (v.hasM()) {
      int size = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet())
        size += utf8(e.getKey()) + valueBytes(e.getValue()) + 1;
      return size;
    }
    return 0;
  }

  private static int elements(Collection<AttributeValue> values) {
    int size = 0;
    for (AttributeValue e : values) size += valueBytes(e) + 1;
    return size;
  }

  /** 1 byte per two significant digits, plus 1; leading and trailing zeroes do not count. */
  static int numberBytes(String n) {
    String digits = new BigDecimal(n).unscaledValue().abs().toString();
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') end--;
    int significant = end;
    return (significant + 1) / 2 + 1;
  }

  private static int utf8(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes;
  }

  /**
   * Write request units of one standard write of an item this size: 1 per KB started (a delete of
   * nothing: 1).
   */
  public static int writeUnits(int itemBytes) {
    return Math.max(1, (itemBytes + 1023) / 1024);
  }

  /**
   * Read request units of reading this many bytes in one request: 1 per 4 KB started for a strongly
   * consistent read, half that for an eventually consistent one (a Query sums its items before
   * rounding; a miss costs the minimum).
   */
  public static double readUnits(int bytes, boolean consistent) {
    int units = Math.max(1, (bytes + 4095) / 4096);
    return consistent ? units : units / 2.0;
  }
}
