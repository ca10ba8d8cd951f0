package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.StreamReplay;
import dev.portal.local.StreamReplay.Outcome;
import dev.portal.shared.store.Keys;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code make replay-stream-failures} on moto's stream: a failure record, as Lambda writes one when
 * projections gives up on a batch, brings that batch's records to the function again (this tenant's
 * report counts its tickets) and is deleted; records it cannot use are left on the queue with the
 * reason.
 */
class StreamReplayIT {
  private static final String PROJECTIONS = "portal-ProjectionsFunction-Test1";

  private final Fixtures f = new Fixtures();
  private final Backend api = Backend.get();
  private final SqsClient sqs = api.context.getBean(SqsClient.class);
  private final DynamoDbStreamsClient streams = LocalMain.streamsClient();
  private final String queue =
      sqs.createQueue(r -> r.queueName("replay-" + UUID.randomUUID())).queueUrl();

  @AfterEach
  void deleteQueue() {
    sqs.deleteQueue(r -> r.queueUrl(queue));
  }

  private StreamReplay replay() {
    return new StreamReplay(
        sqs,
        streams,
        queue,
        Backend.TABLE,
        Map.of(PROJECTIONS, (e, id) -> api.projections.handle(e, new LocalLambdaContext(id))));
  }

  private long opened() {
    return f.supportTotal(f.agent).get("opened").getLongValue();
  }

  /**
   * The stream's records of this test's tenant, first to last, with the shard they are in: {@code
   * records} is every record of the range (other tests' too), {@code ours} how many are this
   * tenant's, what a filtered batch would count.
   */
  private record Batch(String streamArn, String shardId, List<Record> records, int ours) {}

  private Batch thisTenantsRecords() {
    String arn =
        api.context
            .getBean(DynamoDbClient.class)
            .describeTable(r -> r.tableName(Backend.TABLE))
            .table()
            .latestStreamArn();
    String prefix = Keys.ticketPk(f.tenant, 0).replaceAll("0$", "");
    for (var shard : streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards()) {
      String iterator =
          streams
              .getShardIterator(
                  r ->
                      r.streamArn(arn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      List<Record> all = new ArrayList<>();
      while (iterator != null) {
        String current = iterator;
        var page = streams.getRecords(r -> r.shardIterator(current).limit(1000));
        all.addAll(page.records());
        if (page.records().isEmpty()) break;
        iterator = page.nextShardIterator();
      }
      int first = -1;
      int last = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).dynamodb().keys().get(Keys.PK).s().startsWith(prefix)) {
          if (first < 0) first = i;
          last = i;
        }
      }
      if (first >= 0) {
        return new Batch(arn, shard.shardId(), all.subList(first, last + 1), last - first + 1);
      }
    }
    throw new AssertionError("no record of tenant " + f.tenant + " in the stream");
  }

  private static String failureRecord(
      String function, String streamArn, String shardId, String first, String last, int size) {
    return """
        {"requestContext":{"requestId":"%s","functionArn":"arn:aws:lambda:us-east-1:123456789012:function:%s:live",\
        "condition":"RetryAttemptsExhausted","approximateInvokeCount":101},\
        "responseContext":{"statusCode":200,"executedVersion":"3","functionError":"Unhandled"},\
        "version":"1.0","timestamp":"2026-12-01T10:00:00.000Z",\
        "DDBStreamBatchInfo":{"shardId":"%s","startSequenceNumber":"%s","endSequenceNumber":"%s",\
        "approximateArrivalOfFirstRecord":"2026-12-01T09:59:00Z",\
        "approximateArrivalOfLastRecord":"2026-12-01T09:59:00Z","batchSize":%d,"streamArn":"%s"}}"""
        .formatted(UUID.randomUUID(), function, shardId, first, last, size, streamArn);
  }

  /** Projections' failure record for the batch, with the batch size a filtered batch would have. */
  private void sendWholeBatch(Batch b) {
    send(
        failureRecord(
            PROJECTIONS,
            b.streamArn(),
            b.shardId(),
            b.records().getFirst().dynamodb().sequenceNumber(),
            b.records().getLast().dynamodb().sequenceNumber(),
            b.ours()));
  }

  private void send(String body) {
    sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
  }

  private int visible() {
    return sqs
        .getQueueAttributes(
            r ->
                r.queueUrl(queue)
                    .attributeNamesWithStrings(
                        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
        .attributesAsStrings()
        .values()
        .stream()
        .mapToInt(Integer::parseInt)
        .sum();
  }

  @Test
  void aBatchProjectionsGaveUpOnIsCountedOnceReplayedAndItsRecordDeleted() {
    f.ticket(f.alice, "Printer");
    f.ticket(f.alice, "VPN");
    // Projections never saw these records (as after 100 failed tries): nothing counted yet.
    assertEquals(0, opened());
    Batch b = thisTenantsRecords();
    sendWholeBatch(b);

    List<StreamReplay.Result> results = replay().run();

    assertEquals(1, results.size(), results::toString);
    assertEquals(Outcome.REPLAYED, results.getFirst().outcome(), results::toString);
    assertEquals(
        b.records().size(), results.getFirst().records(), "the whole range, to its last record");
    assertEquals(2, opened());
    assertEquals(0, visible(), "the failure record is deleted");

    // The same batch given up on again later (or the record sent twice): nothing counted twice.
    sendWholeBatch(b);
    assertEquals(Outcome.REPLAYED, replay().run().getFirst().outcome());
    assertEquals(2, opened());
  }

  @Test
  void recordsThatCannotBeReplayedAreLeftOnTheQueueWithTheirReason() {
    f.ticket(f.alice, "Printer");
    Batch b = thisTenantsRecords();
    String seq = b.records().getFirst().dynamodb().sequenceNumber();
    send(failureRecord("someone-elses-function", b.streamArn(), b.shardId(), seq, seq, 1));
    send("{\"hello\":\"world\"}");
    String beyond = new BigInteger(seq).add(BigInteger.valueOf(10_000_000)).toString();
    send(failureRecord(PROJECTIONS, b.streamArn(), b.shardId(), beyond, beyond, 1));

    List<Outcome> outcomes =
        replay().run().stream().map(StreamReplay.Result::outcome).sorted().toList();

    assertEquals(List.of(Outcome.GONE, Outcome.UNKNOWN_CONSUMER, Outcome.UNREADABLE), outcomes);
    assertEquals(0, opened(), "nothing of this tenant was replayed");
    assertEquals(3, visible(), "all three left for the operator");
  }
}
