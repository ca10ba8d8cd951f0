package dev.portal.shared.store;

import static dev.portal.shared.store.Attrs.ACTOR_EMAIL;
import static dev.portal.shared.store.Attrs.ACTOR_KIND;
import static dev.portal.shared.store.Attrs.AT;
import static dev.portal.shared.store.Attrs.DATA;
import static dev.portal.shared.store.Attrs.EVENT_TYPE;
import static dev.portal.shared.store.Attrs.ID;
import static dev.portal.shared.store.Attrs.PUBLIC;
import static dev.portal.shared.store.Attrs.TICKET_ID;
import static dev.portal.shared.store.Attrs.TYPE;

import dev.portal.shared.email.OutboundMail;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the table's stream records: the Lambda event's attribute values (aws-lambda-java-events'
 * own model, which the runtime fills) as the SDK's, and the mail a new timeline event owes its
 * requester.
 */
public final class StreamImages {
  private StreamImages() {}

  /**
   * Nesting deeper than any item of ours: an image past it is not ours and is refused rather than
   * recursed into.
   */
  private static final int MAX_DEPTH = 32;

  /**
   * The most recipients one outbox entry names (a group's members are capped at the same number).
   */
  public static final int MAX_RECIPIENTS = dev.portal.shared.domain.Caps.GROUP_MEMBERS;

  public static Map<String, AttributeValue> fromLambda(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>
          image) {
    return image == null ? Map.of() : map(image, 0);
  }

