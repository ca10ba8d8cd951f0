package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.QueuePoller;
import dev.portal.shared.email.EmailConfig;
import dev.portal.shared.email.SesNotifications;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dead-letter path end to end on moto: a queue with local mode's redrive policy, local mode's
 * poller handing its batches to the real inbound-email entry point, and messages that can never be
 * processed next to a good one.
 */
class DeadLetterIT {
  /**
   * How long the redriven messages may take to reach the dead-letter queue: generous, never a
   * measured time.
   */
  private static final Duration DEAD_LETTER_WAIT = Duration.ofSeconds(60);

  private static final Pattern RECEIVE_COUNT = Pattern.compile("\"receiveCount\":\"(\\d+)\"");

  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);

  @Test
  void
      aMessageThatCannotBeProcessedIsDeadLetteredAfterTheRetriesWithItsS3KeyLoggedAndTheRestOfTheBatchIsDone()
          throws Exception {
    SqsClient sqs = mail.sqs();
    // A queue of this test's own (the shared inbound queue is other tests' business), built by
    // local mode's own
    // code, with a 1 s visibility timeout so the retries come quickly.
    String name = "portal-inbound-mail-" + f.tenant;
    String dlqUrl = sqs.createQueue(r -> r.queueName(name + "-dlq")).queueUrl();
    String queueUrl = LocalMain.queueWithRedrive(sqs, name, dlqUrl, 1);

    String good =
        mail.store(
            MailKit.message(
                "dora@elsewhere.example",
                mail.mailbox,
                "Printer jam",
                "good-" + f.tenant + "@elsewhere.example",
                "Tray 2 is stuck.\n"));
    // SES says it stored the message, but the object is not there: the raw mail can never be read.
    String missingKey = EmailConfig.RAW_PREFIX + "missing-" + UUID.randomUUID();
    String missing =
        SesNotifications.write(
            mail.api.mail().bucket(),
            missingKey,
            List.of(mail.mailbox),
            "ses-" + f.tenant,
            "2026-11-24T19:46:19.000Z");
    String garbage = "{not an SES notification";
    String missingId = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(missing)).messageId();
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(good));
    String garbageId = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(garbage)).messageId();

    Map<String, String> deadLettered = new LinkedHashMap<>();
    String log;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    try (QueuePoller poller =
        new QueuePoller(
                sqs,
                queueUrl,
                name,
                (event, id) -> mail.api.inboundEmail.handle(event, new LocalLambdaContext(id)))
            .start()) {
      Instant giveUp = Instant.now().plus(DEAD_LETTER_WAIT);
      while (deadLettered.size() < 2 && Instant.now().isBefore(giveUp)) {
        for (Message m :
            sqs.receiveMessage(
                    r ->
                        r.queueUrl(dlqUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(300))
                .messages()) {
          deadLettered.put(m.messageId(), m.body());
        }
      }
    } finally {
      System.setOut(original);
      synchronized (captured) {
        log = captured.toString(StandardCharsets.UTF_8);
      }
    }

    // Both unprocessable messages are in the dead-letter queue, as they were sent (same id, body
    // intact).
    assertEquals(
        Map.of(missingId, missing, garbageId, garbage),
        deadLettered,
        "dead-lettered within " + DEAD_LETTER_WAIT.toSeconds() + " s");
    assertEquals(
        "0", queueDepth(sqs, queueUrl), "the inbound queue is empty: the good message was deleted");

    // The good message, delivered in the same batches, became a ticket; the unreadable one is in
    // the mail log too, as
    // `rejected` on its last delivery, naming its S3 key (a body that is no notification reaches no
    // tenant: the JSON
    // log is its only record).
    Backend.Res mailLog = mail.mailLog();
    assertEquals(200, mailLog.status(), mailLog::describe);
    assertEquals(2, mailLog.items().size(), mailLog::describe);
    JsonNode entry = null;
    JsonNode deadLetter = null;
    for (JsonNode e : mailLog.items().values()) {
      if ("ticket".equals(e.get("outcome").getStringValue())) entry = e;
      else deadLetter = e;
    }
    assertTrue(entry != null && deadLetter != null, mailLog::describe);
    assertEquals("rejected", deadLetter.get("outcome").getStringValue());
    assertTrue(deadLetter.get("reason").getStringValue().contains(missingKey), mailLog::describe);
    assertEquals("dora@elsewhere.example", entry.get("from").getStringValue());
    Backend.Res ticket = f.get(f.agent, entry.get("ticketId").getStringValue());
    assertEquals(200, ticket.status(), ticket::describe);
    assertTrue(ticket.str("description").contains("Tray 2 is stuck."), ticket::describe);

    // Each failed receive was logged as an error naming the S3 key (the notification could be read)
    // or at least the
    // queue message, with the receive count: exactly the redrive policy's receives, then the
    // dead-letter queue.
    List<String> missingLines = failureLines(log, "\"s3Key\":\"" + missingKey + "\"");
    assertEquals(
        receiveCounts(),
        counts(missingLines),
        () -> "failures logged for " + missingKey + ":\n" + log);
    assertTrue(
        missingLines.stream().allMatch(l -> l.contains("\"requestId\":\"" + missingId + "\"")),
        missingLines::toString);
    List<String> garbageLines = failureLines(log, "\"requestId\":\"" + garbageId + "\"");
    assertEquals(
        receiveCounts(),
        counts(garbageLines),
        () -> "failures logged for the garbage message:\n" + log);
    assertFalse(
        garbageLines.stream().anyMatch(l -> l.contains("\"s3Key\"")),
        "a body that is no notification names no key");
  }

  private static List<String> failureLines(String log, String mustContain) {
    return log.lines()
        .filter(
            l ->
                l.contains("\"level\":\"ERROR\"")
                    && l.contains("inbound mail failed")
                    && l.contains(mustContain))
        .toList();
  }

  private static List<Integer> counts(List<String> lines) {
    List<Integer> out = new ArrayList<>();
    for (String l : lines) {
      Matcher m = RECEIVE_COUNT.matcher(l);
      out.add(m.find() ? Integer.parseInt(m.group(1)) : -1);
    }
    return out;
  }

  /** 1, 2, … up to the redrive policy's maxReceiveCount. */
  private static List<Integer> receiveCounts() {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= LocalMain.MAX_RECEIVES; i++) out.add(i);
    return out;
  }

  private static String queueDepth(SqsClient sqs, String url) {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return String.valueOf(
        Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            + Integer.parseInt(
                a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
  }

  /** Standard output as usual, and a copy to read the JSON log from. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream first, ByteArrayOutputStream copy) {
      this.first = first;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (copy) {
        copy.write(b, off, len);
      }
      try {
        first.write(b, off, len);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
    }
  }
}
