package dev.portal.shared.lambda;

import static dev.portal.shared.lambda.EventJson.bytes;
import static dev.portal.shared.lambda.EventJson.list;
import static dev.portal.shared.lambda.EventJson.map;
import static dev.portal.shared.lambda.EventJson.object;
import static dev.portal.shared.lambda.EventJson.skip;
import static dev.portal.shared.lambda.EventJson.string;
import static dev.portal.shared.lambda.EventJson.stringList;
import static dev.portal.shared.lambda.EventJson.stringMap;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * SQS batches read (the event source mapping's {@code Records}, each message's attributes and
 * message attributes) and partial-batch responses written (see {@link EventJson} for the rules).
 */
public final class SqsEvents {
  /** {@code Records[].messageAttributes.<name>.stringListValues[]}: 5 levels. */
  static final int MAX_DEPTH = 8;

  private static final JsonFactory JSON = EventJson.factory(MAX_DEPTH);

  private SqsEvents() {}

  public static SQSEvent read(InputStream in) throws IOException, MalformedEvent {
    return EventJson.read(
        JSON,
        in,
        p ->
            object(
                p,
                new SQSEvent(),
                (q, name, e) -> {
                  if (name.equals("Records")) e.setRecords(list(q, SqsEvents::message));
                  else skip(q);
                }));
  }

  public static void write(SQSBatchResponse response, OutputStream out) throws IOException {
    EventJson.write(
        response,
        out,
        (r, g) ->
            EventJson.batchFailures(
                g,
                r.getBatchItemFailures() == null
                    ? null
                    : r.getBatchItemFailures().stream()
                        .map(f -> f == null ? null : f.getItemIdentifier())
                        .toList()));
  }

  /** One failed item, as both batch responses (SQS, streams) name it. */
  private static SQSEvent.SQSMessage message(JsonParser p) throws IOException, MalformedEvent {
    return object(p, new SQSEvent.SQSMessage(), SqsEvents::messageField);
  }

  private static void messageField(JsonParser p, String name, SQSEvent.SQSMessage m)
      throws IOException, MalformedEvent {
    switch (name) {
      case "messageId" -> m.setMessageId(string(p));
      case "receiptHandle" -> m.setReceiptHandle(string(p));
      case "body" -> m.setBody(string(p));
      case "md5OfBody" -> m.setMd5OfBody(string(p));
      case "md5OfMessageAttributes" -> m.setMd5OfMessageAttributes(string(p));
      // Lambda spells it eventSourceARN; the class's own property is eventSourceArn.
      case "eventSourceARN", "eventSourceArn" -> m.setEventSourceArn(string(p));
      case "eventSource" -> m.setEventSource(string(p));
      case "awsRegion" -> m.setAwsRegion(string(p));
      case "attributes" -> m.setAttributes(stringMap(p));
      case "messageAttributes" -> m.setMessageAttributes(map(p, SqsEvents::attribute));
      default -> skip(p);
    }
  }

  private static SQSEvent.MessageAttribute attribute(JsonParser p)
      throws IOException, MalformedEvent {
    return object(
        p,
        new SQSEvent.MessageAttribute(),
        (q, name, a) -> {
          switch (name) {
            case "stringValue" -> a.setStringValue(string(q));
            case "binaryValue" -> a.setBinaryValue(bytes(q));
            case "stringListValues" -> a.setStringListValues(stringList(q));
            case "binaryListValues" -> a.setBinaryListValues(list(q, EventJson::bytes));
            case "dataType" -> a.setDataType(string(q));
            default -> skip(q);
          }
        });
  }
}
