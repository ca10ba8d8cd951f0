package dev.portal.shared.email;

import static dev.portal.shared.lambda.MessageBodies.child;
import static dev.portal.shared.lambda.MessageBodies.text;

import dev.portal.shared.lambda.MessageBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the SES receipt notification a queue message carries. The SES rule's S3 action publishes it
 * to SNS, which delivers it to SQS with raw message delivery (the body is the notification); an SNS
 * envelope ({@code {"Type":"Notification","Message":"..."}}) is unwrapped as well.
 */
public final class SesNotifications {
  private SesNotifications() {}

  /**
   * @throws IllegalArgumentException when the body is no SES receipt notification with an S3 action
   *     (or no JSON object)
   */
  public static InboundNotification parse(String body) {
    Map<String, Object> node = MessageBodies.object(body);
    if ("Notification".equals(text(node, "Type")) && text(node, "Message") != null) {
      node = MessageBodies.object(text(node, "Message"));
    }
    Map<String, Object> receipt = child(node, "receipt");
    Map<String, Object> action = child(receipt, "action");
    if (action == null || !"S3".equals(text(action, "type"))) {
      throw new IllegalArgumentException("not an SES receipt notification of an S3 action");
    }
    List<String> recipients = new ArrayList<>();
    if (receipt.get("recipients") instanceof List<?> r) {
      for (Object x : r) {
        if (!(x instanceof String s))
          throw new IllegalArgumentException("a recipient not a string");
        recipients.add(s);
      }
    }
    Map<String, Object> mail = child(node, "mail");
    InboundNotification.Verdicts verdicts =
        new InboundNotification.Verdicts(
            verdict(receipt, "spamVerdict"),
            verdict(receipt, "virusVerdict"),
            verdict(receipt, "spfVerdict"),
            verdict(receipt, "dkimVerdict"),
            verdict(receipt, "dmarcVerdict"),
            text(receipt, "dmarcPolicy"));
    return new InboundNotification(
        text(action, "bucketName"),
        text(action, "objectKey"),
        recipients,
        verdicts,
        mail == null ? null : text(mail, "source"),
        mail == null ? null : text(mail, "messageId"));
  }

  /**
   * The notification SES would send for a message stored at {@code bucket/key}, every verdict PASS.
   */
  public static String write(
      String bucket, String key, List<String> recipients, String sesMessageId, String timestamp) {
    return write(
        bucket,
        key,
        recipients,
        sesMessageId,
        timestamp,
        "",
        InboundNotification.Verdicts.ALL_PASS);
  }

  /**
   * The notification SES would send for a message stored at {@code bucket/key} with these verdicts
   * and envelope sender: what local mode's SMTP ingress queues, and what the tests deliver.
   */
  public static String write(
      String bucket,
      String key,
      List<String> recipients,
      String sesMessageId,
      String timestamp,
      String envelopeFrom,
      InboundNotification.Verdicts v) {
    StringBuilder b = new StringBuilder();
    b.append("{\"notificationType\":\"Received\",\"mail\":{\"timestamp\":")
        .append(quote(timestamp))
        .append(",\"source\":")
        .append(quote(envelopeFrom == null ? "" : envelopeFrom))
        .append(",\"messageId\":")
        .append(quote(sesMessageId))
        .append(",\"destination\":[");
    appendList(b, recipients);
    b.append("]},\"receipt\":{\"timestamp\":").append(quote(timestamp)).append(",\"recipients\":[");
    appendList(b, recipients);
    b.append("],");
    appendVerdict(b, "spamVerdict", v.spam());
    appendVerdict(b, "virusVerdict", v.virus());
    appendVerdict(b, "spfVerdict", v.spf());
    appendVerdict(b, "dkimVerdict", v.dkim());
    appendVerdict(b, "dmarcVerdict", v.dmarc());
    if (v.dmarcPolicy() != null)
      b.append("\"dmarcPolicy\":").append(quote(v.dmarcPolicy())).append(',');
    b.append("\"action\":{\"type\":\"S3\",\"bucketName\":")
        .append(quote(bucket))
        .append(",\"objectKey\":")
        .append(quote(key))
        .append("}}}");
    return b.toString();
  }

  private static void appendVerdict(StringBuilder b, String name, String status) {
    if (status != null)
      b.append('"').append(name).append("\":{\"status\":").append(quote(status)).append("},");
  }

  private static void appendList(StringBuilder b, List<String> items) {
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) b.append(',');
      b.append(quote(items.get(i)));
    }
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  private static String verdict(Map<String, Object> receipt, String name) {
    return text(child(receipt, name), "status");
  }
}
