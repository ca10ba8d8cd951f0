package dev.portal.shared.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Hand mapping between items and values: no reflection, no bean schemas. */
final class Attrs {
  private Attrs() {}

  // Item attribute names (top level and inside nested maps) that more than one place spells: a
  // mapper's write and read, an index projection, an expression's #name. Names inside expression
  // text (a condition or update written out) are still spelled there.
  static final String ACCOUNT_MANAGER_ID = "accountManagerId";
  static final String ADDED_AT = "addedAt";
  static final String ADDED_BY = "addedBy";
  static final String ACTIVE = "active";
  static final String ACTOR_EMAIL = "actorEmail";
  static final String ACTOR_KIND = "actorKind";
  static final String ADDRESS = "address";
  static final String AGENT_EMAIL = "agentEmail";
  static final String AGENTS = "agents";
  static final String AMOUNT_MINOR = "amountMinor";
  static final String ASSIGNEE_ID = "assigneeId";
  static final String AT = "at";
  static final String BILLABLE = "billable";
  static final String BODY = "body";
  static final String BUCKET = "bucket";
  static final String CALENDAR = "calendar";
  static final String CHANNEL = "channel";
  static final String CLAIM_TOKEN = "claimToken";
  static final String CLIENT_ID = "clientId";
  static final String CONTRACT_ID = "contractId";
  static final String CREATED_AT = "createdAt";
  static final String CURRENCY = "currency";
  static final String DATA = "data";
  static final String DEFAULT_PER_HOUR_MINOR = "defaultPerHourMinor";
  static final String DESCRIPTION = "description";
  static final String DETAIL = "detail";
  static final String DUE_ON = "dueOn";
  static final String EMAIL = "email";
  static final String EMAIL_DOMAINS = "emailDomains";
  static final String ENDS_ON = "endsOn";
  static final String EVENT_TYPE = "eventType";
  static final String FILENAME = "filename";
  static final String FIRST_RESPONSE_AT = "firstResponseAt";
  static final String FROM = "from";
  static final String GROUP_ID = "groupId";
  static final String HEADERS = "headers";
  static final String ID = "id";
  static final String IS_DEFAULT = "isDefault";
  static final String ISSUED_ON = "issuedOn";
  static final String KEY = "key";
  static final String INVOICE_ID = "invoiceId";
  static final String LANGUAGE = "language";
  static final String LAST_CLIENT_MESSAGE_ID = "lastClientMessageId";
  static final String LEASE_UNTIL = "leaseUntil";
  static final String LINES = "lines";
  static final String MAILBOX = "mailbox";
  static final String MEMBERS = "members";
  static final String MESSAGE_ID = "messageId";
  static final String MESSAGE_IDS = "messageIds";
  static final String MIME_TYPE = "mimeType";
  static final String MINUTES = "minutes";
  static final String MONTH = "month";
  static final String NAME = "name";
  static final String NOTE = "note";
  static final String INTERNAL = "internal";
  static final String NUMBER = "number";
  static final String OUTCOME = "outcome";
  static final String OVERAGE_RATE_MINOR = "overageRateMinor";
  static final String PAUSED_MILLIS = "pausedMillis";
  static final String PAUSED_SINCE = "pausedSince";
  static final String PDF_KEY = "pdfKey";
  static final String PREPAID_MINUTES_PER_MONTH = "prepaidMinutesPerMonth";
  static final String PRIORITY = "priority";
  static final String PUBLIC = "public";
  static final String QUANTITY = "quantity";
  static final String RATING_COMMENT = "ratingComment";
  static final String RATING_SCORE = "ratingScore";
  static final String RAW_KEY = "rawKey";
  static final String REACTION_DUE_AT = "reactionDueAt";
  static final String REACTION_MINUTES = "reactionMinutes";
  static final String REASON = "reason";
  static final String RECEIVED_AT = "receivedAt";
  static final String REQUEST_HASH = "requestHash";
  static final String REQUESTER_EMAIL = "requesterEmail";
  static final String REQUESTER_NAME = "requesterName";
  static final String RESOLUTION_DUE_AT = "resolutionDueAt";
  static final String RESOLUTION_MINUTES = "resolutionMinutes";
  static final String RESOLVED_AT = "resolvedAt";
  static final String ROLE = "role";
  static final String SENDER_VERIFIED = "senderVerified";
  static final String SEQ = "seq";
  static final String SES_MESSAGE_ID = "sesMessageId";
  static final String SIZE = "size";
  static final String SLA = "sla";
  static final String STARTS_ON = "startsOn";
  static final String STATE = "state";
  static final String STATUS = "status";
  static final String SUBJECT = "subject";
  static final String TENANT_ID = "tenantId";
  static final String TICKET_ID = "ticketId";
  static final String TICKET_PREFIX = "ticketPrefix";
  static final String TICKET_SEQ = "ticketSeq";
  static final String TO = "to";
  static final String TOKEN = "token";
  static final String TOTAL_MINOR = "totalMinor";
  static final String TYPE = "type";
  static final String WATCHING = "watching";
  static final String UNIT_PRICE_MINOR = "unitPriceMinor";
  static final String USAGE_MONTH = "usageMonth";
  static final String UPDATED_AT = "updatedAt";
  static final String UPLOADED_BY = "uploadedBy";
  static final String VERSION = "version";
  static final String ZONE_ID = "zoneId";

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  static AttributeValue bool(boolean v) {
    return AttributeValue.fromBool(v);
  }

  static AttributeValue ss(List<String> v) {
    return AttributeValue.fromL(v.stream().map(AttributeValue::fromS).toList());
  }

  /**
   * Puts the value unless it is null: DynamoDB items have no nulls, a missing attribute is the
   * null.
   */
  static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) item.put(name, s(value));
  }

  static void put(Map<String, AttributeValue> item, String name, Instant value) {
    if (value != null) item.put(name, s(dev.portal.shared.domain.Times.iso(value)));
  }

  static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  static long num(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  static boolean flag(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  static Instant instant(Map<String, AttributeValue> item, String name) {
    String s = str(item, name);
    return s == null ? null : dev.portal.shared.domain.Times.parse(s);
  }

  static List<String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || !v.hasL()) return List.of();
    return v.l().stream().map(AttributeValue::s).toList();
  }

  /** Event data: strings, whole numbers and booleans, nested maps and lists of those. */
  static AttributeValue fromPlain(Object value) {
    return switch (value) {
      case null -> AttributeValue.fromNul(true);
      case String s -> s(s);
      case Boolean b -> bool(b);
      case Integer i -> n(i);
      case Long l -> n(l);
      case Map<?, ?> m -> {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), fromPlain(v)));
        yield AttributeValue.fromM(out);
      }
      case List<?> l -> AttributeValue.fromL(l.stream().map(Attrs::fromPlain).toList());
      default ->
          throw new IllegalArgumentException("unsupported event data value " + value.getClass());
    };
  }

  static Object toPlain(AttributeValue v) {
    if (v.s() != null) return v.s();
    if (v.n() != null) return Long.parseLong(v.n());
    if (v.bool() != null) return v.bool();
    if (v.hasM()) {
      Map<String, Object> out = new LinkedHashMap<>();
      v.m().forEach((k, x) -> out.put(k, toPlain(x)));
      return out;
    }
    if (v.hasL()) {
      List<Object> out = new ArrayList<>();
      v.l().forEach(x -> out.add(toPlain(x)));
      return out;
    }
    return null;
  }
}
