package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalOutbox;
import dev.portal.local.QueuePoller;
import dev.portal.shared.email.EmailConfig;
import dev.portal.shared.email.InboundNotification;
import dev.portal.shared.email.SesNotifications;
import io.micronaut.json.tree.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The email channel as SES would drive it: raw mail put into the bucket on moto, the receipt
 * notification wrapped in the SQS event the inbound-email function receives (from {@code
 * events/inbound-email-sqs.json}), the outbound queue drained into the real notifier, and what
 * moto's SES received read back.
 */
final class MailKit {
  final Backend api = Backend.get();
  final Fixtures f;
  final String mailbox;

  MailKit(Fixtures f) {
    this.f = f;
    api.mail();
    this.mailbox = "support@help-" + f.tenant + ".example";
    Backend.Res r = registerMailbox(f.admin, mailbox);
    assertEquals(201, r.status(), r::describe);
  }

  String globexDomain() {
    return "globex-" + f.tenant + ".example";
  }

  Backend.Res registerMailbox(Who who, String address) {
    return Req.from("tenant-admin-create-mailbox.json")
        .as(who)
        .header("idempotency-key", null)
        .body("{\"address\":\"" + address + "\"}")
        .send(api.tenantAdmin);
  }

  Backend.Res addContact(String clientId, String email, String name) {
    Backend.Res r =
        Req.from("tenant-admin-create-contact.json")
            .as(f.admin)
            .header("idempotency-key", null)
            .path("/v1/clients/" + clientId + "/contacts")
            .body("{\"email\":\"" + email + "\",\"name\":\"" + name + "\",\"role\":\"client\"}")
            .send(api.tenantAdmin);
    assertEquals(201, r.status(), r::describe);
    return r;
  }

  Backend.Res mailLog(String... query) {
    return Req.from("ticket-status-inbound-mail.json")
        .as(f.agent)
        .path("/v1/inbound-mail")
        .query(query)
        .send(api.ticketStatus);
  }

  /** A plain message; {@code extraHeaders} are full header lines. */
  static String message(
      String from,
      String to,
      String subject,
      String messageId,
      String body,
      String... extraHeaders) {
    StringBuilder b = new StringBuilder();
    b.append("From: ").append(from).append("\r\n");
    b.append("To: ").append(to).append("\r\n");
    b.append("Subject: ").append(subject).append("\r\n");
    if (messageId != null) b.append("Message-ID: <").append(messageId).append(">\r\n");
    b.append("Date: Tue, 24 Nov 2026 19:46:19 +0000\r\n");
    for (String h : extraHeaders) b.append(h).append("\r\n");
    b.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
        .append(body.replace("\n", "\r\n"));
    return b.toString();
  }

  /**
   * Stores the raw message in the bucket as SES would and returns the queue message body SES (via
   * SNS) would send.
   */
  String store(byte[] raw, List<String> recipients, String spam, String virus) {
    return store(
        raw,
        recipients,
        "",
        new InboundNotification.Verdicts(spam, virus, "PASS", "PASS", "PASS", null));
  }

  /**
   * Stores the raw message and returns the notification SES would send with these verdicts and
   * envelope sender.
   */
  String store(
      byte[] raw,
      List<String> recipients,
      String envelopeFrom,
      InboundNotification.Verdicts verdicts) {
    String id = UUID.randomUUID().toString().replace("-", "");
    String key = EmailConfig.RAW_PREFIX + id;
    s3().putObject(r -> r.bucket(api.mail().bucket()).key(key), RequestBody.fromBytes(raw));
    return SesNotifications.write(
        api.mail().bucket(),
        key,
        recipients,
        id,
        "2026-11-24T19:46:19.000Z",
        envelopeFrom,
        verdicts);
  }

  /** Delivers a message whose sender SES judged with these SPF, DKIM and DMARC verdicts. */
  void deliverJudged(String raw, String spf, String dkim, String dmarc) {
    inbound(
        batch(
            store(
                raw.getBytes(StandardCharsets.UTF_8),
                List.of(mailbox),
                "",
                new InboundNotification.Verdicts("PASS", "PASS", spf, dkim, dmarc, null))));
  }

  String store(String raw) {
    return store(raw.getBytes(StandardCharsets.UTF_8), List.of(mailbox), "PASS", "PASS");
  }

  /**
   * An SQS batch of these notification bodies, shaped like {@code events/inbound-email-sqs.json}.
   */
  static SQSEvent batch(String... bodies) {
    SQSEvent template =
        EventLoader.loadSQSEvent(Req.eventsDir().resolve("inbound-email-sqs.json").toString());
    SQSEvent.SQSMessage sample = template.getRecords().getFirst();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (String body : bodies) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId(UUID.randomUUID().toString());
      m.setReceiptHandle(sample.getReceiptHandle());
      m.setAttributes(sample.getAttributes());
      m.setEventSource(sample.getEventSource());
      m.setEventSourceArn(sample.getEventSourceArn());
      m.setAwsRegion(sample.getAwsRegion());
      m.setBody(body);
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  SQSBatchResponse inbound(SQSEvent event) {
    return api.inboundEmail.handle(event, new LocalLambdaContext(UUID.randomUUID().toString()));
  }

  /**
   * Delivers one message through the inbound function and returns its batch response (which must be
   * clean).
   */
  void deliver(String raw) {
    SQSBatchResponse r = inbound(batch(store(raw)));
    assertEquals(
        List.of(),
        r.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList(),
        "no batch item failures");
  }

  /**
   * Runs the outbox over the table's stream (queueing what new events owe), then the notifier over
   * everything queued for sending (every test's mail; each test looks at its own).
   */
  int drainOutbound() {
    api.stream().drain();
    return new QueuePoller(
            sqs(),
            api.mail().outboundQueueUrl(),
            "portal-outbound-mail",
            (event, id) -> api.notifier.handle(event, new LocalLambdaContext(id)))
        .drain();
  }

  /**
   * Every mail SES was asked to send from this address (each test's mailbox is its own), oldest
   * first.
   */
  List<LocalOutbox.SentMail> sentFrom(String address) {
    return new LocalOutbox(api.mail().endpoint(), api.json)
        .read().stream().filter(m -> address.equals(m.from())).toList();
  }

  List<LocalOutbox.SentMail> sentTo(String address) {
    return new LocalOutbox(api.mail().endpoint(), api.json)
        .read().stream().filter(m -> m.to().contains(address)).toList();
  }

  JsonNode onlyLogEntry() {
    Backend.Res log = mailLog();
    assertEquals(200, log.status(), log::describe);
    assertEquals(1, log.items().size(), log::describe);
    return log.items().values().iterator().next();
  }

  S3Client s3() {
    return api.context.getBean(S3Client.class);
  }

  SqsClient sqs() {
    return api.context.getBean(SqsClient.class);
  }
}
