package dev.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The failure records the replay reads: Lambda's own are read exactly; anything else on the queue
 * (a hand-sent message, a truncated or spliced one, a record of another source) is {@link
 * StreamReplay.NotAFailureRecord}, never another exception, and a long or deep one costs no more
 * than its length.
 */
class StreamReplayProperties {
  /** A failure record as Lambda writes one for a DynamoDB stream batch. */
  static String record(String functionArn, String first, String last, Object size) {
    return """
        {"requestContext":{"requestId":"316aa6d0-8154-4c2c-9af7-85d5f4a6bc81",\
        "functionArn":"%s","condition":"RetryAttemptsExhausted","approximateInvokeCount":101},\
        "responseContext":{"statusCode":200,"executedVersion":"7","functionError":"Unhandled"},\
        "version":"1.0","timestamp":"2026-12-01T10:13:49.717Z",\
        "DDBStreamBatchInfo":{"shardId":"shardId-00000001573689847184-864758bb",\
        "startSequenceNumber":"%s","endSequenceNumber":"%s",\
        "approximateArrivalOfFirstRecord":"2026-12-01T10:13:19Z",\
        "approximateArrivalOfLastRecord":"2026-12-01T10:13:19Z","batchSize":%s,\
        "streamArn":"arn:aws:dynamodb:eu-central-1:123456789012:table/portal/stream/2026-11-01T00:04:06.388"}}"""
        .formatted(functionArn, first, last, size);
  }

  private static final String ARN =
      "arn:aws:lambda:eu-central-1:123456789012:function:portal-ProjectionsFunction-AbC123:live";

  @Example
  void lambdasRecordIsReadWithTheFunctionsNameWithoutItsAlias() throws Exception {
    StreamReplay.Batch b =
        StreamReplay.parse(record(ARN, "800000000003126276362", "800000000003126276399", 38));
    assertEquals("portal-ProjectionsFunction-AbC123", b.functionName());
    assertEquals("shardId-00000001573689847184-864758bb", b.shardId());
    assertEquals(new BigInteger("800000000003126276362"), b.first());
    assertEquals(new BigInteger("800000000003126276399"), b.last());
    assertEquals(38, b.size());
    assertEquals(
        "arn:aws:dynamodb:eu-central-1:123456789012:table/portal/stream/2026-11-01T00:04:06.388",
        b.streamArn());
  }

  @Property
  void sequenceNumbersOfEveryLengthDynamoDbUsesReadBackExactly(
      @ForAll("sequenceNumbers") String first,
      @ForAll @IntRange(min = 0, max = 1000) int more,
      @ForAll @IntRange(min = 1, max = 10_000) int size)
      throws Exception {
    String last = new BigInteger(first).add(BigInteger.valueOf(more)).toString();
    StreamReplay.Batch b = StreamReplay.parse(record(ARN, first, last, size));
    assertEquals(new BigInteger(first), b.first());
    assertEquals(new BigInteger(last), b.last());
    assertEquals(size, b.size());
  }

  @Provide
  Arbitrary<String> sequenceNumbers() {
    return Arbitraries.strings()
        .numeric()
        .ofMinLength(21)
        .ofMaxLength(40)
        .filter(s -> s.charAt(0) != '0');
  }

  @Example
  void wrongValuesAreRefused() {
    for (String bad :
        new String[] {
          record(ARN, "-1", "5", 1),
          record(ARN, "+800000000003126276362", "800000000003126276362", 1),
          record(ARN, "9".repeat(41), "9".repeat(41), 1),
          record(ARN, "800000000003126276399", "800000000003126276362", 1),
          record(ARN, "800000000003126276362", "800000000003126276362", 0),
          record(ARN, "800000000003126276362", "800000000003126276362", 10_001),
          record(ARN, "800000000003126276362", "800000000003126276362", "\"1e3\""),
          record(ARN, "800000000003126276362", "800000000003126276362", "1.5"),
          "{\"requestContext\":{\"functionArn\":\"" + ARN + "\"}}",
          "[]",
          "",
          // the same key twice: which one would Lambda have meant?
          record(ARN, "800000000003126276362", "800000000003126276362", 1)
              .replace("\"batchSize\":1", "\"batchSize\":1,\"batchSize\":2"),
          record(ARN, "800000000003126276362", "800000000003126276362", 1) + "{}",
          "{".repeat(10_000),
          "{\"a\":" + "[".repeat(10_000),
        }) {
      assertThrows(StreamReplay.NotAFailureRecord.class, () -> StreamReplay.parse(bad), bad);
    }
  }

  /** Cuts, splices and changed bytes of a real record, and random text. */
  @Property(tries = 2000)
  void anyTextIsARecordOrRefusedAsNotOne(@ForAll("mangled") String body) {
    try {
      StreamReplay.parse(body);
    } catch (StreamReplay.NotAFailureRecord expected) {
      // refused with a reason: what the replay reports and leaves on the queue
    }
  }

  @Provide
  Arbitrary<String> mangled() {
    String real = record(ARN, "800000000003126276362", "800000000003126276399", 38);
    Arbitrary<String> cut =
        Arbitraries.integers()
            .between(0, real.length())
            .tuple2()
            .map(t -> real.substring(Math.min(t.get1(), t.get2()), Math.max(t.get1(), t.get2())));
    Arbitrary<String> changed =
        Arbitraries.integers()
            .between(0, real.length() - 1)
            .flatMap(
                i ->
                    Arbitraries.of('{', '}', '[', ']', '"', ':', ',', '\\', '\u0000', 'x', '9')
                        .map(c -> real.substring(0, i) + c + real.substring(i + 1)));
    return Arbitraries.oneOf(cut, changed, Arbitraries.strings().ofMaxLength(300));
  }
}
