package dev.portal.shared.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.shared.domain.EventType;
import dev.portal.shared.domain.TicketEvent;
import dev.portal.shared.store.DynamoLimits;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, finding 6: one mail with 1,000 attachments stored 1,000 S3 objects of which the ticket
 * referenced 90. Whatever a mail holds, every object the channel stores is referenced by the
 * ticket, and the mail's event says how many parts were left out.
 */
class AttachmentCapsTest {
  private final MailPipeline pipeline = new MailPipeline();

  private static String manyAttachments(int count) {
    StringBuilder sb =
        new StringBuilder(
            "From: a@client.example\r\nTo: "
                + MailPipeline.MAILBOX
                + "\r\nSubject: many\r\n"
                + "Message-ID: <many@client.example>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n");
    for (int i = 0; i < count; i++) {
      sb.append(
              "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=f")
          .append(i)
          .append(".bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n");
    }
    return sb.append("--b--\r\n").toString();
  }

  @Test
  void aMailOfAThousandAttachmentsStoresOnlyWhatTheTicketReferences() throws IOException {
    List<Integer> alsoWrites = new java.util.ArrayList<>();
    var toMail = pipeline.tickets.alsoWrites;
    pipeline.tickets.alsoWrites =
        (tenant, also) -> {
          alsoWrites.add(also.size());
          toMail.accept(tenant, also);
        };
    pipeline.deliver(manyAttachments(1_000));

    Set<String> objects =
        pipeline.blobs.objects.keySet().stream()
            .filter(k -> k.startsWith(MailPipeline.BUCKET + "/" + EmailConfig.ATTACHMENT_PREFIX))
            .collect(Collectors.toSet());
    Set<String> referenced =
        pipeline.mail.attachments.values().stream()
            .map(a -> a.bucket() + "/" + a.key())
            .collect(Collectors.toSet());
    Set<String> orphans =
        objects.stream().filter(k -> !referenced.contains(k)).collect(Collectors.toSet());
    assertEquals(
        0, orphans.size(), () -> "stored objects no attachment references, of " + objects.size());
    assertEquals(InboundMailService.MAX_ATTACHMENT_EVENTS, referenced.size());
    assertEquals(referenced, objects);
    List<TicketEvent> events = pipeline.events(1);
    assertEquals(
        InboundMailService.MAX_ATTACHMENT_EVENTS,
        events.stream().filter(e -> e.type() == EventType.ATTACHMENT_ADDED).count());
    TicketEvent mail =
        events.stream().filter(e -> e.type() == EventType.EMAIL_RECEIVED).findFirst().orElseThrow();
    assertEquals(
        1_000 - InboundMailService.MAX_ATTACHMENT_EVENTS,
        ((Number) mail.data().get("attachmentsDropped")).intValue(),
        mail.data()::toString);
    // The create is one DynamoDB transaction (DynamoTicketStore.create): the ticket, its events and
    // the writes beside them (claim, mail-log entry, thread); one more for the routing's assigned,
    // which this pipeline's desk does not make, must still fit.
    int actions = 1 + events.size() + alsoWrites.getFirst();
    assertTrue(actions + 1 <= DynamoLimits.MAX_TRANSACTION_ITEMS, actions + " actions");
  }
}
