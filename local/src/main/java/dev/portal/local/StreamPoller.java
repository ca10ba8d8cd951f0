package dev.portal.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.shared.log.JsonLog;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Local mode's stand-in for Lambda's DynamoDB stream event source mapping: reads the table's stream
 * on the emulator from TRIM_HORIZON, hands each batch to the function's real entry point as a
 * {@link DynamodbEvent}, and moves a checkpoint past what the function did not report as failed, so
 * a failed record comes again on the next poll, as Lambda retries from it. The checkpoint is saved
 * per stream and shard, in a file when one is given.
 *
 * <p>Unlike the template's mapping it applies no event filter: the function ignores records that
 * owe nothing.
 */
public final class StreamPoller implements AutoCloseable {
  private static final int BATCH = 100;

  private final DynamoDbClient db;
  private final DynamoDbStreamsClient streams;
  private final String table;
  private final Path checkpointFile;
  private final BiFunction<DynamodbEvent, String, StreamsEventResponse> function;
  private final Properties checkpoints = new Properties();
  private volatile boolean running = true;
  private Thread thread;

  /**
   * @param checkpointFile where the checkpoints survive a restart of the poller; null keeps them in
   *     memory
   * @param function invoked with the batch and a request id
   */
  public StreamPoller(
      DynamoDbClient db,
      DynamoDbStreamsClient streams,
      String table,
      Path checkpointFile,
      BiFunction<DynamodbEvent, String, StreamsEventResponse> function) {
    this.db = db;
    this.streams = streams;
    this.table = table;
    this.checkpointFile = checkpointFile;
    this.function = function;
    load();
  }

  public StreamPoller start() {
    thread =
        Thread.ofVirtual()
            .name("stream-" + table)
            .start(
                () -> {
                  while (running) {
                    try {
                      if (poll() == 0) QueuePoller.sleep();
                    } catch (RuntimeException e) {
                      if (running) JsonLog.error("stream poller failed", e, "table", table);
                      QueuePoller.sleep();
                    }
                  }
                });
    return this;
  }

  /**
   * Hands over batches until the stream has nothing new; for tests and callers that want
   * synchronous delivery.
   */
  public synchronized int drain() {
    int total = 0;
    int n;
    while ((n = poll()) > 0) total += n;
    return total;
  }

  /**
   * One read of every shard of the table's current stream; returns how many records the function
   * took.
   */
  synchronized int poll() {
    String arn = db.describeTable(r -> r.tableName(table)).table().latestStreamArn();
    if (arn == null) return 0;
    int handled = 0;
    for (Shard shard : streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards()) {
      handled += pollShard(arn, shard.shardId());
    }
    return handled;
  }

  private int pollShard(String arn, String shardId) {
    String key = arn + "|" + shardId;
    String after = checkpoints.getProperty(key);
    String iterator =
        streams
            .getShardIterator(
                r -> {
                  r.streamArn(arn).shardId(shardId);
                  if (after == null) r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                  else
                    r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(after);
                })
            .shardIterator();
    List<Record> records =
        streams.getRecords(r -> r.shardIterator(iterator).limit(BATCH)).records();
    if (records.isEmpty()) return 0;
    DynamodbEvent event = new DynamodbEvent();
    List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
    for (Record r : records) out.add(toLambda(r, arn));
    event.setRecords(out);
    StreamsEventResponse response = function.apply(event, UUID.randomUUID().toString());
    String failed =
        response == null
                || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()
            ? null
            : response.getBatchItemFailures().getFirst().getItemIdentifier();
    String last = null;
    int handled = 0;
    for (Record r : records) {
      if (r.dynamodb().sequenceNumber().equals(failed)) break;
      last = r.dynamodb().sequenceNumber();
      handled++;
    }
    if (last != null) {
      checkpoints.setProperty(key, last);
      save();
    }
    return handled;
  }

  static DynamodbEvent.DynamodbStreamRecord toLambda(Record r, String streamArn) {
    var sr = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
    sr.setSequenceNumber(r.dynamodb().sequenceNumber());
    sr.setSizeBytes(r.dynamodb().sizeBytes());
    if (r.dynamodb().approximateCreationDateTime() != null) {
      sr.setApproximateCreationDateTime(Date.from(r.dynamodb().approximateCreationDateTime()));
    }
    if (r.dynamodb().streamViewTypeAsString() != null) {
      sr.setStreamViewType(
          com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
              r.dynamodb().streamViewTypeAsString()));
    }
    if (r.dynamodb().hasKeys()) sr.setKeys(map(r.dynamodb().keys()));
    if (r.dynamodb().hasNewImage()) sr.setNewImage(map(r.dynamodb().newImage()));
    if (r.dynamodb().hasOldImage()) sr.setOldImage(map(r.dynamodb().oldImage()));
    DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
    out.setEventID(r.eventID());
    out.setEventName(r.eventNameAsString());
    out.setEventVersion(r.eventVersion());
    out.setEventSource("aws:dynamodb");
    out.setAwsRegion(r.awsRegion());
    out.setEventSourceARN(streamArn);
    out.setDynamodb(sr);
    return out;
  }

  private static Map<
          String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
      map(Map<String, AttributeValue> m) {
    Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out =
        new HashMap<>();
    m.forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value(
      AttributeValue v) {
    var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
    if (v.s() != null) out.setS(v.s());
    else if (v.n() != null) out.setN(v.n());
    else if (v.bool() != null) out.setBOOL(v.bool());
    else if (v.hasM()) out.setM(map(v.m()));
    else if (v.hasL()) out.setL(v.l().stream().map(StreamPoller::value).toList());
    else if (v.hasSs()) out.setSS(v.ss());
    else if (v.hasNs()) out.setNS(v.ns());
    else if (v.b() != null) out.setB(v.b().asByteBuffer());
    else if (v.hasBs()) out.setBS(v.bs().stream().map(SdkBytes::asByteBuffer).toList());
    else out.setNULL(true);
    return out;
  }

  private void load() {
    if (checkpointFile == null || !Files.isRegularFile(checkpointFile)) return;
    try (Reader in = Files.newBufferedReader(checkpointFile)) {
      checkpoints.load(in);
    } catch (IOException e) {
      JsonLog.warn(
          "stream checkpoints unreadable: starting from the stream's oldest record",
          "file",
          checkpointFile.toString(),
          "error",
          e.getMessage());
    }
  }

  /**
   * Written aside and moved into place, so a kill mid-write leaves the previous checkpoint, never
   * half of one.
   */
  private void save() {
    if (checkpointFile == null) return;
    try {
      Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        checkpoints.store(
            w, "DynamoDB stream checkpoints: <stream ARN>|<shard> = last sequence number handled");
      }
      Files.move(
          tmp, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      JsonLog.warn(
          "stream checkpoint not saved: a restart replays from the previous one",
          "error",
          e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) thread.interrupt();
  }
}