  private static Map<String, AttributeValue> map(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> m,
      int depth) {
    Map<String, AttributeValue> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, value(v, depth)));
    return out;
  }

  private static AttributeValue value(
      com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v, int depth) {
    if (depth > MAX_DEPTH)
      throw new IllegalArgumentException("stream image nested deeper than " + MAX_DEPTH);
    if (v == null) return AttributeValue.fromNul(true);
    if (v.getS() != null) return AttributeValue.fromS(v.getS());
    if (v.getN() != null) return AttributeValue.fromN(v.getN());
    if (v.getBOOL() != null) return AttributeValue.fromBool(v.getBOOL());
    if (v.getM() != null) return AttributeValue.fromM(map(v.getM(), depth + 1));
    if (v.getL() != null)
      return AttributeValue.fromL(v.getL().stream().map(x -> value(x, depth + 1)).toList());
    if (v.getSS() != null) return AttributeValue.fromSs(List.copyOf(v.getSS()));
    if (v.getNS() != null) return AttributeValue.fromNs(List.copyOf(v.getNS()));
    if (v.getB() != null) return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB()));
    if (v.getBS() != null)
      return AttributeValue.fromBs(v.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
    return AttributeValue.fromNul(true);
  }

  /**
   * The mail a timeline event's new image calls for: its kind, tenant and ticket from the event's
   * {@code outbox} attribute, the event id as the notifier's dedupe key, and an agent reply's text
   * from the event's data. Empty for every other item.
   */
  public static Optional<OutboundMail> outboundMail(Map<String, AttributeValue> image) {
    AttributeValue outbox = image.get(Keys.OUTBOX);
    String eventId = Attrs.str(image, ID);
    if (outbox == null || !outbox.hasM() || eventId == null) return Optional.empty();
    Map<String, AttributeValue> o = outbox.m();
    String kind = Attrs.str(o, Keys.OUTBOX_KIND);
    String tenant = Attrs.str(o, Keys.OUTBOX_TENANT);
    long ticketSeq = Attrs.num(o, Keys.OUTBOX_TICKET_SEQ);
    if (kind == null || tenant == null || ticketSeq <= 0) return Optional.empty();
    String body = null;
    AttributeValue data = image.get(DATA);
    if (data != null && data.hasM()) {
      // The text a mail quotes: a reply's body, a client's answer, the note of a move.
      if (OutboundMail.AGENT_REPLY.equals(kind) || OutboundMail.AGENT_CLIENT_REPLY.equals(kind))
        body = Attrs.str(data.m(), "body");
      if (OutboundMail.AGENT_ASSIGNED.equals(kind)) body = Attrs.str(data.m(), "note");
    }
    return Optional.of(
        new OutboundMail(
            tenant, ticketSeq, kind, eventId, body, recipients(o.get(Keys.OUTBOX_TO))));
  }

  /**
   * At most {@link #MAX_RECIPIENTS} strings of a list; anything else in it is not ours and is left
   * out.
   */
  private static List<String> recipients(AttributeValue to) {
    if (to == null || !to.hasL()) return List.of();
    return to.l().stream()
        .map(AttributeValue::s)
        .filter(java.util.Objects::nonNull)
        .limit(MAX_RECIPIENTS)
        .toList();
  }

  /** The ticket a stream image holds, if it is a ticket's item. */
  public static Optional<dev.portal.shared.domain.Ticket> ticket(
      Map<String, AttributeValue> image) {
    if (image == null
        || !"ticket".equals(Attrs.str(image, TYPE))
        || Attrs.str(image, Keys.PK) == null) {
      return Optional.empty();
    }
    return Optional.of(
        DynamoTicketStore.ticketFrom(Keys.tenantOfTicketPk(Attrs.str(image, Keys.PK)), image));
  }

  /** Time logged on a ticket, as its {@code time_logged} event's image says. */
  public record TimeLogged(
      String tenantId,
      String eventId,
      String clientId,
      java.time.Instant at,
      long minutes,
      boolean billable,
      String contractId,
      String month,
      String agentEmail,
      String groupId) {}

  public static Optional<TimeLogged> timeLogged(Map<String, AttributeValue> image) {
    if (image == null
        || !"event".equals(Attrs.str(image, TYPE))
        || !dev.portal.shared.domain.EventType.TIME_LOGGED
            .wire()
            .equals(Attrs.str(image, EVENT_TYPE))) {
      return Optional.empty();
    }
    AttributeValue data = image.get(DATA);
    if (data == null || !data.hasM()) return Optional.empty();
    return Optional.of(
        new TimeLogged(
            Keys.tenantOfTicketPk(Attrs.str(image, Keys.PK)),
            Attrs.str(image, ID),
            Attrs.str(image, DynamoTicketStore.TICKET_CLIENT),
            Attrs.instant(image, AT),
            Attrs.num(data.m(), "minutes"),
            Attrs.flag(data.m(), "billable"),
            Attrs.str(data.m(), "contractId"),
            Attrs.str(data.m(), "month"),
            Attrs.str(image, ACTOR_EMAIL),
            Attrs.str(data.m(), "groupId")));
  }

  /**
   * A timeline event's image as its stream record carries it, read without {@code EventType} so
   * that event types added later still pass through (a consumer decides on the wire name).
   */
  public record EventImage(
      String tenantId,
      String id,
      String eventType,
      java.time.Instant at,
      String actorKind,
      String actorEmail,
      boolean isPublic,
      Map<String, Object> data,
      String ticketId,
      String ticketNumber) {}

  @SuppressWarnings("unchecked")
  public static Optional<EventImage> event(Map<String, AttributeValue> image) {
    if (image == null
        || !"event".equals(Attrs.str(image, TYPE))
        || Attrs.str(image, Keys.PK) == null
        || Attrs.str(image, EVENT_TYPE) == null) {
      return Optional.empty();
    }
    AttributeValue data = image.get(DATA);
    Object plain = data == null ? null : Attrs.toPlain(data);
    return Optional.of(
        new EventImage(
            Keys.tenantOfTicketPk(Attrs.str(image, Keys.PK)),
            Attrs.str(image, ID),
            Attrs.str(image, EVENT_TYPE),
            Attrs.instant(image, AT),
            Attrs.str(image, ACTOR_KIND),
            Attrs.str(image, ACTOR_EMAIL),
            Attrs.flag(image, PUBLIC),
            plain instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
            Attrs.str(image, TICKET_ID),
            Attrs.str(image, DynamoTicketStore.TICKET_NUMBER)));
  }

  /** The invoice a stream image holds, if it is an invoice's item. */
  public static Optional<dev.portal.shared.domain.Invoice> invoice(
      Map<String, AttributeValue> image) {
    if (image == null
        || !"invoice".equals(Attrs.str(image, TYPE))
        || Attrs.str(image, Keys.PK) == null) {
      return Optional.empty();
    }
    String pk = Attrs.str(image, Keys.PK);
    return Optional.of(DynamoInvoiceStore.invoiceFrom(Keys.tenantOfPk(pk), image));
  }

  /**
   * What a stream consumer does with one record: its event name and both images (empty maps when
   * absent).
   */
  @FunctionalInterface
  public interface RecordHandler {
    void handle(
        String eventName,
        Map<String, AttributeValue> oldImage,
        Map<String, AttributeValue> newImage);
  }

  /**
   * Hands each record of a stream batch to {@code handler}, in stream order. At the first failure
   * the batch stops and reports that record, so Lambda (or the local poller) retries from it and
   * nothing after it is skipped.
   *
   * @param consumer named in the log line of a failure
   */
  public static com.amazonaws.services.lambda.runtime.events.StreamsEventResponse each(
      com.amazonaws.services.lambda.runtime.events.DynamodbEvent event,
      String consumer,
      RecordHandler handler) {
    var records =
        event.getRecords() == null
            ? List
                .<com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord>
                    of()
            : event.getRecords();
    for (var r : records) {
      String sequence = r.getDynamodb() == null ? null : r.getDynamodb().getSequenceNumber();
      try {
        if (r.getDynamodb() != null) {
          handler.handle(
              r.getEventName(),
              fromLambda(r.getDynamodb().getOldImage()),
              fromLambda(r.getDynamodb().getNewImage()));
        }
      } catch (RuntimeException e) {
        dev.portal.shared.log.JsonLog.error(
            consumer + " record failed: the batch is retried from it",
            e,
            "sequenceNumber",
            sequence,
            "eventId",
            r.getEventID());
        return com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.builder()
            .withBatchItemFailures(
                List.of(
                    com.amazonaws.services.lambda.runtime.events.StreamsEventResponse
                        .BatchItemFailure.builder()
                        .withItemIdentifier(sequence)
                        .build()))
            .build();
      }
    }
    return com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.builder()
        .withBatchItemFailures(List.of())
        .build();
  }
}
