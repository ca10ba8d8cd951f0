package dev.portal.shared.email;

import dev.portal.shared.domain.Suppression;
import dev.portal.shared.http.Claims;
import dev.portal.shared.http.Json;
import dev.portal.shared.mail.MailSyntax;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one bounce or complaint event that the configuration set's event destination published
 * ("Contents of event data that Amazon SES publishes to Amazon SNS"): the body of a feedback-queue
 * message (raw message delivery; an SNS envelope is unwrapped too). Strictly: whose mail it was
 * comes only from our own message tag ({@link SesMailSender#TENANT_TAG}, a tenant id by {@link
 * Claims#isId}), and only recipients that were the mail's destinations and are single valid
 * addresses are named.
 */
public final class SesFeedback {
  /**
   * An SQS message holds at most 256 KiB; SES's events with the original headers stay well below
   * it.
   */
  public static final int MAX_BODY = 256 * 1024;

  /** SendEmail takes at most 50 destinations. */
  static final int MAX_RECIPIENTS = 50;

  static final int MAX_DETAIL = 64;

  private SesFeedback() {}

  /**
   * What an event says: a hard (permanent) bounce or a complaint suppresses its recipients; a soft
   * (transient or undetermined) bounce does not.
   */
  public enum Kind {
    HARD_BOUNCE,
    SOFT_BOUNCE,
    COMPLAINT
  }

  /**
   * @param recipients addresses lower-cased
   */
  public record Event(
      Kind kind,
      String tenantId,
      List<String> recipients,
      String detail,
      Instant at,
      String sesMessageId) {
    public Optional<Suppression> suppression() {
      return switch (kind) {
        case HARD_BOUNCE ->
            Optional.of(new Suppression(Suppression.Reason.BOUNCE, detail, at, sesMessageId));
        case COMPLAINT ->
            Optional.of(new Suppression(Suppression.Reason.COMPLAINT, detail, at, sesMessageId));
        case SOFT_BOUNCE -> Optional.empty();
      };
    }
  }

  /**
   * An event that is no bounce or complaint (the configuration set publishes only those; anything
   * else is ignored).
   */
  public static final class NotFeedback extends RuntimeException {
    NotFeedback(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @return the bounce or complaint
   * @throws NotFeedback for any other well-formed event type (ignore it)
   * @throws IllegalArgumentException when the body is no SES event, or names no tenant of ours:
   *     never a partial read
   */
  public static Event parse(Json json, String body) {
    if (body == null || body.length() > MAX_BODY)
      throw new IllegalArgumentException("no body, or one over 256 KiB");
    JsonNode node = json.parse(body.getBytes(StandardCharsets.UTF_8));
    if ("Notification".equals(text(node, "Type")) && text(node, "Message") != null) {
      node = json.parse(text(node, "Message").getBytes(StandardCharsets.UTF_8));
    }
    if (!node.isObject()) throw new IllegalArgumentException("not a JSON object");
    String type = text(node, "eventType");
    if (type == null)
      throw new IllegalArgumentException("no eventType: not a configuration set's event");
    JsonNode mail = node.get("mail");
    if (mail == null || !mail.isObject()) throw new IllegalArgumentException("no mail object");
    Kind kind;
    JsonNode detailNode;
    String detail;
    List<String> named;
    switch (type) {
      case "Bounce" -> {
        detailNode = object(node, "bounce");
        String bounceType = text(detailNode, "bounceType");
        if (bounceType == null) throw new IllegalArgumentException("a bounce without bounceType");
        kind = "Permanent".equals(bounceType) ? Kind.HARD_BOUNCE : Kind.SOFT_BOUNCE;
        detail = text(detailNode, "bounceSubType");
        named = addresses(detailNode, "bouncedRecipients");
      }
      case "Complaint" -> {
        detailNode = object(node, "complaint");
        kind = Kind.COMPLAINT;
        detail = text(detailNode, "complaintFeedbackType");
        if (detail == null) detail = text(detailNode, "complaintSubType");
        named = addresses(detailNode, "complainedRecipients");
      }
      default -> throw new NotFeedback("an SES event of another type: " + clean(type));
    }
    String tenant = tenantOf(mail);
    List<String> destinations = addresses(mail.get("destination"));
    List<String> recipients = new ArrayList<>();
    for (String r : named) {
      if (!destinations.contains(r))
        throw new IllegalArgumentException("a recipient that was no destination of the mail");
      if (!recipients.contains(r)) recipients.add(r);
    }
    if (recipients.isEmpty()) throw new IllegalArgumentException("the event names no recipient");
    return new Event(
        kind,
        tenant,
        List.copyOf(recipients),
        clean(detail),
        instant(text(detailNode, "timestamp")),
        clean(text(mail, "messageId")));
  }

  /** Our tag, exactly one value, a tenant id: anything else is no mail of ours. */
  private static String tenantOf(JsonNode mail) {
    JsonNode tags = mail.get("tags");
    JsonNode values = tags == null || !tags.isObject() ? null : tags.get(SesMailSender.TENANT_TAG);
    if (values == null || !values.isArray() || values.size() != 1 || !values.get(0).isString()) {
      throw new IllegalArgumentException(
          "the mail carries no single " + SesMailSender.TENANT_TAG + " tag");
    }
    String tenant = values.get(0).getStringValue();
    if (!Claims.isId(tenant))
      throw new IllegalArgumentException(
          "the " + SesMailSender.TENANT_TAG + " tag is no tenant id");
    return tenant;
  }

  private static List<String> addresses(JsonNode parent, String field) {
    return addresses(parent.get(field));
  }

  private static List<String> addresses(JsonNode list) {
    if (list == null || !list.isArray() || list.size() == 0 || list.size() > MAX_RECIPIENTS) {
      throw new IllegalArgumentException("no list of 1 to " + MAX_RECIPIENTS + " recipients");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode r : list.values()) {
      String address =
          r.isString() ? r.getStringValue() : r.isObject() ? text(r, "emailAddress") : null;
      if (address == null || !MailSyntax.isAddress(address.strip())) {
        throw new IllegalArgumentException("a recipient that is not exactly one valid address");
      }
      out.add(address.strip().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) throw new IllegalArgumentException("no " + field + " object");
    return v;
  }

  private static Instant instant(String s) {
    if (s == null) return null;
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("a timestamp that is no ISO-8601 instant");
    }
  }

  /** Free text from SES kept short and printable ASCII, or null. */
  private static String clean(String s) {
    if (s == null) return null;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < MAX_DETAIL; i++) {
      char c = s.charAt(i);
      if (c >= 0x21 && c < 0x7f) b.append(c);
    }
    return b.isEmpty() ? null : b.toString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isString() ? null : v.getStringValue();
  }
}
