package dev.portal.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item sizes and request units by the rules of the DynamoDB developer guide ("DynamoDB item sizes
 * and formats").
 */
class DynamoLimitsTest {
  @Test
  void stringsCountTheirNameAndTheirUtf8Bytes() {
    assertEquals(2 + 3, DynamoLimits.itemBytes(Map.of("pk", AttributeValue.fromS("abc"))));
    // é is 2 bytes, 中 3, 😀 (a surrogate pair) 4
    assertEquals(1 + 2 + 3 + 4, DynamoLimits.itemBytes(Map.of("s", AttributeValue.fromS("é中😀"))));
  }

  @Test
  void numbersCountOneBytePerTwoSignificantDigitsPlusOne() {
    assertEquals(1 + 2, DynamoLimits.itemBytes(Map.of("n", AttributeValue.fromN("7"))));
    assertEquals(1 + 2, DynamoLimits.itemBytes(Map.of("n", AttributeValue.fromN("12"))));
    assertEquals(1 + 3, DynamoLimits.itemBytes(Map.of("n", AttributeValue.fromN("123"))));
    assertEquals(
        1 + 2,
        DynamoLimits.itemBytes(Map.of("n", AttributeValue.fromN("1000000"))),
        "trailing zeroes are trimmed");
    assertEquals(
        1 + 2,
        DynamoLimits.itemBytes(Map.of("n", AttributeValue.fromN("0.0050"))),
        "leading zeroes too");
  }

  @Test
  void listsAndMapsAddThreeBytesAndOneBytePerElement() {
    Map<String, AttributeValue> nested = new LinkedHashMap<>();
    nested.put("a", AttributeValue.fromS("xy"));
    nested.put("b", AttributeValue.fromBool(true));
    Map<String, AttributeValue> item =
        Map.of(
            "l",
                AttributeValue.fromL(
                    List.of(AttributeValue.fromS("abc"), AttributeValue.fromNul(true))),
            "m", AttributeValue.fromM(nested),
            "e", AttributeValue.fromL(List.of()));
    int list = 1 + 3 + (3 + 1) + (1 + 1);
    int map = 1 + 3 + (1 + 2 + 1) + (1 + 1 + 1);
    int empty = 1 + 3;
    assertEquals(list + map + empty, DynamoLimits.itemBytes(item));
  }

  @Test
  void binaryCountsRawBytesNotBase64() {
    assertEquals(
        1 + 10,
        DynamoLimits.itemBytes(
            Map.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])))));
  }

  @Test
  void unitsRoundUpPerKilobyteForWritesAndPerFourForReads() {
    assertEquals(1, DynamoLimits.writeUnits(0));
    assertEquals(1, DynamoLimits.writeUnits(1024));
    assertEquals(2, DynamoLimits.writeUnits(1025));
    assertEquals(1.0, DynamoLimits.readUnits(4096, true));
    assertEquals(2.0, DynamoLimits.readUnits(4097, true));
    assertEquals(0.5, DynamoLimits.readUnits(10, false));
    assertEquals(1.0, DynamoLimits.readUnits(4097, false));
    assertEquals(1.0, DynamoLimits.readUnits(0, true), "a miss still costs the minimum");
  }
}
