package dev.portal.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.portal.local.LocalLambdaContext;
import dev.portal.local.LocalMain;
import dev.portal.local.StreamPoller;
import dev.portal.shared.store.Keys;
import dev.portal.shared.store.MailStore;
import io.micronaut.json.tree.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The outbox on moto's DynamoDB stream (issue 9, "exactly once with no gap"): the change and the
 * mail it owes are one write; a replayed stream batch, a notifier that died holding a claim, and
 * one that died after SES accepted the mail each end in exactly one mail with its follow-ups.
 */
class OutboxIT {
  private final Fixtures f = new Fixtures();
  private final MailKit mail = new MailKit(f);

  private String alice() {
    return "alice@" + mail.globexDomain();
  }

  /**
   * A ticket opened by Alice's mail, owing her an acknowledgement (its created event, ev-<seq>-1).
   */
  private String mailTicket(String subject) {
    mail.addContact(f.globex, alice(), "Alice Example");
    mail.deliver(
        MailKit.message(
            "Alice <" + alice() + ">",
            mail.mailbox,
            subject,
            subject.replace(' ', '-') + "@" + mail.globexDomain(),
            "Help\n"));
    return mail.onlyLogEntry().get("ticketId").getStringValue();
  }

  private static long seq(String ticketId) {
    return Long.parseLong(ticketId.split("-")[1]);
  }

  private StreamPoller freshReader(
      java.util.function.BiFunction<DynamodbEvent, String, StreamsEventResponse> fn) {
    return new StreamPoller(
        mail.api.context.getBean(DynamoDbClient.class),
        LocalMain.streamsClient(),
        Backend.TABLE,
        null,
        fn);
  }

