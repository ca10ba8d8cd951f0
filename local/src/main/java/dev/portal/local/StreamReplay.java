package dev.portal.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Replays the stream batches the table's consumers gave up on: each message Lambda put on the
 * consumers' on-failure queue names a shard and the first and last sequence numbers of a batch
 * (records only, no data); the batch is read again from the stream and handed to the consumer the
 * message names, and the message is deleted once the consumer took every record. Both consumers are
 * idempotent per change (the outbox by the mail's claim, projections by its markers), so a record
 * they had already applied is applied again harmlessly. The stream keeps records 24 hours: an older
 * batch is reported as gone and its message left for the operator.
 */
public final class StreamReplay {
  /** SQS's largest message: a failure record is far smaller, so more is not one. */
  static final int MAX_MESSAGE_BYTES = 256 * 1024;

  /** Lambda's largest stream batch is 10,000 records; ours are 100 (template.yaml). */
  static final int MAX_BATCH_RECORDS = 10_000;

  /**
   * GetRecords pages read for one batch at most: its range also holds the records the filter
   * dropped, however many, but a range that takes more than this is reported, not read for ever.
   */
  static final int MAX_PAGES = 1_000;

  /**
   * Pages in a row without a record before an open shard counts as having nothing more (GetRecords
   * may answer an empty page with records still to come).
   */
  static final int EMPTY_PAGES = 10;

  /** Records handed to the consumer per call, as the event source mapping's batch size. */
  static final int CHUNK = 100;

  /**
   * How long a received message stays invisible while it is replayed: a batch's replay fits in it,
   * and a message this run leaves is made visible again at the end.
   */
  static final int VISIBILITY_SECONDS = 15 * 60;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(8)
                  .maxStringLength(MAX_MESSAGE_BYTES)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** DynamoDB Streams' sequence numbers are 21 to 40 digits (its API reference). */
  private static final int MAX_SEQUENCE_DIGITS = 40;

  /**
   * What a failure record says of the batch: whose it was and where it sits in the stream. {@code
   * size} is Lambda's count of the records it handed over, after the mapping's filter, so not the
   * number of stream records between {@code first} and {@code last}: the replay ends at {@code
   * last}, and the size is only checked to be in range (a record whose size is out of it is
   * refused).
   */
  public record Batch(
      String functionName,
      String streamArn,
      String shardId,
      BigInteger first,
      BigInteger last,
      int size) {}

  /** A failure record this tool cannot read: left on the queue, and said why. */
  public static final class NotAFailureRecord extends Exception {
    NotAFailureRecord(String why) {
      super(why);
    }
  }

  /** What became of one message. */
  public enum Outcome {
    /** Every record handed to its consumer, which reported none failed: message deleted. */
    REPLAYED,
    /** The consumer reported records failed again: message left (it returns after its timeout). */
    FAILED_AGAIN,
    /** The stream no longer holds the batch (older than 24 hours, or the stream is gone). */
    GONE,
    /**
     * The stream did not reach the batch's last record (an open shard that answered nothing more,
     * or more than {@link #MAX_PAGES} pages): what was read was replayed, the message is left.
     */
    INCOMPLETE,
    /** An AWS error, or the consumer threw: message left, the error in the detail. */
    ERROR,
    /** The message names a function that is not one of the consumers given. */
    UNKNOWN_CONSUMER,
    /** Not a failure record of a stream batch. */
    UNREADABLE
  }

  public record Result(String messageId, Outcome outcome, int records, String detail) {}

  private final SqsClient sqs;
  private final DynamoDbStreamsClient streams;
  private final String queueUrl;
  private final String table;
  private final Map<String, BiFunction<DynamodbEvent, String, StreamsEventResponse>> consumers;

  /**
   * @param table the table whose stream a record may name: a record naming another stream is not
   *     read (the operator's credentials could read it, and our consumers would write its records
   *     into our table)
   * @param consumers each consumer by its function's name (the last part of the {@code functionArn}
   *     Lambda writes, without a version or alias)
   */
  public StreamReplay(
      SqsClient sqs,
      DynamoDbStreamsClient streams,
      String queueUrl,
      String table,
      Map<String, BiFunction<DynamodbEvent, String, StreamsEventResponse>> consumers) {
    this.sqs = sqs;
    this.streams = streams;
    this.queueUrl = queueUrl;
    this.table = table;
    this.consumers = Map.copyOf(consumers);
  }

  /**
   * Every message on the queue once. Each is received invisible for {@link #VISIBILITY_SECONDS}, so
   * this run does not meet it again; the ones it leaves are made visible again at the end, for the
   * alarm and for the next run.
   */
  public List<Result> run() {
    List<Result> results = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> left = new ArrayList<>();
    try {
      while (true) {
        List<Message> messages =
            sqs.receiveMessage(
                    r ->
                        r.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(VISIBILITY_SECONDS))
                .messages();
        boolean fresh = false;
        for (Message m : messages) {
          if (!seen.add(m.messageId())) continue;
          fresh = true;
          Result result = replay(m);
          if (result.outcome() == Outcome.REPLAYED) {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
          } else {
            left.add(m.receiptHandle());
          }
          results.add(result);
        }
        if (!fresh) return results;
      }
    } finally {
      for (String handle : left) {
        sqs.changeMessageVisibility(
            r -> r.queueUrl(queueUrl).receiptHandle(handle).visibilityTimeout(0));
      }
    }
  }

  private Result replay(Message m) {
    Batch batch;
    try {
      batch = parse(m.body());
    } catch (NotAFailureRecord e) {
      return new Result(m.messageId(), Outcome.UNREADABLE, 0, e.getMessage());
    }
    if (!ours(batch.streamArn())) {
      return new Result(m.messageId(), Outcome.UNREADABLE, 0, "not the stream of table " + table);
    }
    var consumer = consumers.get(batch.functionName());
    if (consumer == null) {
      return new Result(
          m.messageId(), Outcome.UNKNOWN_CONSUMER, 0, "function " + batch.functionName());
    }
    try {
      return replay(m.messageId(), batch, consumer);
    } catch (TrimmedDataAccessException | ResourceNotFoundException | ExpiredIteratorException e) {
      return new Result(m.messageId(), Outcome.GONE, 0, e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      return new Result(m.messageId(), Outcome.ERROR, 0, e.toString());
    }
  }

  /** {@code arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>}. */
  private boolean ours(String streamArn) {
    String[] parts = streamArn.split(":", 6);
    return parts.length == 6
        && "arn".equals(parts[0])
        && "dynamodb".equals(parts[2])
        && parts[5].startsWith("table/" + table + "/stream/");
  }

  /**
   * The batch's range read from its first sequence number until a record at or past its last, and
   * handed to the consumer {@link #CHUNK} records at a time, in order; the first chunk the consumer
   * reports failures in ends it.
   */
  Result replay(
      String messageId,
      Batch batch,
      BiFunction<DynamodbEvent, String, StreamsEventResponse> consumer) {
    String iterator =
        streams
            .getShardIterator(
                r ->
                    r.streamArn(batch.streamArn())
                        .shardId(batch.shardId())
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .sequenceNumber(batch.first().toString()))
            .shardIterator();
    int replayed = 0;
    boolean reachedLast = false;
    List<Record> chunk = new ArrayList<>();
    int empty = 0;
    for (int page = 0;
        iterator != null && !reachedLast && page < MAX_PAGES && empty < EMPTY_PAGES;
        page++) {
      String current = iterator;
      var res = streams.getRecords(r -> r.shardIterator(current).limit(1000));
      empty = res.records().isEmpty() ? empty + 1 : 0;
      for (Record r : res.records()) {
        BigInteger seq = new BigInteger(r.dynamodb().sequenceNumber());
        if (seq.compareTo(batch.last()) > 0) {
          reachedLast = true;
          break;
        }
        if (seq.compareTo(batch.first()) >= 0) chunk.add(r);
        if (seq.equals(batch.last())) {
          reachedLast = true;
          break;
        }
        if (chunk.size() == CHUNK) {
          if (!apply(consumer, batch, chunk)) return failedAgain(messageId, replayed);
          replayed += chunk.size();
          chunk.clear();
        }
      }
      iterator = res.nextShardIterator();
    }
    // The last, partial chunk: the batch's end reached, or the stream stopped answering before it.
    if (!apply(consumer, batch, chunk)) return failedAgain(messageId, replayed);
    replayed += chunk.size();
    if (replayed == 0) {
      return new Result(messageId, Outcome.GONE, 0, "no record of the batch in the stream");
    }
    if (!reachedLast) {
      return new Result(
          messageId,
          Outcome.INCOMPLETE,
          replayed,
          "the stream answered nothing more before the batch's last record");
    }
    return new Result(messageId, Outcome.REPLAYED, replayed, batch.functionName());
  }

  private static Result failedAgain(String messageId, int replayed) {
    return new Result(messageId, Outcome.FAILED_AGAIN, replayed, "the consumer reported failures");
  }

  /** One call of the consumer (none for no records); false when it reported any record failed. */
  private static boolean apply(
      BiFunction<DynamodbEvent, String, StreamsEventResponse> consumer,
      Batch batch,
      List<Record> records) {
    if (records.isEmpty()) return true;
    DynamodbEvent event = new DynamodbEvent();
    List<DynamodbEvent.DynamodbStreamRecord> out = new ArrayList<>();
    for (Record r : records) out.add(StreamPoller.toLambda(r, batch.streamArn()));
    event.setRecords(out);
    StreamsEventResponse response = consumer.apply(event, "replay-" + UUID.randomUUID());
    return response == null
        || response.getBatchItemFailures() == null
        || response.getBatchItemFailures().isEmpty();
  }

  /**
   * The batch a failure record describes: Lambda's {@code DDBStreamBatchInfo} (shard, first and
   * last sequence numbers, size, stream) and {@code requestContext.functionArn}.
   */
  public static Batch parse(String body) throws NotAFailureRecord {
    if (body == null || body.length() > MAX_MESSAGE_BYTES) {
      throw new NotAFailureRecord("empty or larger than an SQS message");
    }
    Map<String, String> info = new HashMap<>();
    Map<String, String> context = new HashMap<>();
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new NotAFailureRecord("not an object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "DDBStreamBatchInfo" -> scalars(p, info);
          case "requestContext" -> scalars(p, context);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) throw new NotAFailureRecord("text after the record");
    } catch (IOException e) {
      throw new NotAFailureRecord("not JSON, or over a limit: " + e.getClass().getSimpleName());
    }
    String arn = context.get("functionArn");
    String streamArn = info.get("streamArn");
    String shard = info.get("shardId");
    if (arn == null || streamArn == null || shard == null) {
      throw new NotAFailureRecord(
          "no DDBStreamBatchInfo with its shard and stream, or no function");
    }
    BigInteger first = sequenceNumber(info.get("startSequenceNumber"));
    BigInteger last = sequenceNumber(info.get("endSequenceNumber"));
    String size = info.getOrDefault("batchSize", "");
    if (!digits(size, 5)
        || Integer.parseInt(size) < 1
        || Integer.parseInt(size) > MAX_BATCH_RECORDS
        || last.compareTo(first) < 0) {
      throw new NotAFailureRecord("batch size out of range or sequence numbers out of order");
    }
    return new Batch(functionName(arn), streamArn, shard, first, last, Integer.parseInt(size));
  }

  private static BigInteger sequenceNumber(String s) throws NotAFailureRecord {
    if (!digits(s, MAX_SEQUENCE_DIGITS)) throw new NotAFailureRecord("not a sequence number");
    return new BigInteger(s);
  }

  /** 1 to {@code max} ASCII digits. */
  private static boolean digits(String s, int max) {
    if (s == null || s.isEmpty() || s.length() > max) return false;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    }
    return true;
  }

  /**
   * {@code arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]}, or a bare name: the
   * name.
   */
  static String functionName(String arn) {
    String[] parts = arn.split(":", -1);
    if (parts.length >= 7 && "function".equals(parts[5])) return parts[6];
    return arn;
  }

  /** An object of scalars (a nested value is skipped); the parser is on its START_OBJECT. */
  private static void scalars(JsonParser p, Map<String, String> into)
      throws IOException, NotAFailureRecord {
    if (p.currentToken() != JsonToken.START_OBJECT) throw new NotAFailureRecord("not an object");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (t != null && t.isScalarValue()) into.put(name, p.getText());
      else p.skipChildren();
    }
  }
}
