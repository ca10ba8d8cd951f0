package dev.portal.shared.lambda;

import static dev.portal.shared.lambda.EventJson.bytes;
import static dev.portal.shared.lambda.EventJson.list;
import static dev.portal.shared.lambda.EventJson.map;
import static dev.portal.shared.lambda.EventJson.object;
import static dev.portal.shared.lambda.EventJson.skip;
import static dev.portal.shared.lambda.EventJson.string;
import static dev.portal.shared.lambda.EventJson.stringList;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Date;
import java.util.Map;

/**
 * DynamoDB stream batches read (keys, new and old images in DynamoDB's JSON, each attribute a
 * one-key object such as {@code {"S": "x"}}) and partial-batch responses written (see {@link
 * EventJson} for the rules).
 */
public final class DynamodbStreamEvents {
  /**
   * DynamoDB nests attributes at most 32 levels, each level two JSON levels here ({@code {"M":
   * {...}}}), under {@code Records[].dynamodb.NewImage}.
   */
  static final int MAX_DEPTH = 2 * 32 + 8;

  private static final JsonFactory JSON = EventJson.factory(MAX_DEPTH);

  private DynamodbStreamEvents() {}

  public static DynamodbEvent read(InputStream in) throws IOException, MalformedEvent {
    return EventJson.read(
        JSON,
        in,
        p ->
            object(
                p,
                new DynamodbEvent(),
                (q, name, e) -> {
                  if (name.equals("Records")) e.setRecords(list(q, DynamodbStreamEvents::record));
                  else skip(q);
                }));
  }

  public static void write(StreamsEventResponse response, OutputStream out) throws IOException {
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

  private static DynamodbEvent.DynamodbStreamRecord record(JsonParser p)
      throws IOException, MalformedEvent {
    return object(
        p,
        new DynamodbEvent.DynamodbStreamRecord(),
        (q, name, r) -> {
          switch (name) {
            case "eventID" -> r.setEventID(string(q));
            case "eventName" -> r.setEventName(string(q));
            case "eventVersion" -> r.setEventVersion(string(q));
            case "eventSource" -> r.setEventSource(string(q));
            case "awsRegion" -> r.setAwsRegion(string(q));
            case "eventSourceARN" -> r.setEventSourceARN(string(q));
            case "dynamodb" ->
                r.setDynamodb(object(q, new StreamRecord(), DynamodbStreamEvents::streamRecord));
            case "userIdentity" ->
                r.setUserIdentity(
                    object(
                        q,
                        new Identity(),
                        (s, field, i) -> {
                          switch (field) {
                            case "principalId" -> i.setPrincipalId(string(s));
                            case "type" -> i.setType(string(s));
                            default -> skip(s);
                          }
                        }));
            default -> skip(q);
          }
        });
  }

  private static void streamRecord(JsonParser p, String name, StreamRecord s)
      throws IOException, MalformedEvent {
    switch (name) {
      case "ApproximateCreationDateTime" -> s.setApproximateCreationDateTime(epochSeconds(p));
      case "Keys" -> s.setKeys(image(p));
      case "NewImage" -> s.setNewImage(image(p));
      case "OldImage" -> s.setOldImage(image(p));
      case "SequenceNumber" -> s.setSequenceNumber(string(p));
      case "SizeBytes" ->
          s.setSizeBytes(p.currentToken() == JsonToken.VALUE_NULL ? null : EventJson.number(p));
      case "StreamViewType" -> {
        // The class's setter dereferences its argument: an absent or unknown type leaves it unset.
        StreamViewType type = viewType(string(p));
        if (type != null) s.setStreamViewType(type);
      }
      default -> skip(p);
    }
  }

  /** Seconds since the epoch, a fraction allowed, as Lambda sends the record's creation time. */
  private static Date epochSeconds(JsonParser p) throws IOException, MalformedEvent {
    String seconds = string(p);
    if (seconds == null) return null;
    try {
      return new Date(Math.round(Double.parseDouble(seconds) * 1000));
    } catch (NumberFormatException e) {
      throw new MalformedEvent("ApproximateCreationDateTime is not a number");
    }
  }

  private static StreamViewType viewType(String value) {
    if (value == null) return null;
    for (StreamViewType t : StreamViewType.values()) if (t.name().equals(value)) return t;
    return null;
  }

  private static Map<String, AttributeValue> image(JsonParser p)
      throws IOException, MalformedEvent {
    return map(p, DynamodbStreamEvents::attribute);
  }

  /** One attribute value; nested ones recurse, bounded by the factory's nesting limit. */
  private static AttributeValue attribute(JsonParser p) throws IOException, MalformedEvent {
    return object(
        p,
        new AttributeValue(),
        (q, type, v) -> {
          switch (type) {
            case "S" -> v.setS(string(q));
            case "N" -> v.setN(string(q));
            case "B" -> v.setB(bytes(q));
            case "SS" -> v.setSS(stringList(q));
            case "NS" -> v.setNS(stringList(q));
            case "BS" -> v.setBS(list(q, EventJson::bytes));
            case "M" -> v.setM(image(q));
            case "L" -> v.setL(list(q, DynamodbStreamEvents::attribute));
            case "NULL" ->
                v.setNULL(q.currentToken() == JsonToken.VALUE_TRUE ? Boolean.TRUE : null);
            case "BOOL" -> v.setBOOL(EventJson.bool(q));
            default -> skip(q);
          }
        });
  }
}