  @Test
  void theStreamCarriesExactlyTheEventsThatOweAMailWithTheirKind() {
    String ticketId = mailTicket("Printer on fire");
    assertEquals(201, f.comment(f.agent, ticketId, "{\"body\":\"On our way\"}").status());
    assertEquals(
        201, f.comment(f.agent, ticketId, "{\"body\":\"internal\",\"public\":false}").status());
    assertEquals(200, f.patch(f.agent, ticketId, "{\"status\":\"resolved\"}").status());

    List<String> owed = new ArrayList<>();
    freshReader(
            (event, id) -> {
              for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
                var image = r.getDynamodb().getNewImage();
                if (image == null || !image.containsKey(Keys.OUTBOX)) continue;
                var outbox = image.get(Keys.OUTBOX).getM();
                if (!f.tenant.equals(outbox.get(Keys.OUTBOX_TENANT).getS())) continue;
                owed.add(
                    r.getEventName()
                        + " "
                        + outbox.get(Keys.OUTBOX_KIND).getS()
                        + " "
                        + image.get("id").getS());
              }
              return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
            })
        .drain();
    long s = seq(ticketId);
    assertEquals(
        List.of(
            "INSERT acknowledgement ev-" + s + "-1",
            "INSERT agent_reply ev-" + s + "-3",
            "INSERT resolved ev-" + s + "-5"),
        owed);
  }

  @Test
  void aReplayedStreamSendsEachMailOnce() {
    String ticketId = mailTicket("Replay me");
    assertEquals(201, f.comment(f.agent, ticketId, "{\"body\":\"Restarted it\"}").status());
    mail.drainOutbound();
    assertEquals(2, mail.sentTo(alice()).size(), "the acknowledgement and the reply");

    // Lambda retries a batch whole after a timeout: the same records from the stream's start,
    // through the real function.
    int replayed =
        freshReader((event, id) -> mail.api.outbox.handle(event, new LocalLambdaContext(id)))
            .drain();
    assertTrue(replayed >= 2, "replayed " + replayed);
    mail.drainOutbound();
    assertEquals(
        2, mail.sentTo(alice()).size(), () -> "still one of each: " + mail.sentTo(alice()));
  }

  @Test
  void aNotifierThatDiedHoldingTheClaimIsTakenOverOnceItsLeaseRunsOut()
      throws InterruptedException {
    String ticketId = mailTicket("Lease");
    MailStore store = mail.api.context.getBean(MailStore.class);
    // A lease long enough that no machine, however loaded, reaches it while the test looks.
    Instant now = Instant.now();
    String key = "ev-" + seq(ticketId) + "-1";
    assertTrue(
        store
            .claimOutbound(f.tenant, key, "died-before-ses", now, now.plus(Duration.ofMinutes(10)))
            .isEmpty());

    mail.drainOutbound();
    assertEquals(0, mail.sentTo(alice()).size(), "held off while the dead sender's lease runs");
    // Ten minutes pass: the lease runs out (moved back in our own item rather than waited for). The
    // queue hands the
    // mail over again after its visibility timeout (5 s), within its 3 receives, and that delivery
    // takes the claim over.
    mail.api
        .context
        .getBean(DynamoDbClient.class)
        .updateItem(
            r ->
                r.tableName(Backend.TABLE)
                    .key(
                        java.util.Map.of(
                            "pk",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                Keys.outboundPk(f.tenant, key)),
                            "sk",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                Keys.outboundSk())))
                    .updateExpression("SET leaseUntil = :past")
                    .expressionAttributeValues(
                        java.util.Map.of(
                            ":past",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                dev.portal.shared.domain.Times.iso(now.minusSeconds(1))))));
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (mail.sentTo(alice()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(500);
      mail.drainOutbound();
    }
    assertEquals(1, mail.sentTo(alice()).size());
  }

  @Test
  void aNotifierThatDiedAfterSesAcceptedLeavesTheFollowUpsToTheNextDeliveryWhichSendsNothing() {
    String ticketId = mailTicket("After the send");
    MailStore store = mail.api.context.getBean(MailStore.class);
    String key = "ev-" + seq(ticketId) + "-1";
    Instant now = Instant.now();
    assertTrue(
        store.claimOutbound(f.tenant, key, "died-after-ses", now, now.plusSeconds(60)).isEmpty());
    String messageId = "sent-before-dying@" + mail.mailbox.substring(mail.mailbox.indexOf('@') + 1);
    assertTrue(
        store.outboundSent(
            f.tenant,
            key,
            "died-after-ses",
            new MailStore.SentMail(
                mail.mailbox, alice(), "[X] After the send", messageId, "0100019-ses-id", null)));

    mail.drainOutbound();
    assertEquals(List.of(), mail.sentTo(alice()), "SES accepted it once already");
    JsonNode sent = null;
    for (JsonNode e : f.events(f.agent, ticketId).items().values()) {
      if ("email_sent".equals(e.get("type").getStringValue())) sent = e;
    }
    assertTrue(sent != null, "the email_sent event is written by the next delivery");
    assertEquals(messageId, sent.get("data").get("messageId").getStringValue());
    assertEquals("0100019-ses-id", sent.get("data").get("sesMessageId").getStringValue());
    assertEquals(
        seq(ticketId),
        store.ticketOfMessage(f.tenant, messageId).orElseThrow(),
        "replies quoting it thread");
  }

  @Test
  void aFailedRecordIsReadAgainAndTheOnesBeforeItAreNot() {
    mailTicket("Checkpoint");
    List<String> seen = new ArrayList<>();
    boolean[] failed = {false};
    StreamPoller reader =
        freshReader(
            (event, id) -> {
              for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
                String sequence = r.getDynamodb().getSequenceNumber();
                seen.add(sequence);
                // The third record of the table fails once, as a throttled SendMessage would.
                if (seen.size() == 3 && !failed[0]) {
                  failed[0] = true;
                  return StreamsEventResponse.builder()
                      .withBatchItemFailures(
                          List.of(
                              StreamsEventResponse.BatchItemFailure.builder()
                                  .withItemIdentifier(sequence)
                                  .build()))
                      .build();
                }
              }
              return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
            });
    reader.drain();
    assertTrue(failed[0], "the table had three records");
    String third = seen.get(2);
    assertEquals(
        2, seen.stream().filter(third::equals).count(), () -> "the failed one again: " + seen);
    assertEquals(
        seen.size(), seen.stream().distinct().count() + 1, () -> "nothing else twice: " + seen);
    assertEquals(0, reader.drain(), "the checkpoint is past everything now");
  }
}
