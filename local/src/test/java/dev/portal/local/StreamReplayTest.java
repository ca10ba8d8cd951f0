package dev.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Where a replayed batch ends: at its last sequence number, not after its batch size (a filtered
 * batch's range holds the records the filter dropped too), and not at an empty page of an open
 * shard. A double of the SDK's streams client plays the shard's pages (moto answers every record of
 * its one shard in one page, so it shows neither).
 */
class StreamReplayTest {
  private static final String ARN =
      "arn:aws:dynamodb:us-east-1:123456789012:table/portal/stream/2026-11-01T00:00:00.000";

  /** A shard whose pages are given: each GetRecords answers the next, then empty pages. */
  private static final class Pages implements DynamoDbStreamsClient {
    final List<List<Long>> pages;
    int read;

    Pages(List<List<Long>> pages) {
      this.pages = pages;
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
      return GetShardIteratorResponse.builder().shardIterator("it-0").build();
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
      List<Long> page = read < pages.size() ? pages.get(read) : List.of();
      read++;
      List<Record> records = new ArrayList<>();
      for (long seq : page) {
        records.add(
            Record.builder()
                .eventName("MODIFY")
                .dynamodb(
                    StreamRecord.builder()
                        .sequenceNumber(Long.toString(seq))
                        .keys(Map.of("pk", AttributeValue.fromS("k" + seq)))
                        .build())
                .build());
      }
      return GetRecordsResponse.builder().records(records).nextShardIterator("it-" + read).build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  /** Every sequence number handed over, per call; answers failures from {@code failFrom} on. */
  private static final class Consumer
      implements BiFunction<DynamodbEvent, String, StreamsEventResponse> {
    final List<List<String>> calls = new ArrayList<>();
    final int failAtCall;

    Consumer(int failAtCall) {
      this.failAtCall = failAtCall;
    }

    @Override
    public StreamsEventResponse apply(DynamodbEvent event, String id) {
      List<String> seqs =
          event.getRecords().stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
      calls.add(seqs);
      if (calls.size() != failAtCall) return new StreamsEventResponse();
      return StreamsEventResponse.builder()
          .withBatchItemFailures(
              List.of(new StreamsEventResponse.BatchItemFailure(seqs.getFirst())))
          .build();
    }
  }

  private static StreamReplay.Result replay(
      Pages shard, Consumer consumer, long first, long last, int size) {
    return new StreamReplay(null, shard, "queue", "portal", Map.of())
        .replay(
            "m-1",
            new StreamReplay.Batch(
                "fn", ARN, "shard-1", BigInteger.valueOf(first), BigInteger.valueOf(last), size),
            consumer);
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long s = from; s <= to; s++) out.add(s);
    return out;
  }

  @Test
  void aFilteredBatchIsReplayedToItsLastRecordWhateverItsSize() {
    Pages shard = new Pages(List.of(range(100, 103), range(104, 107), range(108, 115)));
    Consumer consumer = new Consumer(0);

    StreamReplay.Result r = replay(shard, consumer, 100, 109, 3);

    assertEquals(StreamReplay.Outcome.REPLAYED, r.outcome());
    assertEquals(10, r.records());
    assertEquals(
        range(100, 109).stream().map(String::valueOf).toList(),
        consumer.calls.stream().flatMap(List::stream).toList(),
        "every record of the range, in order, none after it");
  }

  @Test
  void anOpenShardThatStopsAnsweringBeforeTheLastRecordLeavesTheMessage() {
    Pages shard = new Pages(List.of(range(100, 104)));
    Consumer consumer = new Consumer(0);

    StreamReplay.Result r = replay(shard, consumer, 100, 109, 10);

    assertEquals(StreamReplay.Outcome.INCOMPLETE, r.outcome());
    assertEquals(5, r.records());
  }

  @Test
  void emptyPagesBetweenRecordsDoNotEndTheBatch() {
    Pages shard =
        new Pages(List.of(range(100, 101), List.of(), List.of(), List.of(), range(102, 103)));
    StreamReplay.Result r = replay(shard, new Consumer(0), 100, 103, 4);
    assertEquals(StreamReplay.Outcome.REPLAYED, r.outcome());
    assertEquals(4, r.records());
  }

  @Test
  void recordsGoToTheConsumerAHundredAtATimeAndAFailureStopsThere() {
    Pages shard = new Pages(List.of(range(1, 1000)));
    Consumer consumer = new Consumer(2);

    StreamReplay.Result r = replay(shard, consumer, 1, 250, 250);

    assertEquals(StreamReplay.Outcome.FAILED_AGAIN, r.outcome());
    assertEquals(100, r.records(), "the first chunk only");
    assertEquals(List.of(100, 100), consumer.calls.stream().map(List::size).toList());
  }
}
